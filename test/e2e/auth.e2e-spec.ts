import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Client } from 'pg';
import { createApiKey, createActiveUser, createTestApp, loginHeader, TestApp } from '../setup/create-test-app';
import { usePostgres } from '../setup/test-database';

const SUPERUSER_ENV = { LANGFLOW_AUTO_LOGIN: 'false', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'admin-pass-1' };

describe('auth, users and API keys (auto-login off)', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let adminKey: string;

  beforeAll(async () => {
    t = await createTestApp({ env: SUPERUSER_ENV });
    admin = await loginHeader(t, 'admin', 'admin-pass-1');
    adminKey = await createApiKey(t, admin);
  });
  afterAll(() => t.close());

  it('logs in with form fields and sets Langflow cookies', async () => {
    const res = await t.http.post('/api/v1/login').type('form').send({ username: 'admin', password: 'admin-pass-1' }).expect(200);
    expect(res.body).toEqual({ access_token: expect.any(String), refresh_token: expect.any(String), token_type: 'bearer' });
    const cookies = String(res.headers['set-cookie']);
    expect(cookies).toContain('access_token_lf=');
    expect(cookies).toContain('refresh_token_lf=');
  });

  it('logs in with a multipart form too', async () => {
    await t.http.post('/api/v1/login').field('username', 'admin').field('password', 'admin-pass-1').expect(200);
  });

  it('rejects a wrong password with 401', async () => {
    const res = await t.http.post('/api/v1/login').type('form').send({ username: 'admin', password: 'nope' }).expect(401);
    expect(res.body).toEqual({ detail: 'Incorrect username or password' });
  });

  it('refuses auto-login when it is off', async () => {
    const res = await t.http.get('/api/v1/auto_login').expect(400);
    expect(res.body.detail).toEqual({ message: 'Auto login is disabled. Please enable it in the settings', auto_login: false });
  });

  it('accepts the API key in the header and in the query', async () => {
    const viaHeader = await t.http.get('/api/v1/users/whoami').set('x-api-key', adminKey).expect(200);
    expect(viaHeader.body.username).toBe('admin');
    const viaQuery = await t.http.get(`/api/v1/users/whoami?x-api-key=${adminKey}`).expect(200);
    expect(viaQuery.body.is_superuser).toBe(true);
  });

  it('answers a wrong key with 403 "Invalid or missing API key"', async () => {
    const res = await t.http.get('/api/v1/users/whoami').set('x-api-key', 'sk-wrong').expect(403);
    expect(res.body).toEqual({ detail: 'Invalid or missing API key' });
  });

  it('answers no credentials with 403 as Langflow does', async () => {
    const res = await t.http.get('/api/v1/users/whoami').expect(403);
    expect(res.body).toEqual({ detail: 'An API key must be passed as query or header' });
  });

  it('answers a bad bearer token with 401', async () => {
    const res = await t.http.get('/api/v1/users/whoami').set('Authorization', 'Bearer not-a-jwt').expect(401);
    expect(res.body).toEqual({ detail: 'Could not validate credentials' });
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('accepts the access_token_lf cookie', async () => {
    const login = await t.http.post('/api/v1/login').type('form').send({ username: 'admin', password: 'admin-pass-1' });
    await t.http.get('/api/v1/users/whoami').set('Cookie', `access_token_lf=${login.body.access_token}`).expect(200);
  });

  it('refreshes from the refresh cookie and logs out', async () => {
    const login = await t.http.post('/api/v1/login').type('form').send({ username: 'admin', password: 'admin-pass-1' });
    const refreshed = await t.http.post('/api/v1/refresh').set('Cookie', `refresh_token_lf=${login.body.refresh_token}`).expect(200);
    expect(refreshed.body.token_type).toBe('bearer');
    await t.http.post('/api/v1/refresh').expect(401);
    const out = await t.http.post('/api/v1/logout').expect(200);
    expect(out.body).toEqual({ message: 'Logout successful' });
  });

  it('lists keys masked, counts their uses, and never shows them again', async () => {
    await t.http.get('/api/v1/users/whoami').set('x-api-key', adminKey).expect(200);
    const res = await t.http.get('/api/v1/api_key/').set(admin).expect(200);
    const listed = res.body.api_keys.find((k: { api_key: string }) => k.api_key.startsWith(adminKey.slice(0, 8)));
    expect(listed.api_key).toBe(adminKey.slice(0, 8) + '*'.repeat(adminKey.length - 8));
    expect(listed.total_uses).toBeGreaterThanOrEqual(3);
    expect(listed.last_used_at).not.toBeNull();
    expect(JSON.stringify(res.body)).not.toContain(adminKey);
  });

  it('keeps users apart: a non-superuser cannot list users nor see other keys', async () => {
    const bob = await createActiveUser(t, admin, 'bob');
    await t.http.get('/api/v1/users/').set(bob.header).expect(403, { detail: "The user doesn't have enough privileges" });
    const bobKeys = await t.http.get('/api/v1/api_key/').set(bob.header).expect(200);
    expect(bobKeys.body.total_count).toBe(0);
    const adminKeys = await t.http.get('/api/v1/api_key/').set(admin).expect(200);
    const someKey = adminKeys.body.api_keys[0].id;
    await t.http.delete(`/api/v1/api_key/${someKey}`).set(bob.header).expect(400, { detail: 'API Key not found' });
    await t.http.patch(`/api/v1/users/${bob.id}`).set(bob.header).send({ is_superuser: true }).expect(403);
    await t.http.post('/api/v1/users/').set(bob.header).send({ username: 'eve', password: 'x' }).expect(403);
  });

  it('keeps new users inactive until approved', async () => {
    await t.http.post('/api/v1/users/').set(admin).send({ username: 'carol', password: 'pw-carol' }).expect(201);
    const res = await t.http.post('/api/v1/login').type('form').send({ username: 'carol', password: 'pw-carol' }).expect(400);
    expect(res.body).toEqual({ detail: 'Waiting for approval' });
  });

  it('applies Langflow role rules to users', async () => {
    const me = await t.http.get('/api/v1/users/whoami').set(admin).expect(200);
    await t.http.delete(`/api/v1/users/${me.body.id}`).set(admin).expect(400, { detail: "You can't delete your own user account" });
    const dave = await createActiveUser(t, admin, 'dave');
    await t.http.patch(`/api/v1/users/${dave.id}`).set(dave.header).send({ password: 'x' }).expect(400);
    await t.http.patch(`/api/v1/users/${dave.id}/reset-password`).set(dave.header).send({ password: 'password-123' }).expect(400);
    await t.http.patch(`/api/v1/users/${dave.id}/reset-password`).set(dave.header).send({ password: 'new-pass' }).expect(200);
    await t.http.patch(`/api/v1/users/${me.body.id}/reset-password`).set(dave.header).send({ password: 'x' }).expect(400);
    const list = await t.http.get('/api/v1/users/?skip=0&limit=2').set(admin).expect(200);
    expect(list.body.users).toHaveLength(2);
    expect(list.body.total_count).toBeGreaterThanOrEqual(3);
    await t.http.delete(`/api/v1/users/${dave.id}`).set(admin).expect(200, { detail: 'User deleted' });
  });

  it('validates bodies with 422 in pydantic shape', async () => {
    const res = await t.http.post('/api/v1/users/').set(admin).send({ password: 'x' }).expect(422);
    expect(res.body.detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'username'], msg: 'Field required' });
    const bad = await t.http.post('/api/v1/api_key/').set(admin).set('Content-Type', 'application/json').send('{bad json').expect(422);
    expect(bad.body.detail[0].type).toBe('json_invalid');
  });

  it('stores no API key in clear text', async () => {
    const key = await createApiKey(t, admin, 'secret check');
    const dump = await dumpDatabase(t);
    expect(dump).not.toContain(key);
    expect(dump).not.toContain(key.slice(3));
  });
});

