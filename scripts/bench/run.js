#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: builds, then measures Nestflow (dist/main.js) against a bare NestJS endpoint.
 *
 *   npm run bench                       full run (a few minutes)
 *   node scripts/bench/run.js --quick   shorter windows, 5,000 runs for the RSS check
 *   node scripts/bench/run.js --profile also CPU-profiles the trivial /run window (and the queue-mode
 *                                       window) and prints the top self-time functions
 *                                       (bench-results/run.cpuprofile, queue.cpuprofile)
 *   node scripts/bench/run.js --only=trivial,ttft   a subset: ready, bare, trivial, rss, ttft, queue
 *   BENCH_ACCEPT_ENCODING=none          /run requests without Accept-Encoding (default "gzip, deflate",
 *                                       as python-requests and fetch send)
 *   BENCH_NODE_OPTIONS="--max-semi-space-size=32"   node flags for the Nestflow child (GC tuning)
 *   BENCH_WORKERS=N                     runs dist/cluster.js with NESTFLOW_WORKERS=N (cluster mode;
 *                                       RSS then sums the primary and its workers)
 *
 * Scenarios (32 connections unless noted):
 *   ready      process start -> first green GET /health_check (polled every 10 ms)
 *   bare       a one-route Nest app (scripts/bench/bare-app.js), POST returning a small JSON
 *   trivial    POST /api/v1/run/<ChatInput->Prompt->ChatOutput>, messages stored, x-api-key auth
 *   rss        VmRSS of a fresh Nestflow process idle, before and after 20,000 trivial runs, and
 *              after a full GC (the live set; asked over IPC from scripts/bench/cpu-profile-hook.js)
 *   ttft       ?stream=true through ChatInput->OpenAI->ChatOutput against the fake OpenAI server
 *              (50 ms between chunks): client time to the first `token` event minus the fake
 *              server's own time from request arrival to its first content chunk (sequential)
 *   queue      trivial runs/s with LANGFLOW_REDIS_URL (skipped when Redis does not answer)
 *
 * Prints a table and writes bench-results/bench.json. Exits 1 when a measured run has more than
 * 0.1% errors or non-2xx answers, or when a scenario cannot run.
 */
const { spawn } = require('node:child_process');
const { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } = require('node:fs');
const net = require('node:net');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const autocannon = require('autocannon');

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS_DIR = path.join(ROOT, 'bench-results');
const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const PROFILE = args.has('--profile');
// --only=trivial,rss ... runs a subset (for iterating on one number); the default is everything.
const ONLY = (process.argv.find((a) => a.startsWith('--only=')) || '').slice('--only='.length).split(',').filter(Boolean);
const wants = (name) => ONLY.length === 0 || ONLY.includes(name);
const CONNECTIONS = 32;
const WARMUP_S = Number(process.env.BENCH_WARMUP_S || (QUICK ? 2 : 3));
const DURATION_S = Number(process.env.BENCH_DURATION_S || (QUICK ? 5 : 10));
const RSS_RUNS = Number(process.env.BENCH_RSS_RUNS || (QUICK ? 5000 : 20000));
const TTFT_SAMPLES = Number(process.env.BENCH_TTFT_SAMPLES || (QUICK ? 15 : 40));
const FAKE_CHUNK_DELAY_MS = 50;
const MAX_ERROR_RATE = 0.001;
// What Langflow's clients send (python-requests, fetch); BENCH_ACCEPT_ENCODING=none sends no header.
const ACCEPT_ENCODING = process.env.BENCH_ACCEPT_ENCODING === 'none' ? null : process.env.BENCH_ACCEPT_ENCODING || 'gzip, deflate';
const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const SUPERUSER = 'bench';
const SUPERUSER_PASSWORD = 'bench-password-123';
const TARGETS = { runsPerSec: 1500, p99Ms: 25, rssMb: 250, readyMs: 1500 };

const failures = [];
const children = new Set();

