/**
 * Multi-process entry: `node dist/cluster.js` with NESTFLOW_WORKERS=N (default: the CPU count)
 * forks N workers that each run the normal server (main.ts) on the same port; node:cluster hands
 * out connections round-robin. The first worker starts alone so that it runs the migrations and
 * creates the superuser before the others open the database (SQLite in WAL mode then serves every
 * process). A worker that dies is replaced. With NESTFLOW_PROCESS_ROLE=worker (no HTTP listener) they all
 * start at once.
 *
 * In-process state is per worker, so:
 * - without LANGFLOW_REDIS_URL the workers get LANGFLOW_EVENT_DELIVERY=direct (as Langflow does with
 *   several workers): a Playground build streams on its own request instead of a job id another
 *   worker would not know;
 * - socket.io clients must use `transports: ['websocket']` (long-polling needs sticky sessions), and
 *   without Redis a socket only sees the session messages stored by its own worker.
 */
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';

const RESTART_DELAY_MS = 1000;

function workerCount(): number {
  const raw = process.env.NESTFLOW_WORKERS;
  if (raw === undefined || raw === '') return availableParallelism();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 256) {
    process.stderr.write(`Invalid configuration:\n  - NESTFLOW_WORKERS: expected an integer between 1 and 256, got "${raw}"\n`);
    process.exit(2);
  }
  return n;
}

function runPrimary(): void {
  const count = workerCount();
  const env: Record<string, string> = { NESTFLOW_WORKER: '1' };
  if (!process.env.LANGFLOW_REDIS_URL && count > 1) env.LANGFLOW_EVENT_DELIVERY = 'direct';
  let stopping = false;
  let firstUp = false;

  const fork = (): void => {
    cluster.fork(env);
  };

  const forkRest = (): void => {
    if (firstUp) return;
    firstUp = true;
    for (let i = 1; i < count; i++) fork();
  };
  cluster.on('listening', forkRest);
  // A worker-role process never listens: start them all at once (queue mode runs on a shared
  // database whose migrations take a lock, see README "Running on Postgres").
  if (process.env.NESTFLOW_PROCESS_ROLE === 'worker') cluster.once('online', forkRest);
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    if (!firstUp) {
      // The first worker could not start (bad configuration, database down): do not loop.
      process.exit(code ?? 1);
    }
    process.stderr.write(`Nestflow worker ${worker.process.pid} exited (${signal ?? code}); starting another\n`);
    setTimeout(fork, RESTART_DELAY_MS).unref();
  });

  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(0);
    for (const worker of workers) worker?.process.kill(signal);
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  fork();
}

if (cluster.isPrimary && workerCount() > 1) {
  runPrimary();
} else {
  // One worker (or a forked worker): the ordinary single-process server.
  require('./main');
}
