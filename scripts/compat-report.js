#!/usr/bin/env node
/**
 * Compatibility report: which component types used by Langflow flow files the engine supports.
 *
 *   npm run compat:report -- <file.json | folder> [more ...] [--json]
 *
 * Loads the engine TypeScript sources directly (an @swc/core require hook), or dist/engine when built.
 * Prints, per file, the unsupported types with their node ids, then a total:
 *   "<covered> component nodes covered out of <total> nodes total (<pct>%)".
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { installTsHook } = require('./ts-require-hook');

function loadEngine() {
  const root = path.resolve(__dirname, '..');
  installTsHook({ sourceMaps: true });
  return require(path.join(root, 'src', 'engine', 'index.ts'));
}

function listFiles(target) {
  const st = fs.statSync(target);
  if (st.isDirectory()) {
    return fs
      .readdirSync(target)
      .sort()
      .flatMap((n) => listFiles(path.join(target, n)))
      .filter((f) => f.endsWith('.json'));
  }
  return [target];
}

function main() {
  const args = process.argv.slice(2);
  const asJson = args.includes('--json');
  const targets = args.filter((a) => a !== '--json');
  if (!targets.length) {
    console.error('usage: npm run compat:report -- <flow.json | folder> [...] [--json]');
    process.exit(2);
  }
  const engine = loadEngine();
  const registry = engine.createDefaultRegistry();
  const report = { files: [], unsupportedTypes: {}, covered: 0, total: 0, notes: 0 };
  for (const t of targets) {
    for (const file of listFiles(path.resolve(t))) {
      let flow;
      try {
        flow = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (e) {
        report.files.push({ file, error: `invalid JSON: ${e.message}` });
        continue;
      }
      let data;
      try {
        data = engine.ungroup(engine.flowDataOf(flow));
      } catch (e) {
        report.files.push({ file, error: e.message });
        continue;
      }
      const nodes = data.nodes.filter((n) => n.type !== 'noteNode' && n.data && n.data.type !== 'note');
      report.notes += data.nodes.length - nodes.length;
      const unsupported = engine.findUnsupportedNodes(data, registry);
      const entry = { file: path.relative(process.cwd(), file), name: flow.name ?? null, nodes: nodes.length, unsupported };
      report.files.push(entry);
      report.total += nodes.length;
      report.covered += nodes.length - unsupported.length;
      for (const u of unsupported) (report.unsupportedTypes[u.type] ??= []).push(`${entry.file}#${u.id}`);
    }
  }
  const pct = report.total ? ((100 * report.covered) / report.total).toFixed(1) : '100.0';
  report.summary = `${report.covered} component nodes covered out of ${report.total} nodes total (${pct}%)`;
  if (asJson) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  for (const f of report.files) {
    if (f.error) {
      console.log(`✗ ${f.file}: ${f.error}`);
      continue;
    }
    const ok = f.unsupported.length === 0;
    console.log(`${ok ? '✓' : '✗'} ${f.file}${f.name ? ` (${f.name})` : ''}: ${f.nodes - f.unsupported.length}/${f.nodes} nodes supported`);
    for (const u of f.unsupported) console.log(`    unsupported: ${u.type} (node ${u.id})`);
  }
  const types = Object.entries(report.unsupportedTypes).sort((a, b) => b[1].length - a[1].length);
  console.log('');
  console.log(`Files: ${report.files.length}, note nodes skipped: ${report.notes}`);
  if (types.length) {
    console.log('Unsupported component types (nodes):');
    for (const [t, where] of types) console.log(`  ${t}: ${where.length}`);
  } else console.log('Unsupported component types: none');
  console.log('');
  console.log(report.summary);
}

main();
