'use strict';
/**
 * Summarises a V8 .cpuprofile: self time per function and per code area (our dist/<area>, each
 * node_modules package, node internals, GC). Usage: node scripts/bench/profile-summary.js <file> [top]
 * Also used by run.js --profile, which prints it after the benchmark.
 */
const { readFileSync } = require('node:fs');
const path = require('node:path');

function areaOf(url) {
  if (!url) return '(native/vm)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return 'npm:' + (rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]);
  }
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const dist = url.indexOf('/dist/');
  if (dist >= 0) {
    const rest = url.slice(dist + 6).split('/');
    return 'nestflow:' + (rest.length > 1 ? rest[0] + (rest[0] === 'engine' && rest.length > 2 ? '/' + rest[1] : '') : rest[0]);
  }
  return url;
}

function labelOf(cf) {
  const file = cf.url ? cf.url.replace(/^file:\/\//, '') : '';
  return `${cf.functionName || '(anonymous)'} ${file ? path.relative(process.cwd(), file) + ':' + (cf.lineNumber + 1) : ''}`.trim();
}

function summarise(profile, top = 30) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Samples taken inside the profiler hook itself (Profiler.stop serialising) are not the server's work.
  const hookIds = new Set();
  for (const n of profile.nodes) {
    for (let id = n.id; id !== undefined; id = parent.get(id)) {
      if ((byId.get(id).callFrame.url || '').endsWith('cpu-profile-hook.js')) {
        hookIds.add(n.id);
        break;
      }
    }
  }
  const selfUs = new Map();
  const inclusiveUs = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    if (hookIds.has(samples[i])) continue;
    // timeDeltas[i] is the time since the previous sample; attribute it to this sample's node.
    const dt = Math.max(timeDeltas[i] ?? 0, 0);
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + dt);
    // Inclusive time of our own functions (dist/), each counted once per sample (recursion-safe).
    const seen = new Set();
    for (let id = samples[i]; id !== undefined; id = parent.get(id)) {
      const cf = byId.get(id).callFrame;
      if (!cf.url || !cf.url.includes('/dist/')) continue;
      const label = labelOf(cf);
      if (seen.has(label)) continue;
      seen.add(label);
      inclusiveUs.set(label, (inclusiveUs.get(label) ?? 0) + dt);
    }
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0) || 1;
  const fns = new Map();
  const areas = new Map();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    const cf = node.callFrame;
    const file = cf.url ? cf.url.replace(/^file:\/\//, '') : '';
    const label = labelOf(cf);
    fns.set(label, (fns.get(label) ?? 0) + us);
    const area = cf.functionName === '(garbage collector)' ? '(gc)' : cf.functionName === '(idle)' ? '(idle)' : cf.functionName === '(program)' ? '(program)' : areaOf(file);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const rank = (m) => [...m].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, ms: +(us / 1000).toFixed(1), pct: +((100 * us) / total).toFixed(1) }));
  return { totalMs: +(total / 1000).toFixed(1), areas: rank(areas), functions: rank(fns).slice(0, top), ourInclusive: rank(inclusiveUs).slice(0, top) };
}

function printSummary(summary, out = process.stdout) {
  out.write(`\nCPU profile: ${summary.totalMs} ms sampled\n\nSelf time by area:\n`);
  for (const a of summary.areas.slice(0, 25)) out.write(`  ${String(a.pct).padStart(5)}%  ${String(a.ms).padStart(9)} ms  ${a.name}\n`);
  out.write('\nTop functions by self time:\n');
  for (const f of summary.functions) out.write(`  ${String(f.pct).padStart(5)}%  ${String(f.ms).padStart(9)} ms  ${f.name}\n`);
  out.write('\nNestflow functions by inclusive time (synchronous part; async continuations count where they resume):\n');
  for (const f of summary.ourInclusive ?? []) out.write(`  ${String(f.pct).padStart(5)}%  ${String(f.ms).padStart(9)} ms  ${f.name}\n`);
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node scripts/bench/profile-summary.js <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  printSummary(summarise(JSON.parse(readFileSync(file, 'utf8')), Number(process.argv[3] || 30)));
}

module.exports = { summarise, printSummary };
