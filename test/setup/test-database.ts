import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Each e2e app gets its own database so runs never collide: a fresh SQLite
 * file, or (TEST_DATABASE_DRIVER=postgres) a fresh Postgres database created
 * on TEST_POSTGRES_URL and dropped afterwards.
 */
export const usePostgres = process.env.TEST_DATABASE_DRIVER === 'postgres';
export const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** LANGFLOW_DATABASE_URL for the app, or undefined for the SQLite default in the config dir. */
  url: string | undefined;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (!usePostgres) return { url: undefined, drop: async () => undefined };
  return createPostgresDatabase('nestflow_e2e');
}

/** A fresh Postgres database on TEST_POSTGRES_URL, named `<prefix>_<unique>`, dropped by `drop`. */
export async function createPostgresDatabase(prefix: string): Promise<TestDatabase & { url: string }> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
