/**
 * Queue-mode helpers: is Redis (and Postgres) there, a Postgres database shared by several apps,
 * and a unique Redis key prefix per test run.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { adminUrl, createPostgresDatabase, TestDatabase } from '../setup/test-database';

export const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** True when Redis and Postgres answer (checked synchronously, so a describe can be skipped). */
export function queueBackendsAnswer(): boolean {
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      `
      const Redis = require('ioredis');
      const { Client } = require('pg');
      const r = new Redis(${JSON.stringify(redisUrl)}, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
      const c = new Client({ connectionString: ${JSON.stringify(adminUrl)}, connectionTimeoutMillis: 3000 });
      Promise.all([r.connect().then(() => r.ping()), c.connect().then(() => c.query('SELECT 1'))])
        .then(() => { r.disconnect(); return c.end(); })
        .then(() => process.exit(0), () => process.exit(1));
    `,
    ],
    { stdio: 'ignore', cwd: process.cwd(), timeout: 15000 },
  );
  return probe.status === 0;
}

/** `describe` when Redis and Postgres answer; otherwise skipped, or failed when TEST_REQUIRE_REDIS is set. */
export function describeWithQueue(): jest.Describe {
  if (queueBackendsAnswer()) return describe;
  if (process.env.TEST_REQUIRE_REDIS) {
    return ((name: string) =>
      describe(name, () => {
        it('needs Redis and Postgres (TEST_REQUIRE_REDIS is set)', () => {
          throw new Error(`Redis at ${redisUrl} or Postgres at ${adminUrl} does not answer`);
        });
      })) as unknown as jest.Describe;
  }
  return describe.skip;
}

/** A fresh Postgres database for several apps (dropped by `drop`). */
export function createSharedPostgres(): Promise<TestDatabase> {
  return createPostgresDatabase('nestflow_queue');
}

export function uniquePrefix(): string {
  return `nestflow-test-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** Deletes every key under the prefix. */
export async function dropRedisPrefix(prefix: string): Promise<void> {
  const r = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}
