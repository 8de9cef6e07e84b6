#!/usr/bin/env node
/*
 * The one test command (npm test): unit specs, then the e2e suite on SQLite,
 * then the e2e suite again on Postgres whenever one answers at
 * TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres).
 * Set TEST_REQUIRE_POSTGRES=1 (CI does) to fail instead of skipping.
 * Ends with a plain "N passed, N failed" line and a non-zero exit on failure.
 */
const { spawnSync } = require('node:child_process');
const { readFileSync, mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const adminUrl = process.env.TEST_POSTGRES_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
const outDir = mkdtempSync(join(tmpdir(), 'nestflow-tests-'));
const extraArgs = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };
let failedPasses = 0;

function jest(label, config, env) {
  const outputFile = join(outDir, `${label}.json`);
  process.stdout.write(`\n=== ${label} ===\n`);
  const result = spawnSync(
    process.execPath,
    [require.resolve('jest/bin/jest'), '--config', config, '--json', '--outputFile', outputFile, ...(config.includes('e2e') ? ['--runInBand'] : []), ...extraArgs],
    { stdio: 'inherit', env: { ...process.env, ...env } },
  );
  try {
    const report = JSON.parse(readFileSync(outputFile, 'utf8'));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
    totals.skipped += report.numPendingTests + report.numTodoTests;
  } catch {
    totals.failed += 1;
  }
  if (result.status !== 0) failedPasses += 1;
}

function postgresAnswers() {
  const probe = spawnSync(process.execPath, ['-e', `
    const { Client } = require('pg');
    const c = new Client({ connectionString: ${JSON.stringify(adminUrl)}, connectionTimeoutMillis: 3000 });
    c.connect().then(() => c.query('SELECT 1')).then(() => c.end()).then(() => process.exit(0), () => process.exit(1));
  `], { stdio: 'ignore' });
  return probe.status === 0;
}

jest('unit', 'jest.config.js', {});
jest('e2e-sqlite', 'test/jest-e2e.config.js', { TEST_DATABASE_DRIVER: 'sqlite' });
if (postgresAnswers()) {
  jest('e2e-postgres', 'test/jest-e2e.config.js', { TEST_DATABASE_DRIVER: 'postgres', TEST_POSTGRES_URL: adminUrl });
} else if (process.env.TEST_REQUIRE_POSTGRES) {
  process.stdout.write(`\nPostgres pass FAILED: no Postgres answers at ${adminUrl}\n`);
  failedPasses += 1;
} else {
  process.stdout.write(`\nPostgres pass SKIPPED: no Postgres answers at ${adminUrl} (set TEST_POSTGRES_URL)\n`);
}

process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(failedPasses > 0 || totals.failed > 0 ? 1 : 0);
