import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StarterProjectsService } from '../../src/starter-projects/starter-projects.service';
import { autoLoginHeader, createTestApp, TestApp } from '../setup/create-test-app';
import { createTestDatabase } from '../setup/test-database';
import { binaryParser } from '../factories/flow.factory';

const API = '/api/v1';

describe('catalog, prompt validation and starter projects', () => {
  let t: TestApp;
  let header: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    header = await autoLoginHeader(t);
  });
  afterAll(() => t.close());

  it('GET /all needs credentials and returns a non-empty catalog, gzipped when accepted', async () => {
    await t.http.get(`${API}/all`).expect(403);
    const res = await t.http.get(`${API}/all?force_refresh=true`).set(header).expect(200);
    const categories = Object.keys(res.body);
    expect(categories.length).toBeGreaterThan(0);
    const nodes = categories.flatMap((c) => Object.values<any>(res.body[c]));
    expect(nodes.length).toBeGreaterThan(3);
    for (const node of nodes) expect(node).toEqual(expect.objectContaining({ template: expect.any(Object), display_name: expect.any(String), outputs: expect.any(Array) }));
    const chatInput = categories.map((c) => res.body[c].ChatInput).find(Boolean);
    expect(chatInput).toBeDefined();

    const zipped = await t.http.get(`${API}/all`).set(header).set('Accept-Encoding', 'gzip').buffer(true).parse(binaryParser).expect(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('Accept-Encoding');
    expect(JSON.parse(zipped.body.toString('utf8'))).toEqual(res.body);
    const plain = await t.http.get(`${API}/all`).set(header).set('Accept-Encoding', 'identity').buffer(true).parse(binaryParser).expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.body.toString('utf8'))).toEqual(res.body);
  });

  it('POST /validate/prompt extracts variables and updates the prompt node', async () => {
    const frontend_node = {
      template: { template: { value: '' }, old_var: { value: 'x' } },
      custom_fields: { template: ['old_var'] },
    };
    const res = await t.http.post(`${API}/validate/prompt`).set(header).send({ name: 'template', template: 'Hi {name}, {question} {{literal}}', frontend_node }).expect(200);
    expect(res.body.input_variables).toEqual(['name', 'question']);
    expect(res.body.frontend_node.custom_fields.template).toEqual(['name', 'question']);
    expect(res.body.frontend_node.template.name).toMatchObject({ name: 'name', display_name: 'name', type: 'str', multiline: true, show: true });
    expect(res.body.frontend_node.template.old_var).toBeUndefined();

    const mustache = await t.http.post(`${API}/validate/prompt`).set(header).send({ name: 'template', template: 'Hi {{ who }}', mustache: true, frontend_node: { template: {} } }).expect(200);
    expect(mustache.body.input_variables).toEqual(['who']);

    const bare = await t.http.post(`${API}/validate/prompt`).set(header).send({ name: 'template', template: 'Hi {name}' }).expect(200);
    expect(bare.body).toEqual({ input_variables: [], frontend_node: null });

    const bad = await t.http.post(`${API}/validate/prompt`).set(header).send({ name: 'template', template: 'Hi {name', frontend_node: { template: {} } }).expect(400);
    expect(typeof bad.body.detail).toBe('string');
    await t.http.post(`${API}/validate/prompt`).set(header).send({ template: 'x' }).expect(422);
    await t.http.post(`${API}/validate/prompt`).send({ name: 'template', template: 'x' }).expect(403);
  });

  it('GET /starter-projects/ lists the templates as graph dumps', async () => {
    await t.http.get(`${API}/starter-projects/`).expect(403);
    const res = await t.http.get(`${API}/starter-projects/`).set(header).expect(200);
    expect(res.body.length).toBeGreaterThan(0);
    for (const p of res.body) {
      expect(Object.keys(p).sort()).toEqual(['data', 'description', 'endpoint_name', 'is_component', 'name']);
      expect(p.data).toEqual(expect.objectContaining({ nodes: expect.any(Array), edges: expect.any(Array) }));
    }
  });

  it('serves the templates as the global "Starter Projects" flows through basic_examples', async () => {
    const starters = (await t.http.get(`${API}/starter-projects/`).set(header).expect(200)).body;
    const res = await t.http.get(`${API}/flows/basic_examples/`).expect(200);
    expect(res.body.map((f: any) => f.name).sort()).toEqual(starters.map((s: any) => s.name).sort());
    const folderIds = new Set(res.body.map((f: any) => f.folder_id));
    expect(folderIds.size).toBe(1);
    for (const flow of res.body) {
      expect(flow.user_id).toBeNull();
      expect(flow.data).toEqual(starters.find((s: any) => s.name === flow.name).data);
    }
    // Hidden from the project list, and from the flow list with remove_example_flows.
    const projects = (await t.http.get(`${API}/projects/`).set(header).expect(200)).body;
    expect(projects.some((p: any) => folderIds.has(p.id))).toBe(false);
    const own = (await t.http.get(`${API}/flows/?remove_example_flows=true`).set(header).expect(200)).body;
    expect(own.some((f: any) => f.user_id === null)).toBe(false);
    // Readable by id, but no one can change or delete them.
    const id = res.body[0].id;
    await t.http.get(`${API}/flows/${id}`).set(header).expect(200);
    await t.http.patch(`${API}/flows/${id}`).set(header).send({ name: 'mine now' }).expect(404);
    await t.http.delete(`${API}/flows/${id}`).set(header).expect(404);
  });

  it('seeds idempotently, even when runs overlap', async () => {
    const before = (await t.http.get(`${API}/flows/basic_examples/`).expect(200)).body;
    const service = t.app.get(StarterProjectsService);
    await Promise.all([service.seed(), service.seed(), service.seed()]);
    const after = (await t.http.get(`${API}/flows/basic_examples/`).expect(200)).body;
    expect(after.map((f: any) => f.id).sort()).toEqual(before.map((f: any) => f.id).sort());
  });

  describe('restarts and settings', () => {
    it('keeps one copy of each template across restarts on the same database', async () => {
      const configDir = mkdtempSync(join(tmpdir(), 'nestflow-e2e-starters-'));
      const database = await createTestDatabase();
      try {
        const first = await createTestApp({ configDir, database, keep: true });
        const count = (await first.http.get(`${API}/flows/basic_examples/`).expect(200)).body.length;
        await first.close();
        const second = await createTestApp({ configDir, database, keep: true });
        expect((await second.http.get(`${API}/flows/basic_examples/`).expect(200)).body).toHaveLength(count);
        await second.close();
      } finally {
        await database.drop();
        rmSync(configDir, { recursive: true, force: true });
      }
    });

    it('creates no starter flows with LANGFLOW_CREATE_STARTER_PROJECTS=false', async () => {
      const other = await createTestApp({ env: { LANGFLOW_CREATE_STARTER_PROJECTS: 'false' } });
      try {
        await other.http.get(`${API}/flows/basic_examples/`).expect(200, []);
      } finally {
        await other.close();
      }
    });
  });
});
