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

function summarise(profile, top = 30) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i] is the time since the previous sample; attribute it to this sample's node.
    const dt = timeDeltas[i] ?? 0;
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + Math.max(dt, 0));
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0) || 1;
  const fns = new Map();
  const areas = new Map();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    const cf = node.callFrame;
    const file = cf.url ? cf.url.replace(/^file:\/\//, '') : '';
    const label = `${cf.functionName || '(anonymous)'} ${file ? path.relative(process.cwd(), file) + ':' + (cf.lineNumber + 1) : ''}`.trim();
    fns.set(label, (fns.get(label) ?? 0) + us);
    const area = cf.functionName === '(garbage collector)' ? '(gc)' : cf.functionName === '(idle)' ? '(idle)' : cf.functionName === '(program)' ? '(program)' : areaOf(file);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const rank = (m) => [...m].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, ms: +(us / 1000).toFixed(1), pct: +((100 * us) / total).toFixed(1) }));
  return { totalMs: +(total / 1000).toFixed(1), areas: rank(areas), functions: rank(fns).slice(0, top) };
}

function printSummary(summary, out = process.stdout) {
  out.write(`\nCPU profile: ${summary.totalMs} ms sampled\n\nSelf time by area:\n`);
  for (const a of summary.areas.slice(0, 25)) out.write(`  ${String(a.pct).padStart(5)}%  ${String(a.ms).padStart(9)} ms  ${a.name}\n`);
  out.write('\nTop functions by self time:\n');
  for (const f of summary.functions) out.write(`  ${String(f.pct).padStart(5)}%  ${String(f.ms).padStart(9)} ms  ${f.name}\n`);
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