// ---------------------------------------------------------------- processes

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function spawnChild(label, argv, env, ipc = false) {
  const child = spawn(process.execPath, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const log = [];
  const keep = (chunk) => {
    log.push(chunk.toString());
    if (log.length > 200) log.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => { children.delete(child); resolve({ code, signal }); }));
  return { label, child, pid: child.pid, log, exited, output: () => log.join('') };
}

async function stopChild(proc, timeoutMs = 10000) {
  if (!proc || proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill('SIGTERM');
  const done = await Promise.race([proc.exited, sleep(timeoutMs).then(() => null)]);
  if (!done) {
    proc.child.kill('SIGKILL');
    await proc.exited;
  }
}

function httpGetStatus(port, urlPath) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false, timeout: 1000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => { req.destroy(); resolve(0); });
  });
}

/** Spawns dist/main.js and polls /health_check every 10 ms; readyMs counts from spawn(). */
async function startNestflow(label, configDir, extraEnv = {}, nodeArgs = []) {
  const port = await freePort();
  const env = {
    LANGFLOW_CONFIG_DIR: configDir,
    LANGFLOW_HOST: '127.0.0.1',
    LANGFLOW_PORT: String(port),
    LANGFLOW_AUTO_LOGIN: 'false',
    LANGFLOW_SUPERUSER: SUPERUSER,
    LANGFLOW_SUPERUSER_PASSWORD: SUPERUSER_PASSWORD,
    LANGFLOW_SECRET_KEY: 'nestflow-bench-secret-key-0123456789',
    LANGFLOW_LOG_LEVEL: 'error',
    LANGFLOW_DATABASE_URL: '',
    LANGFLOW_REDIS_URL: '',
    NODE_ENV: 'production',
    ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
    ...(process.env.BENCH_WORKERS ? { NESTFLOW_WORKERS: process.env.BENCH_WORKERS } : {}),
    ...extraEnv,
  };
  const started = performance.now();
  const entry = process.env.BENCH_WORKERS ? 'cluster.js' : 'main.js';
  const proc = spawnChild(label, [...nodeArgs, path.join(ROOT, 'dist', entry)], env, nodeArgs.length > 0);
  const deadline = started + 60000;
  for (;;) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
      throw new Error(`${label}: Nestflow exited before it was ready:\n${proc.output()}`);
    }
    if ((await httpGetStatus(port, '/health_check')) === 200) break;
    if (performance.now() > deadline) {
      await stopChild(proc);
      throw new Error(`${label}: /health_check not green after 60 s:\n${proc.output()}`);
    }
    await sleep(10);
  }
  const readyMs = performance.now() - started;
  return { ...proc, port, base: `http://127.0.0.1:${port}`, readyMs };
}

async function startBare() {
  const port = await freePort();
  const proc = spawnChild('bare', [path.join(__dirname, 'bare-app.js'), String(port)], { NODE_ENV: 'production' });
  for (let i = 0; i < 3000; i++) {
    if (/listening \d+/.test(proc.output())) return { ...proc, port, base: `http://127.0.0.1:${port}` };
    if (proc.child.exitCode !== null) break;
    await sleep(10);
  }
  await stopChild(proc);
  throw new Error(`bare app did not start:\n${proc.output()}`);
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  return m ? +(Number(m[1]) / 1024).toFixed(1) : null;
}

/** RSS of the process and, in cluster mode, its direct children (the workers). */
function treeRssMb(pid) {
  let total = rssMb(pid) ?? 0;
  try {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    for (const kid of kids) total += rssMb(kid) ?? 0;
  } catch {
    /* no children file: single process */
  }
  return +total.toFixed(1);
}

/** CPU seconds (user + system) used so far by a process and, in cluster mode, its workers. */
const CLOCK_TICKS = 100;
function cpuSeconds(pid) {
  const one = (p) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    } catch {
      return 0;
    }
  };
  let total = one(pid);
  try {
    for (const kid of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) total += one(kid);
  } catch {
    /* single process */
  }
  return total;
}

