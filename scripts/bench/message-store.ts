/**
 * Message store throughput (not a test): inserts 20,000 messages through DbMessageStore the way
 * runs do (a user and an AI message per run, many sessions, concurrent), then measures Memory
 * reads, a mixed read+write "run" loop, RunRecorder transactions with retention, and a TypeORM
 * save() baseline for comparison.
 *
 *   npx ts-node --swc scripts/bench/message-store.ts                 SQLite file in a temp dir
 *   BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench npx ts-node --swc scripts/bench/message-store.ts
 *   BENCH_MESSAGES=50000 BENCH_CONCURRENCY=64 ...
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { ServerConfig } from '../../src/config/config.module';
import { buildDataSourceOptions } from '../../src/database/data-source.options';
import { DatabaseConfig } from '../../src/database/database-config';
import { runMigrations } from '../../src/database/migrate';
import { Message } from '../../src/engine/schema/message';
import { DbMessageStore } from '../../src/monitor/db-message-store';
import { MessageEvents } from '../../src/monitor/message-events';
import { MessageRow } from '../../src/monitor/message.entity';
import { RunRecorder } from '../../src/monitor/run-recorder';

const N = Number(process.env.BENCH_MESSAGES || 20000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 32);
const SESSIONS = 200;
const PG_URL = process.env.BENCH_DATABASE_URL;

function pct(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}

async function timed(label: string, count: number, unit: string, fn: (lat: number[]) => Promise<void>): Promise<void> {
  const lat: number[] = [];
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await fn(lat);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuUs = (cpu.user + cpu.system) / count;
  lat.sort((a, b) => a - b);
  const rate = Math.round((count / ms) * 1000);
  const extra = lat.length ? `  p50 ${pct(lat, 50).toFixed(3)} ms  p99 ${pct(lat, 99).toFixed(3)} ms` : '';
  // CPU time per item is what a busy machine cannot distort: 1e6 / it = items per second per core.
  console.log(`${label.padEnd(46)} ${String(count).padStart(6)} ${unit} in ${ms.toFixed(0).padStart(5)} ms = ${String(rate).padStart(7)} ${unit}/s  cpu ${cpuUs.toFixed(1)} us/${unit.replace(/s$/, '')} (${Math.round(1e6 / cpuUs)}/s per core)${extra}`);
}

/** Runs `count` jobs with `concurrency` in flight. */
async function pool(count: number, concurrency: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await job(next++);
  }));
}

