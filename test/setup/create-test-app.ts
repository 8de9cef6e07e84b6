import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { APP_CONFIG, loadServerConfig } from '../../src/config/config.module';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  configDir: string;
  databaseUrl: string | undefined;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Reuse a config dir (and so its SQLite file) to test restarts. */
  configDir?: string;
  /** Reuse a database (Postgres URL) instead of creating one. */
  database?: TestDatabase;
  /** Keep the config dir and database on close (for restart tests). */
  keep?: boolean;
}

/** The real AppModule with main.ts's setup, on its own database and config dir. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const configDir = options.configDir ?? mkdtempSync(join(tmpdir(), 'nestflow-e2e-'));
  const database = options.database ?? (await createTestDatabase());
  const env: Record<string, string | undefined> = {
    LANGFLOW_CONFIG_DIR: configDir,
    LANGFLOW_DATABASE_URL: database.url,
    LANGFLOW_LOG_LEVEL: 'error',
    ...options.env,
  };
  const config = loadServerConfig(env);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(APP_CONFIG)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error'] });
  configureApp(app);
  await app.init();
  return {
    app,
    http: request(app.getHttpServer()),
    configDir,
    databaseUrl: database.url,
    close: async () => {
      await app.close();
      if (!options.keep) {
        if (!options.database) await database.drop();
        if (!options.configDir) rmSync(configDir, { recursive: true, force: true });
      }
    },
  };
}

/** Logs in with form fields and returns the bearer header. */
export async function loginHeader(app: TestApp, username: string, password: string): Promise<Record<string, string>> {
  const res = await app.http.post('/api/v1/login').type('form').send({ username, password }).expect(200);
  return { Authorization: `Bearer ${res.body.access_token}` };
}

/** A superuser bearer header through auto-login (the default configuration). */
export async function autoLoginHeader(app: TestApp): Promise<Record<string, string>> {
  const res = await app.http.get('/api/v1/auto_login').expect(200);
  return { Authorization: `Bearer ${res.body.access_token}` };
}

/** Creates an active user as the superuser and returns its bearer header and id. */
export async function createActiveUser(
  app: TestApp,
  superuserHeader: Record<string, string>,
  username: string,
  password = 'password-123',
): Promise<{ id: string; header: Record<string, string> }> {
  const created = await app.http.post('/api/v1/users/').set(superuserHeader).send({ username, password }).expect(201);
  await app.http.patch(`/api/v1/users/${created.body.id}`).set(superuserHeader).send({ is_active: true }).expect(200);
  return { id: created.body.id, header: await loginHeader(app, username, password) };
}

/** createActiveUser with a random suffix on the name, so specs sharing an app never clash. */
export function createUniqueUser(app: TestApp, superuserHeader: Record<string, string>, prefix: string): Promise<{ id: string; header: Record<string, string> }> {
  return createActiveUser(app, superuserHeader, `${prefix}-${Math.random().toString(36).slice(2, 8)}`);
}

/** The id of the user the header authenticates. */
export async function currentUserId(app: TestApp, header: Record<string, string>): Promise<string> {
  return (await app.http.get('/api/v1/users/whoami').set(header).expect(200)).body.id;
}

/** Creates an API key with the given bearer header and returns it. */
export async function createApiKey(app: TestApp, header: Record<string, string>, name = 'test key'): Promise<string> {
  const res = await app.http.post('/api/v1/api_key/').set(header).send({ name }).expect(200);
  return res.body.api_key;
}
