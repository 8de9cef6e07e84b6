#!/usr/bin/env node
/**
 * Engine DAG benchmark (not a test): compiles and runs DAGs of pass-through components.
 *
 *   node scripts/bench/engine-dag.js [--runs N]
 *
 * Shapes: 10,000 and 1,000 vertices; vertex i (i ≥ 1) takes edges from i-1 and from ⌊i/2⌋, so the
 * graph is deep (every vertex waits on its predecessor) and wide enough to exercise the scheduler.
 * Also times the ChatInput → Prompt → ChatOutput run (the HTTP hot path) per run.
 * Prints a table and writes bench-results/engine-dag.json.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { installTsHook } = require('../ts-require-hook');

const ROOT = path.resolve(__dirname, '..', '..');

installTsHook();
const E = require(path.join(ROOT, 'src', 'engine', 'index.ts'));

class PassThrough extends E.Component {
  pass() {
    const v = this.params.input_value;
    return Array.isArray(v) ? v[0] : v;
  }
}
PassThrough.meta = { name: 'BenchPass', displayName: 'Pass', description: 'bench', category: 'bench' };
PassThrough.inputs = [E.HandleInput({ name: 'input_value', display_name: 'Input', input_types: ['Message'], list: true })];
PassThrough.outputs = [E.Output({ name: 'output', display_name: 'Output', method: 'pass', types: ['Message'] })];

function dagFlow(n) {
  const b = new E.FlowBuilder();
  b.node(E.BUILTIN_COMPONENTS.find((c) => c.meta.name === 'TextInput'), 'TextInput-root0', { input_value: 'x' });
  for (let i = 1; i < n; i++) b.node(PassThrough, `BenchPass-${i}`);
  const id = (i) => (i === 0 ? 'TextInput-root0' : `BenchPass-${i}`);
  for (let i = 1; i < n; i++) {
    b.edge(id(i - 1), i - 1 === 0 ? 'text' : 'output', id(i), 'input_value');
    const j = Math.floor(i / 2);
    if (j !== i - 1) b.edge(id(j), j === 0 ? 'text' : 'output', id(i), 'input_value');
  }
  return b.flow();
}

function chatFlow() {
  const C = (name) => E.BUILTIN_COMPONENTS.find((c) => c.meta.name === name);
  return new E.FlowBuilder()
    .node(C('ChatInput'), 'ChatInput-aaaaa')
    .node(C('Prompt'), 'Prompt-bbbbb', { template: 'Answer: {q}' }, { fields: { q: { input_types: ['Message'], value: '' } } })
    .node(C('ChatOutput'), 'ChatOutput-ccccc')
    .edge('ChatInput-aaaaa', 'message', 'Prompt-bbbbb', 'q')
    .edge('Prompt-bbbbb', 'prompt', 'ChatOutput-ccccc', 'input_value')
    .flow();
}

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

async function benchDag(engine, n, runs) {
  const flow = dagFlow(n);
  let t0 = process.hrtime.bigint();
  const plan = engine.compile(flow);
  const compileMs = ms(t0);
  await engine.run(plan, { mode: 'build' }); // warm-up (also fills the sort cache)
  const times = [];
  const cpus = [];
  for (let r = 0; r < runs; r++) {
    t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    const res = await engine.run(plan, { mode: 'build' });
    times.push(ms(t0));
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
    if (res.vertices.size !== n) throw new Error(`expected ${n} built vertices, got ${res.vertices.size}`);
  }
  times.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  return {
    vertices: n,
    edges: flow.data.edges.length,
    compile_ms: +compileMs.toFixed(2),
    run_ms_median: +median.toFixed(2),
    run_ms_min: +times[0].toFixed(2),
    per_vertex_us: +((median * 1000) / n).toFixed(2),
    run_cpu_ms_median: +cpus[Math.floor(cpus.length / 2)].toFixed(2),
    runs,
  };
}

async function benchChat(engine, iterations) {
  const plan = engine.compile(chatFlow());
  for (let i = 0; i < 2000; i++) await engine.run(plan, { inputValue: 'hi', sessionId: 'warm' });
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  for (let i = 0; i < iterations; i++) {
    const r = await engine.run(plan, { inputValue: 'hello', sessionId: `s${i % 100}` });
    E.toRunResponse(r);
  }
  const total = ms(t0);
  const c = process.cpuUsage(c0);
  const cpuMs = (c.user + c.system) / 1000;
  return {
    flow: 'ChatInput -> Prompt -> ChatOutput',
    iterations,
    per_run_us: +((total * 1000) / iterations).toFixed(1),
    cpu_per_run_us: +((cpuMs * 1000) / iterations).toFixed(1),
    runs_per_s: Math.round((iterations * 1000) / total),
  };
}

/** Message store that keeps nothing (the bench measures the engine, not an ever-growing array). */
class NullStore {
  async add(m) {
    m.id = m.id || 'id';
    return m;
  }
  async update(m) {
    return m;
  }
  async list() {
    return [];
  }
}

async function main() {
  const runsArg = process.argv.indexOf('--runs');
  const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
  const registry = E.createDefaultRegistry().register(PassThrough);
  const engine = new E.FlowEngine({ registry, ports: { messages: new NullStore() } });
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: require('node:os').cpus().length,
    loadavg: require('node:os').loadavg(),
    dags: [await benchDag(engine, 10000, runs), await benchDag(engine, 1000, runs * 4)],
    chat: await benchChat(engine, 20000),
  };
  console.log('Engine DAG benchmark (pass-through components)');
  console.log('vertices  edges   compile ms  run ms (median)  run ms (min)  µs/vertex  run CPU ms (median)');
  for (const d of results.dags) {
    console.log(
      `${String(d.vertices).padStart(8)}  ${String(d.edges).padStart(6)}  ${String(d.compile_ms).padStart(10)}  ${String(d.run_ms_median).padStart(15)}  ${String(d.run_ms_min).padStart(12)}  ${String(d.per_vertex_us).padStart(9)}  ${String(d.run_cpu_ms_median).padStart(19)}`,
    );
  }
  console.log(
    `${results.chat.flow}: ${results.chat.per_run_us} µs/run wall, ${results.chat.cpu_per_run_us} µs CPU (${results.chat.runs_per_s} runs/s, engine only, incl. RunResponse)`,
  );
  console.log(`load average: ${require('node:os').loadavg().map((x) => x.toFixed(2)).join(' ')} on ${results.cpus} CPUs`);
  const dir = path.join(ROOT, 'bench-results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'engine-dag.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(`written ${path.relative(process.cwd(), path.join(dir, 'engine-dag.json'))}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