// ---------------------------------------------------------------- API setup

async function api(base, method, urlPath, { headers = {}, json, form } = {}) {
  const init = { method, headers: { ...headers } };
  if (json !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(json);
  } else if (form !== undefined) {
    init.headers['content-type'] = 'application/x-www-form-urlencoded';
    init.body = new URLSearchParams(form).toString();
  }
  const res = await fetch(base + urlPath, init);
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

function expectStatus(res, status, what) {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
  return res.body;
}

/** Logs in as the bench superuser, creates an API key and uploads the flows. */
async function setupUser(server) {
  const login = expectStatus(
    await api(server.base, 'POST', '/api/v1/login', { form: { username: SUPERUSER, password: SUPERUSER_PASSWORD } }),
    200,
    'POST /api/v1/login',
  );
  const bearer = { authorization: `Bearer ${login.access_token}` };
  const key = expectStatus(await api(server.base, 'POST', '/api/v1/api_key/', { headers: bearer, json: { name: 'bench' } }), 200, 'POST /api/v1/api_key/');
  return { bearer, apiKey: key.api_key };
}

async function uploadFlow(server, user, file, mutate = (f) => f) {
  const flow = mutate(JSON.parse(readFileSync(path.join(__dirname, 'flows', file), 'utf8')));
  const { id, ...body } = flow;
  const res = await api(server.base, 'POST', '/api/v1/flows/', { headers: user.bearer, json: { ...body, name: `${body.name} ${Date.now()}` } });
  return expectStatus(res, 201, `POST /api/v1/flows/ (${file})`).id;
}

// ---------------------------------------------------------------- load

function cannon(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, pipelining: 1, timeout: 30, ...opts }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function summariseLoad(result) {
  const ok = result['2xx'];
  const total = ok + result.non2xx + result.errors + result.timeouts;
  const bad = result.non2xx + result.errors + result.timeouts;
  return {
    requests: total,
    ok,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    errorRate: total ? +(bad / total).toFixed(5) : 1,
    durationS: +result.duration.toFixed(2),
    rps: +(ok / result.duration).toFixed(0),
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: +result.latency.mean.toFixed(2) },
  };
}

function checkErrors(name, load) {
  if (load.errorRate > MAX_ERROR_RATE) {
    failures.push(`${name}: ${load.non2xx} non-2xx, ${load.errors} errors, ${load.timeouts} timeouts of ${load.requests} requests (> ${MAX_ERROR_RATE * 100}%)`);
  }
}

/**
 * One load window; with `pid`, also the server's CPU time per answered request (user + system,
 * from /proc), which stays meaningful on a busy machine where throughput does not.
 */
async function load(request, window, pid) {
  const cpuBefore = pid ? cpuSeconds(pid) : 0;
  const summary = summariseLoad(await cannon({ ...request, ...window }));
  if (pid && summary.ok) summary.serverCpuMsPerRequest = +(((cpuSeconds(pid) - cpuBefore) * 1000) / summary.ok).toFixed(3);
  return summary;
}

/** Warm-up (not recorded) then a measured window; both at 32 connections. */
async function measure(name, request, { warmupS = WARMUP_S, durationS = DURATION_S, amount, pid } = {}) {
  const warm = summariseLoad(await cannon({ ...request, duration: warmupS }));
  checkErrors(`${name} warm-up`, warm);
  const result = await load(request, amount ? { amount } : { duration: durationS }, pid);
  checkErrors(name, result);
  return result;
}

function runRequest(server, flowId, apiKey, inputValue = 'hello') {
  return {
    url: `${server.base}/api/v1/run/${flowId}?stream=false`,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey, ...(ACCEPT_ENCODING ? { 'accept-encoding': ACCEPT_ENCODING } : {}) },
    body: JSON.stringify({ input_value: inputValue, input_type: 'chat', output_type: 'chat' }),
  };
}