describe('auto-login (the default)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('gives a superuser token but still wants an API key without one', async () => {
    const res = await t.http.get('/api/v1/auto_login').expect(200);
    expect(res.body.refresh_token).toBeNull();
    await t.http.get('/api/v1/users/whoami').set('Authorization', `Bearer ${res.body.access_token}`).expect(200);
    const noKey = await t.http.get('/api/v1/users/whoami').expect(403);
    expect(noKey.body.detail).toMatch(/^Since v1.5, LANGFLOW_AUTO_LOGIN requires a valid API key/);
  });
});

describe('LANGFLOW_SKIP_AUTH_AUTO_LOGIN', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ env: { LANGFLOW_SKIP_AUTH_AUTO_LOGIN: 'true' } })));
  afterAll(() => t.close());

  it('lets requests without credentials act as the superuser', async () => {
    const res = await t.http.get('/api/v1/users/whoami').expect(200);
    expect(res.body.username).toBe('langflow');
  });
});

describe('restarts and concurrent starts', () => {
  it('keeps users and keys across a restart', async () => {
    const first = await createTestApp({ env: SUPERUSER_ENV, keep: true });
    const header = await loginHeader(first, 'admin', 'admin-pass-1');
    const key = await createApiKey(first, header);
    await first.close();
    const second = await createTestApp({
      env: SUPERUSER_ENV,
      configDir: first.configDir,
      database: { url: first.databaseUrl, drop: async () => undefined },
    });
    try {
      await second.http.get('/api/v1/users/whoami').set('x-api-key', key).expect(200);
    } finally {
      await second.close();
    }
  });

  (usePostgres ? it : it.skip)('brings up two servers started at once on one empty Postgres database', async () => {
    const shared = await (await import('../setup/test-database')).createTestDatabase();
    try {
      // Replicas share the secret key, as an operator configures them.
      const env = { ...SUPERUSER_ENV, LANGFLOW_SECRET_KEY: 'replicas-share-this-secret-key' };
      const [a, b] = await Promise.all([
        createTestApp({ env, database: shared }),
        createTestApp({ env, database: shared }),
      ]);
      await a.http.get('/health_check').expect(200);
      await b.http.get('/health_check').expect(200);
      const header = await loginHeader(a, 'admin', 'admin-pass-1');
      const key = await createApiKey(a, header);
      await b.http.get('/api/v1/users/whoami').set('x-api-key', key).expect(200);
      await Promise.all([a.close(), b.close()]);
    } finally {
      await shared.drop();
    }
  });
});

async function dumpDatabase(t: TestApp): Promise<string> {
  if (!t.databaseUrl) {
    const db = new Database(join(t.configDir, 'nestflow.db'), { readonly: true });
    try {
      return JSON.stringify(db.prepare('SELECT * FROM apikey').all()) + JSON.stringify(db.prepare('SELECT * FROM "user"').all());
    } finally {
      db.close();
    }
  }
  const client = new Client({ connectionString: t.databaseUrl });
  await client.connect();
  try {
    const keys = await client.query('SELECT * FROM apikey');
    const users = await client.query('SELECT * FROM "user"');
    return JSON.stringify(keys.rows) + JSON.stringify(users.rows);
  } finally {
    await client.end();
  }
}
