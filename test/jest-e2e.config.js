// End-to-end specs: the real AppModule over HTTP with supertest, on SQLite,
// and on Postgres when TEST_DATABASE_DRIVER=postgres (scripts/run-tests.js).
const path = require('path');
const swcrc = JSON.parse(require('fs').readFileSync(path.join(__dirname, '..', '.swcrc'), 'utf8'));
module.exports = {
  rootDir: '..',
  roots: ['<rootDir>/test'],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testRegex: '.*\\.e2e-spec\\.ts$',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  testTimeout: 60000,
};