async function checkTrivialAnswer(server, flowId, apiKey) {
  const req = runRequest(server, flowId, apiKey, 'ping');
  const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body });
  const body = await res.json().catch(() => null);
  const text = body?.outputs?.[0]?.outputs?.[0]?.results?.message?.text;
  if (res.status !== 200 || text !== 'Answer briefly: ping') {
    throw new Error(`trivial flow answered ${res.status} ${JSON.stringify(body).slice(0, 400)}`);
  }
}

// ---------------------------------------------------------------- time to first token

/**
 * Starts the fake OpenAI server in this process, with its http.createServer handler wrapped so
 * each request records (on this process's clock) when it arrived and when its first content chunk
 * was written: the fake's own time to first token.
 */
async function startTimedFake() {
  const origCreate = http.createServer;
  const timings = [];
  http.createServer = function patched(...a) {
    const handler = a.find((x) => typeof x === 'function');
    const wrapped = (req, res) => {
      const rec = { path: req.url, arrivedAt: performance.now(), firstContentAt: null };
      if (req.url.endsWith('/chat/completions')) timings.push(rec);
      const write = res.write;
      res.write = function timedWrite(chunk, ...rest) {
        if (rec.firstContentAt === null && /"content":"[^"]/.test(String(chunk))) rec.firstContentAt = performance.now();
        return write.call(this, chunk, ...rest);
      };
      return handler(req, res);
    };
    return origCreate.call(http, ...a.map((x) => (x === handler ? wrapped : x)));
  };
  try {
    const { startFakeOpenAI } = require(path.join(ROOT, 'test', 'support', 'fake-openai'));
    const fake = await startFakeOpenAI({ port: 0, chunkDelayMs: FAKE_CHUNK_DELAY_MS });
    return { fake, timings };
  } finally {
    http.createServer = origCreate;
  }
}

/** One streamed run; resolves with client-side times (ms since send) of the first token and of end. */
async function streamedRun(server, flowId, apiKey, text) {
  const started = performance.now();
  const res = await fetch(`${server.base}/api/v1/run/${flowId}?stream=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({ input_value: text }),
  });
  if (res.status !== 200) throw new Error(`stream run answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  const decoder = new TextDecoder();
  let buffer = '';
  let firstTokenAt = null;
  let sawEnd = false;
  let tokens = 0;
  for await (const chunk of res.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (!line) continue;
      const event = JSON.parse(line);
      if (event.event === 'token' && event.data?.chunk) {
        tokens++;
        if (firstTokenAt === null) firstTokenAt = performance.now();
      }
      if (event.event === 'end') sawEnd = true;
    }
  }
  if (firstTokenAt === null || !sawEnd) throw new Error(`stream run: ${tokens} tokens, end event ${sawEnd ? 'seen' : 'missing'}`);
  return { started, firstTokenAt, endedAt: performance.now(), tokens };
}

function pct(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return +sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(2);
}

