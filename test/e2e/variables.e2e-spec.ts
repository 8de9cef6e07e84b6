import { DataSource } from 'typeorm';
import { VariablesService } from '../../src/variables/variables.service';
import { autoLoginHeader, createTestApp, createUniqueUser, TestApp } from '../setup/create-test-app';

const VARIABLES = '/api/v1/variables';
const SECRET = 'sk-test-credential-value-0123456789';

describe('variables', () => {
  let t: TestApp;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await autoLoginHeader(t);
  });
  afterAll(() => t.close());

  const freshUser = (name: string) => createUniqueUser(t, admin, name);

  it('creates a Credential variable whose value appears in no response and not in clear in the database', async () => {
    const { header } = await freshUser('cred');
    const created = await t.http.post(`${VARIABLES}/`).set(header).send({ name: 'OPENAI_API_KEY', value: SECRET, type: 'Credential', default_fields: ['api_key'] }).expect(201);
    expect(created.body).toEqual({ id: expect.any(String), name: 'OPENAI_API_KEY', type: 'Credential', value: null, default_fields: ['api_key'] });
    const responses = [
      created,
      await t.http.get(`${VARIABLES}/`).set(header).expect(200),
      await t.http.patch(`${VARIABLES}/${created.body.id}`).set(header).send({ id: created.body.id, default_fields: ['x'] }).expect(200),
      await t.http.get(`${VARIABLES}/`).set(header).expect(200),
    ];
    for (const res of responses) expect(res.text).not.toContain(SECRET);

    const rows: { value: string }[] = await t.app.get(DataSource).query('SELECT value FROM variable');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.value).not.toContain(SECRET);
    expect(rows.some((r) => r.value.startsWith('v1:'))).toBe(true);
  });

  it('defaults to Credential and stores Generic values readable', async () => {
    const { header } = await freshUser('types');
    const cred = await t.http.post(`${VARIABLES}/`).set(header).send({ name: 'A', value: 'secret-a' }).expect(201);
    expect(cred.body).toMatchObject({ type: 'Credential', value: null, default_fields: [] });
    const generic = await t.http.post(`${VARIABLES}/`).set(header).send({ name: 'B', value: 'plain-b', type: 'Generic' }).expect(201);
    expect(generic.body).toMatchObject({ type: 'Generic', value: 'plain-b' });
    const list = await t.http.get(`${VARIABLES}/`).set(header).expect(200);
    expect(list.body.map((v: any) => [v.name, v.value])).toEqual([['A', null], ['B', 'plain-b']]);
    // A credential cannot be turned into a readable Generic variable without a new value.
    await t.http.patch(`${VARIABLES}/${cred.body.id}`).set(header).send({ type: 'Generic' }).expect(400);
    const switched = await t.http.patch(`${VARIABLES}/${cred.body.id}`).set(header).send({ type: 'Generic', value: 'now-plain' }).expect(200);
    expect(switched.body).toMatchObject({ type: 'Generic', value: 'now-plain' });
  });

  it('answers Langflow\'s 400s for empty and duplicate names', async () => {
    const { header } = await freshUser('errors');
    await t.http.post(`${VARIABLES}/`).set(header).send({}).expect(400, { detail: 'Variable name and value cannot be empty' });
    await t.http.post(`${VARIABLES}/`).set(header).send({ value: 'v' }).expect(400, { detail: 'Variable name cannot be empty' });
    await t.http.post(`${VARIABLES}/`).set(header).send({ name: 'N' }).expect(400, { detail: 'Variable value cannot be empty' });
    await t.http.post(`${VARIABLES}/`).set(header).send({ name: 'N', value: 'v' }).expect(201);
    await t.http.post(`${VARIABLES}/`).set(header).send({ name: 'N', value: 'w' }).expect(400, { detail: 'Variable name already exists' });
    const other = await t.http.post(`${VARIABLES}/`).set(header).send({ name: 'M', value: 'v' }).expect(201);
    await t.http.patch(`${VARIABLES}/${other.body.id}`).set(header).send({ name: 'N' }).expect(400, { detail: 'Variable name already exists' });
    await t.http.patch(`${VARIABLES}/00000000-0000-4000-8000-000000000000`).set(header).send({ name: 'x' }).expect(404, { detail: 'Variable not found' });
    await t.http.delete(`${VARIABLES}/00000000-0000-4000-8000-000000000000`).set(header).expect(404, { detail: 'Variable not found' });
    await t.http.delete(`${VARIABLES}/nope`).set(header).expect(422);
  });

  it('hides __internal__ variables, renames, and deletes', async () => {
    const { header } = await freshUser('crud');
    await t.http.post(`${VARIABLES}/`).set(header).send({ name: '__hidden__', value: 'v', type: 'Generic' }).expect(201);
    const v = await t.http.post(`${VARIABLES}/`).set(header).send({ name: 'VISIBLE', value: 'v', type: 'Generic' }).expect(201);
    expect((await t.http.get(`${VARIABLES}/`).set(header).expect(200)).body.map((x: any) => x.name)).toEqual(['VISIBLE']);
    const renamed = await t.http.patch(`${VARIABLES}/${v.body.id}`).set(header).send({ name: 'RENAMED', value: 'w' }).expect(200);
    expect(renamed.body).toMatchObject({ name: 'RENAMED', value: 'w' });
    await t.http.delete(`${VARIABLES}/${v.body.id}`).set(header).expect(204);
    expect((await t.http.get(`${VARIABLES}/`).set(header).expect(200)).body).toEqual([]);
  });

  it('resolves variables for runs: the user\'s own, then the environment, else undefined', async () => {
    const a = await freshUser('resolve-a');
    const b = await freshUser('resolve-b');
    await t.http.post(`${VARIABLES}/`).set(a.header).send({ name: 'MY_KEY', value: SECRET }).expect(201);
    await t.http.post(`${VARIABLES}/`).set(a.header).send({ name: 'PLAIN', value: 'plain', type: 'Generic' }).expect(201);
    const service = t.app.get(VariablesService);
    expect(await service.resolveForRun(a.id, 'MY_KEY')).toBe(SECRET);
    expect(await service.resolveForRun(a.id, 'PLAIN')).toBe('plain');
    expect(await service.resolveForRun(b.id, 'MY_KEY')).toBeUndefined();
    process.env.NESTFLOW_TEST_FALLBACK_VAR = 'from-env';
    try {
      expect(await service.resolveForRun(b.id, 'NESTFLOW_TEST_FALLBACK_VAR')).toBe('from-env');
      expect(await service.resolver.get('NESTFLOW_TEST_FALLBACK_VAR', { userId: b.id })).toBe('from-env');
    } finally {
      delete process.env.NESTFLOW_TEST_FALLBACK_VAR;
    }
    expect(await service.resolveForRun(b.id, 'NESTFLOW_TEST_FALLBACK_VAR')).toBeUndefined();
  });

  describe('with LANGFLOW_FALLBACK_TO_ENV_VAR=false', () => {
    it('does not read the environment', async () => {
      const other = await createTestApp({ env: { LANGFLOW_FALLBACK_TO_ENV_VAR: 'false' } });
      process.env.NESTFLOW_TEST_FALLBACK_VAR = 'from-env';
      try {
        expect(await other.app.get(VariablesService).resolveForRun(null, 'NESTFLOW_TEST_FALLBACK_VAR')).toBeUndefined();
      } finally {
        delete process.env.NESTFLOW_TEST_FALLBACK_VAR;
        await other.close();
      }
    });
  });
});