async function main(): Promise<void> {
  let db: DatabaseConfig;
  let cleanup: () => Promise<void>;
  if (PG_URL) {
    const name = `nestflow_bench_${Date.now().toString(36)}`;
    const admin = new Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    db = { type: 'postgres', url: url.toString() };
    cleanup = async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'nestflow-bench-'));
    db = { type: 'sqlite', path: join(dir, 'bench.db') };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  const ds = await new DataSource(buildDataSourceOptions(db)).initialize();
  await runMigrations(ds);
  const userId = randomUUID();
  const flowId = randomUUID();
  const now = new Date();
  await ds.query(
    ds.options.type === 'postgres'
      ? `INSERT INTO "user" ("id", "username", "password", "is_active", "is_superuser", "create_at", "updated_at") VALUES ($1, 'bench', 'x', true, false, $2, $2)`
      : `INSERT INTO "user" ("id", "username", "password", "is_active", "is_superuser", "create_at", "updated_at") VALUES (?, 'bench', 'x', 1, 0, ?, ?)`,
    ds.options.type === 'postgres' ? [userId, now] : [userId, now.toISOString(), now.toISOString()],
  );
  await ds.query(
    ds.options.type === 'postgres'
      ? `INSERT INTO "flow" ("id", "name", "updated_at", "user_id") VALUES ($1, 'bench', $2, $3)`
      : `INSERT INTO "flow" ("id", "name", "updated_at", "user_id") VALUES (?, 'bench', ?, ?)`,
    [flowId, ds.options.type === 'postgres' ? now : now.toISOString(), userId],
  );

  const store = new DbMessageStore(ds, new MessageEvents());
  const msg = (i: number, ai: boolean) =>
    new Message({
      text: ai ? `Answer number ${i} with a little more text, as a model would write it.` : `Question ${i}?`,
      sender: ai ? 'Machine' : 'User',
      sender_name: ai ? 'AI' : 'User',
      session_id: `session-${i % SESSIONS}`,
      flow_id: flowId,
      properties: ai ? { source: { id: 'ChatOutput-x', display_name: 'Chat Output', source: 'ChatOutput-x' } } : undefined,
    });

  console.log(`driver ${db.type}, ${N} messages, concurrency ${CONCURRENCY}, ${SESSIONS} sessions`);

  await timed('insert (2 add() per run, incl. final flush)', N, 'msgs', async (lat) => {
    await pool(N / 2, CONCURRENCY, async (i) => {
      const t = performance.now();
      await store.add(msg(i, false));
      await store.add(msg(i, true));
      lat.push(performance.now() - t);
    });
    await store.flush();
  });

  const reads = 5000;
  await timed('Memory read list(session, DESC, limit 10)', reads, 'reads', async (lat) => {
    await pool(reads, CONCURRENCY, async (i) => {
      const t = performance.now();
      const rows = await store.list({ session_id: `session-${i % SESSIONS}`, order: 'DESC', limit: 10 });
      if (rows.length !== 10) throw new Error(`expected 10 rows, got ${rows.length}`);
      lat.push(performance.now() - t);
    });
  });

  const runs = 5000;
  await timed('run loop (list 10 + 2 add(), read-your-writes)', runs, 'runs', async (lat) => {
    await pool(runs, CONCURRENCY, async (i) => {
      const t = performance.now();
      await store.list({ session_id: `session-${i % SESSIONS}`, order: 'DESC', limit: 10 });
      await store.add(msg(i, false));
      await store.add(msg(i, true));
      lat.push(performance.now() - t);
    });
    await store.flush();
  });

  const config = { maxTransactionsToKeep: 3000, maxVertexBuildsToKeep: 3000, maxVertexBuildsPerVertex: 2 } as ServerConfig;
  const recorder = new RunRecorder(ds, config);
  const tx = 20000;
  await timed('RunRecorder transactions (cap 3000/flow)', tx, 'rows', async () => {
    for (let i = 0; i < tx; i++) {
      recorder.recordTransaction({ flow_id: flowId, vertex_id: `Prompt-${i % 3}`, target_id: 'ChatOutput-x', inputs: { template: 'Answer: {q}', q: `q${i}` }, outputs: { prompt: { message: `Answer: q${i}`, type: 'text' } }, status: 'success' });
      if (i % 256 === 0) await new Promise((r) => setImmediate(r));
    }
    await recorder.prune();
  });
  const kept = Number((await ds.query('SELECT COUNT(*) AS n FROM "transaction"'))[0].n);
  console.log(`  transactions kept after pruning: ${kept}`);

  const saves = 2000;
  const repo = ds.getRepository(MessageRow);
  await timed('baseline: TypeORM repository.save() one by one', saves, 'msgs', async (lat) => {
    await pool(saves, CONCURRENCY, async (i) => {
      const t = performance.now();
      await repo.save(Object.assign(new MessageRow(), {
        id: randomUUID(), timestamp: new Date(), sender: 'User', sender_name: 'User', session_id: `base-${i % SESSIONS}`,
        context_id: null, text: `Question ${i}?`, files: '[]', error: false, edit: false, properties: {}, category: 'message', content_blocks: [], flow_id: flowId,
      }));
      lat.push(performance.now() - t);
    });
  });

  const total = Number((await ds.query('SELECT COUNT(*) AS n FROM "message"'))[0].n);
  console.log(`  message rows: ${total}`);
  await ds.destroy();
  await cleanup();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