async function measureTtft(server, user, fake, timings, profileFile = null) {
  const flowId = await uploadFlow(server, user, 'llm-stream.json', (flow) => {
    const model = flow.data.nodes.find((n) => n.data.type === 'OpenAIModel');
    model.data.node.template.openai_api_base.value = fake.url;
    return flow;
  });
  for (let i = 0; i < 5; i++) await streamedRun(server, flowId, user.apiKey, `warm up ${i}`);
  if (profileFile) {
    // Profiling the server's half of streamed runs (the fake model's 50 ms waits show as idle).
    await profilerCommand(server, 'cpu-profile:start', 'cpu-profile:started');
    for (let i = 0; i < TTFT_SAMPLES * 5; i++) await streamedRun(server, flowId, user.apiKey, `profiled question ${i}`);
    await profilerCommand(server, `cpu-profile:stop:${profileFile}`, 'cpu-profile:written');
  }
  const samples = [];
  for (let i = 0; i < TTFT_SAMPLES; i++) {
    const before = timings.length;
    const run = await streamedRun(server, flowId, user.apiKey, `bench question ${i} about streaming`);
    const fakeSide = timings.slice(before);
    if (fakeSide.length !== 1 || fakeSide[0].firstContentAt === null) throw new Error(`ttft: expected one LLM call per run, saw ${fakeSide.length}`);
    const f = fakeSide[0];
    const clientTtft = run.firstTokenAt - run.started;
    const llmTtft = f.firstContentAt - f.arrivedAt;
    samples.push({
      clientTtft,
      llmTtft,
      overhead: clientTtft - llmTtft,
      beforeLlm: f.arrivedAt - run.started,
      relay: run.firstTokenAt - f.firstContentAt,
    });
  }
  const col = (k) => samples.map((s) => s[k]);
  return {
    samples: samples.length,
    fakeChunkDelayMs: FAKE_CHUNK_DELAY_MS,
    clientTtftMs: { p50: pct(col('clientTtft'), 50), p99: pct(col('clientTtft'), 99) },
    llmTtftMs: { p50: pct(col('llmTtft'), 50), p99: pct(col('llmTtft'), 99) },
    overheadMs: { p50: pct(col('overhead'), 50), p99: pct(col('overhead'), 99) },
    beforeLlmMs: { p50: pct(col('beforeLlm'), 50), p99: pct(col('beforeLlm'), 99) },
    relayMs: { p50: pct(col('relay'), 50), p99: pct(col('relay'), 99) },
  };
}

// ---------------------------------------------------------------- redis

function redisAnswers(url) {
  return new Promise((resolve) => {
    const u = new URL(url);
    const socket = net.connect({ host: u.hostname, port: Number(u.port || 6379), timeout: 1000 });
    let done = false;
    const finish = (ok) => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve(ok);
    };
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => finish(/^\+PONG|^-NOAUTH/.test(d.toString())));
    socket.on('error', () => finish(false));
    socket.on('timeout', () => finish(false));
  });
}

// ---------------------------------------------------------------- profile

/** Asks the hook for a full GC and process.memoryUsage(). */
function memoryAfterGc(proc, timeoutMs = 30000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.child.off('message', onMessage);
      reject(new Error('memory: no answer from the server'));
    }, timeoutMs);
    const onMessage = (message) => {
      if (typeof message === 'string' && message.startsWith('memory:')) {
        clearTimeout(timer);
        proc.child.off('message', onMessage);
        resolve(JSON.parse(message.slice('memory:'.length)));
      }
    };
    proc.child.on('message', onMessage);
    proc.child.send('memory');
  });
}

/** Sends a command to the profiler hook over IPC and waits for its answer. */
function profilerCommand(proc, command, answer, timeoutMs = 30000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.child.off('message', onMessage);
      reject(new Error(`profiler: no "${answer}" from the server`));
    }, timeoutMs);
    const onMessage = (message) => {
      if (typeof message === 'string' && message.startsWith('cpu-profile:')) {
        clearTimeout(timer);
        proc.child.off('message', onMessage);
        if (message === answer) resolve();
        else reject(new Error(`profiler: ${message}`));
      }
    };
    proc.child.on('message', onMessage);
    proc.child.send(command);
  });
}

// ---------------------------------------------------------------- report

function fmt(v, unit = '') {
  return v === null || v === undefined ? '—' : `${v}${unit}`;
}

