import * as fs from 'node:fs';
import * as path from 'node:path';

/** The engine is plain TypeScript: nothing under src/engine may import Nest, TypeORM or Express. */
const FORBIDDEN = /^(@nestjs\/|typeorm(\/|$)|express(\/|$))/;
const IMPORT_RE = /(?:import\s[^'"]*?from\s*|import\s*\(\s*|require\s*\(\s*|export\s[^'"]*?from\s*|import\s+)['"]([^'"]+)['"]/g;

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(ts|js|mjs|cjs)$/.test(e.name)) out.push(p);
  }
  return out;
}

describe('engine boundary', () => {
  const files = walk(__dirname);

  it('scans the engine sources', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files).toContain(path.join(__dirname, 'index.ts'));
  });

  it('no file under src/engine imports @nestjs/*, typeorm or express', () => {
    const offenders: string[] = [];
    for (const f of files) {
      if (f === __filename) continue; // this spec quotes the forbidden imports as test data
      const src = fs.readFileSync(f, 'utf8');
      for (const m of src.matchAll(IMPORT_RE)) {
        if (FORBIDDEN.test(m[1])) offenders.push(`${path.relative(__dirname, f)}: ${m[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the import scanner catches the forbidden forms', () => {
    const sample = [
      "import { Injectable } from '@nestjs/common';",
      "import type { Repository } from 'typeorm';",
      "const e = require('express');",
      "export { x } from 'typeorm/repository';",
      "import 'express';",
    ].join('\n');
    const found = [...sample.matchAll(IMPORT_RE)].map((m) => m[1]).filter((s) => FORBIDDEN.test(s));
    expect(found).toEqual(['@nestjs/common', 'typeorm', 'express', 'typeorm/repository', 'express']);
  });
});