function printTable(results) {
  const rows = [];
  const t = results.trivial;
  const b = results.bare;
  const cpu = (x) => (x?.serverCpuMsPerRequest === undefined ? '' : `; server CPU ${x.serverCpuMsPerRequest} ms/req`);
  rows.push(['bare Nest endpoint', `${fmt(b?.rps)} req/s`, `p50 ${fmt(b?.latencyMs.p50)} / p99 ${fmt(b?.latencyMs.p99)} ms${cpu(b)}`, '']);
  rows.push(['trivial flow /run', `${fmt(t?.rps)} runs/s`, `p50 ${fmt(t?.latencyMs.p50)} / p99 ${fmt(t?.latencyMs.p99)} ms${cpu(t)}`, `≥ ${TARGETS.runsPerSec} runs/s, p99 ≤ ${TARGETS.p99Ms} ms`]);
  rows.push([
    'trivial / bare',
    results.ratioToBare === null ? '—' : `${(results.ratioToBare * 100).toFixed(1)} %`,
    t?.serverCpuMsPerRequest && b?.serverCpuMsPerRequest ? `CPU per request ${(t.serverCpuMsPerRequest / b.serverCpuMsPerRequest).toFixed(1)}× the bare app's` : '',
    '',
  ]);
  const r = results.rss;
  rows.push([
    `RSS over ${RSS_RUNS} runs`,
    r ? `${r.beforeMb} → ${r.afterMb} MB` : '—',
    r ? `idle ${r.idleMb} MB${r.afterGcMb === null ? '' : `; after a full GC ${r.afterGcMb} MB (heap used ${r.heapUsedAfterGcMb} MB)`}; ${r.load.rps} runs/s` : '',
    `≤ ${TARGETS.rssMb} MB`,
  ]);
  const f = results.ttft;
  rows.push([
    'stream TTFT overhead',
    f ? `p50 ${f.overheadMs.p50} ms` : results.ttftSkipped || '—',
    f ? `p99 ${f.overheadMs.p99} ms (client ${f.clientTtftMs.p50} − LLM ${f.llmTtftMs.p50}; before LLM ${f.beforeLlmMs.p50}, relay ${f.relayMs.p50})` : '',
    '',
  ]);
  const q = results.queue;
  rows.push([
    'queue mode /run',
    q ? `${q.rps} runs/s` : results.queueSkipped || '—',
    q ? `p50 ${q.latencyMs.p50} / p99 ${q.latencyMs.p99} ms${cpu(q)}${results.queueRatio === null ? '' : `; ${(results.queueRatio * 100).toFixed(1)} % of in-process`}` : '',
    '',
  ]);
  rows.push(['ready (/health_check)', `${fmt(results.readyMs)} ms`, results.readyRuns ? `runs: ${results.readyRuns.join(', ')} ms` : '', `≤ ${TARGETS.readyMs} ms`]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => String(row[i]).length), ['scenario', 'result', 'detail', 'target'][i].length));
  const line = (cells) => '  ' + cells.map((c, i) => String(c).padEnd(widths[i])).join('  │ ') + '\n';
  process.stdout.write(`\nNestflow bench — ${results.connections} connections, ${results.durationS} s windows after ${results.warmupS} s warm-up, node ${process.version}, ${os.cpus().length} CPUs${results.workers ? `, NESTFLOW_WORKERS=${results.workers}` : ''}\n\n`);
  process.stdout.write(line(['scenario', 'result', 'detail', 'target']));
  process.stdout.write('  ' + widths.map((w) => '─'.repeat(w)).join('──┼─') + '\n');
  for (const row of rows) process.stdout.write(line(row));
}

// ---------------------------------------------------------------- main

async function main() {
  if (!existsSync(path.join(ROOT, 'dist', 'main.js'))) throw new Error('dist/main.js is missing: run `npm run build` (npm run bench does)');
  mkdirSync(RESULTS_DIR, { recursive: true });
  const configDir = mkdtempSync(path.join(os.tmpdir(), 'nestflow-bench-'));
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    connections: CONNECTIONS,
    warmupS: WARMUP_S,
    durationS: DURATION_S,
    workers: process.env.BENCH_WORKERS ? Number(process.env.BENCH_WORKERS) : null,
    targets: TARGETS,
    readyMs: null,
    readyRuns: null,
    bare: null,
    trivial: null,
    ratioToBare: null,
    rss: null,
    ttft: null,
    queue: null,
    queueRatio: null,
    profile: null,
    failures,
  };
  let server;
  let fakeHandle;
  try {
    const step = (msg) => process.stdout.write(`• ${msg}\n`);

    // Ready time: a fresh database (migrations + superuser) first, then two restarts on it.
    const readyRuns = [];
    for (let i = 0; i < (wants('ready') ? 3 : 0); i++) {
      const s = await startNestflow(`ready-${i}`, configDir);
      readyRuns.push(Math.round(s.readyMs));
      await stopChild(s);
    }
    if (readyRuns.length) {
      results.readyRuns = readyRuns;
      results.readyMs = readyRuns.slice(1).sort((a, b) => b - a)[0];
      step(`ready: ${readyRuns.join(', ')} ms (first on an empty database)`);
    }

    const bare = wants('bare') ? await startBare() : null;
    if (bare) {
      try {
        step('bare Nest endpoint');
        const body = JSON.stringify({ input_value: 'hello' });
        results.bare = await measure('bare', { url: `${bare.base}/api/v1/run/bench`, method: 'POST', headers: { 'content-type': 'application/json' }, body }, { pid: bare.pid });
      } finally {
        await stopChild(bare);
      }
    }

    const { fake, timings } = await startTimedFake();
    fakeHandle = fake;
    const profileFile = path.join(RESULTS_DIR, 'run.cpuprofile');
    const nodeArgs = PROFILE ? ['-r', path.join(__dirname, 'cpu-profile-hook.js')] : [];
    server = await startNestflow('nestflow', configDir, { OPENAI_API_BASE: fake.url, NESTFLOW_CPU_PROFILE: profileFile }, nodeArgs);
    const user = await setupUser(server);
    const trivialId = await uploadFlow(server, user, 'trivial.json');
    await checkTrivialAnswer(server, trivialId, user.apiKey);

    const request = runRequest(server, trivialId, user.apiKey);
    if (wants('trivial')) {
      step('trivial flow /run');
      await cannon({ ...request, duration: WARMUP_S }).then(summariseLoad).then((w) => checkErrors('trivial warm-up', w));
      if (PROFILE) await profilerCommand(server, 'cpu-profile:start', 'cpu-profile:started');
      results.trivial = await load(request, { duration: DURATION_S }, server.pid);
      checkErrors('trivial', results.trivial);
      if (PROFILE) {
        await profilerCommand(server, 'cpu-profile:stop', 'cpu-profile:written');
        const { summarise, printSummary } = require('./profile-summary');
        results.profile = { file: path.relative(ROOT, profileFile), ...summarise(JSON.parse(readFileSync(profileFile, 'utf8')), 40) };
        printSummary(results.profile);
      }
      if (results.bare) results.ratioToBare = +(results.trivial.rps / results.bare.rps).toFixed(3);
    }

    if (wants('ttft')) {
      step('time to first streamed token');
      try {
        const ttftProfile = path.join(RESULTS_DIR, 'ttft.cpuprofile');
        results.ttft = await measureTtft(server, user, fake, timings, PROFILE ? ttftProfile : null);
        if (PROFILE) {
          const { summarise, printSummary } = require('./profile-summary');
          results.ttftProfile = { file: path.relative(ROOT, ttftProfile), ...summarise(JSON.parse(readFileSync(ttftProfile, 'utf8')), 40) };
          process.stdout.write('\nStreamed runs (sequential):');
          printSummary(results.ttftProfile);
        }
      } catch (error) {
        failures.push(`ttft: ${error.message}`);
        results.ttftSkipped = 'failed';
      }
    }
    await stopChild(server);
    server = undefined;

    if (wants('rss')) {
      // A server of its own, with the hook preloaded (inert until asked) so the live set can be read
      // after a full GC: VmRSS alone mostly shows how much garbage V8 lets accumulate between major GCs.
      step(`RSS over ${RSS_RUNS} runs`);
      const hook = process.env.BENCH_WORKERS ? [] : ['-r', path.join(__dirname, 'cpu-profile-hook.js')];
      server = await startNestflow('nestflow-rss', configDir, {}, hook);
      const rssUser = await setupUser(server);
      const rssRequest = runRequest(server, trivialId, rssUser.apiKey);
      const idleMb = treeRssMb(server.pid);
      checkErrors('rss warm-up', await load(rssRequest, { amount: 500 }));
      const beforeMb = treeRssMb(server.pid);
      const rssLoad = await load(rssRequest, { amount: RSS_RUNS }, server.pid);
      checkErrors('rss runs', rssLoad);
      const afterMb = treeRssMb(server.pid);
      let afterGcMb = null;
      let heapUsedMb = null;
      if (hook.length) {
        const memory = await memoryAfterGc(server);
        afterGcMb = +(memory.rss / 1048576).toFixed(1);
        heapUsedMb = +(memory.heapUsed / 1048576).toFixed(1);
      }
      results.rss = { runs: RSS_RUNS, idleMb, beforeMb, afterMb, afterGcMb, heapUsedAfterGcMb: heapUsedMb, load: rssLoad };
      await stopChild(server);
      server = undefined;
    }

    if (!wants('queue')) {
      /* not asked for */
    } else if (await redisAnswers(REDIS_URL)) {
      step('queue mode');
      const prefix = `nestflow-bench-${process.pid}-${Date.now()}`;
      const queueProfile = path.join(RESULTS_DIR, 'queue.cpuprofile');
      server = await startNestflow('nestflow-queue', configDir, { LANGFLOW_REDIS_URL: REDIS_URL, NESTFLOW_REDIS_PREFIX: prefix, NESTFLOW_CPU_PROFILE: queueProfile }, nodeArgs);
      const queueUser = await setupUser(server);
      const queueFlowId = await uploadFlow(server, queueUser, 'trivial.json');
      await checkTrivialAnswer(server, queueFlowId, queueUser.apiKey);
      const queueRequest = runRequest(server, queueFlowId, queueUser.apiKey);
      checkErrors('queue warm-up', await load(queueRequest, { duration: WARMUP_S }));
      if (PROFILE) await profilerCommand(server, 'cpu-profile:start', 'cpu-profile:started');
      results.queue = await load(queueRequest, { duration: DURATION_S }, server.pid);
      checkErrors('queue', results.queue);
      if (PROFILE) {
        await profilerCommand(server, 'cpu-profile:stop', 'cpu-profile:written');
        const { summarise, printSummary } = require('./profile-summary');
        results.queueProfile = { file: path.relative(ROOT, queueProfile), ...summarise(JSON.parse(readFileSync(queueProfile, 'utf8')), 40) };
        process.stdout.write('\nQueue mode:');
        printSummary(results.queueProfile);
      }
      results.queue.redisPrefix = prefix;
      if (results.trivial) results.queueRatio = +(results.queue.rps / results.trivial.rps).toFixed(3);
      await stopChild(server);
      server = undefined;
    } else {
      results.queueSkipped = `skipped: Redis does not answer at ${REDIS_URL}`;
      step(results.queueSkipped);
    }
  } catch (error) {
    failures.push(error.message);
    if (server) process.stderr.write(`\n--- Nestflow output ---\n${server.output().slice(-4000)}\n`);
  } finally {
    if (server) await stopChild(server);
    if (fakeHandle) await fakeHandle.close();
    rmSync(configDir, { recursive: true, force: true });
  }

  printTable(results);
  const out = path.join(RESULTS_DIR, 'bench.json');
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(`\nJSON: ${path.relative(ROOT, out)}\n`);
  if (failures.length) {
    process.stdout.write(`\nFAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
    process.exitCode = 1;
  }
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    for (const c of children) c.kill('SIGKILL');
    process.exit(130);
  });
}

main().then(() => process.exit(process.exitCode ?? 0), (error) => {
  process.stderr.write(`${error.stack || error}\n`);
  for (const c of children) c.kill('SIGKILL');
  process.exit(1);
});
