import JSZip from 'jszip';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { compileFlow, createDefaultRegistry } from '../../src/engine';
import { autoLoginHeader, createTestApp, createUniqueUser, TestApp } from '../setup/create-test-app';
import { binaryParser, expectedExportData, flowBody, hasFixtures, loadFixtures } from '../factories/flow.factory';

const FLOWS = '/api/v1/flows';
const fixtures = [...loadFixtures('starter-projects'), ...loadFixtures('test-flows')];
const withFixtures = hasFixtures ? describe : describe.skip;

describe('flows', () => {
  let t: TestApp;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await autoLoginHeader(t);
  });
  afterAll(() => t.close());

  const freshUser = (name: string) => createUniqueUser(t, admin, name);

  withFixtures('Langflow fixtures', () => {
    it('has all 33 starter projects and the test flows', () => {
      expect(loadFixtures('starter-projects')).toHaveLength(33);
      expect(loadFixtures('test-flows').length).toBeGreaterThanOrEqual(16);
    });

    it('imports every fixture through POST /flows/ and returns the same data', async () => {
      const { header } = await freshUser('create');
      for (const fixture of fixtures) {
        const created = await t.http.post(`${FLOWS}/`).set(header).send(fixture.json);
        expect({ file: fixture.file, status: created.status }).toEqual({ file: fixture.file, status: 201 });
        const read = await t.http.get(`${FLOWS}/${created.body.id}`).set(header).expect(200);
        expect(read.body.data).toEqual(fixture.json.data);
        expect(read.body.name).toBe(created.body.name);
        expect(read.body.description).toBe(fixture.json.description ?? null);
      }
    });

    it('imports every fixture through POST /flows/upload/, one file each and all in one', async () => {
      const { header } = await freshUser('upload');
      for (const fixture of fixtures) {
        const res = await t.http.post(`${FLOWS}/upload/`).set(header).attach('file', Buffer.from(fixture.text), fixture.file);
        expect({ file: fixture.file, status: res.status }).toEqual({ file: fixture.file, status: 201 });
        expect(res.body).toHaveLength(1);
        const read = await t.http.get(`${FLOWS}/${res.body[0].id}`).set(header).expect(200);
        expect(read.body.data).toEqual(fixture.json.data);
      }
      const all = Buffer.from(JSON.stringify({ flows: fixtures.map((f) => f.json) }));
      const res = await t.http.post(`${FLOWS}/upload/`).set(header).attach('file', all, 'all.json').expect(201);
      expect(res.body).toHaveLength(fixtures.length);
      for (let i = 0; i < fixtures.length; i++) {
        const read = await t.http.get(`${FLOWS}/${res.body[i].id}`).set(header).expect(200);
        expect(read.body.data).toEqual(fixtures[i].json.data);
      }
    });

    it('downloads flows as a ZIP whose files hold the same data (API keys emptied)', async () => {
      const { header } = await freshUser('download');
      const ids: string[] = [];
      const sent = new Map<string, any>();
      for (const fixture of fixtures) {
        const res = await t.http.post(`${FLOWS}/`).set(header).send(fixture.json).expect(201);
        ids.push(res.body.id);
        sent.set(res.body.name, fixture.json.data);
      }
      const res = await t.http.post(`${FLOWS}/download/`).set(header).send(ids).buffer(true).parse(binaryParser).expect(200);
      expect(res.headers['content-type']).toContain('application/x-zip-compressed');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename=\d{8}_\d{6}_langflow_flows\.zip$/);
      const zip = await JSZip.loadAsync(res.body);
      const files = Object.keys(zip.files);
      expect(files).toHaveLength(fixtures.length);
      for (const file of files) {
        const flow = JSON.parse(await zip.file(file)!.async('string'));
        expect(file).toBe(`${flow.name}.json`);
        expect(flow.data).toEqual(expectedExportData(sent.get(flow.name)));
        expect(flow).toHaveProperty('fs_path');
      }
    });
  });

  it('renames a flow imported three times to "X", "X (1)", "X (2)"', async () => {
    const { header } = await freshUser('names');
    const names: string[] = [];
    for (let i = 0; i < 3; i++) names.push((await t.http.post(`${FLOWS}/`).set(header).send(flowBody('X')).expect(201)).body.name);
    expect(names).toEqual(['X', 'X (1)', 'X (2)']);
    const uploaded = await t.http.post(`${FLOWS}/upload/`).set(header).attach('file', Buffer.from(JSON.stringify(flowBody('X'))), 'x.json').expect(201);
    expect(uploaded.body[0].name).toBe('X (3)');
    // "X (1) (1)"-style names only count for their own base, and other users do not collide.
    expect((await t.http.post(`${FLOWS}/`).set(header).send(flowBody('X (1)')).expect(201)).body.name).toBe('X (1) (1)');
    const other = await freshUser('names-other');
    expect((await t.http.post(`${FLOWS}/`).set(other.header).send(flowBody('X')).expect(201)).body.name).toBe('X');
  });

  it('keeps names unique when the same flow is imported concurrently', async () => {
    const { header } = await freshUser('concurrent');
    const results = await Promise.all(
      Array.from({ length: 6 }, () => t.http.post(`${FLOWS}/`).set(header).send(flowBody('Same', { endpoint_name: 'same-ep' }))),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.body.name)).size).toBe(6);
    expect(new Set(results.map((r) => r.body.endpoint_name)).size).toBe(6);
    expect(results.map((r) => r.body.name).sort()).toEqual(['Same', 'Same (1)', 'Same (2)', 'Same (3)', 'Same (4)', 'Same (5)']);
  });

  it('de-duplicates endpoint names as "ep", "ep-1", "ep-2" and validates them', async () => {
    const { header } = await freshUser('endpoints');
    const eps: string[] = [];
    for (let i = 0; i < 3; i++) eps.push((await t.http.post(`${FLOWS}/`).set(header).send(flowBody(`E${i}`, { endpoint_name: 'ep' })).expect(201)).body.endpoint_name);
    expect(eps).toEqual(['ep', 'ep-1', 'ep-2']);
    const bad = await t.http.post(`${FLOWS}/`).set(header).send(flowBody('bad', { endpoint_name: 'no spaces!' })).expect(422);
    expect(bad.body).toEqual({ detail: 'Endpoint name must contain only letters, numbers, hyphens, and underscores' });
  });

  it('validates FlowCreate like Langflow', async () => {
    const { header } = await freshUser('validate');
    const missing = await t.http.post(`${FLOWS}/`).set(header).send({ description: 'no name' }).expect(422);
    expect(missing.body.detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'name'] });
    const noNodes = await t.http.post(`${FLOWS}/`).set(header).send({ name: 'n', data: { edges: [] } }).expect(422);
    expect(noNodes.body.detail[0]).toMatchObject({ loc: ['body', 'data'], msg: 'Value error, Flow must have nodes' });
    const noEdges = await t.http.post(`${FLOWS}/`).set(header).send({ name: 'n', data: { nodes: [] } }).expect(422);
    expect(noEdges.body.detail[0].msg).toBe('Value error, Flow must have edges');
    await t.http.post(`${FLOWS}/`).set(header).send({ name: 'n', icon_bg_color: 'red' }).expect(422);
    await t.http.post(`${FLOWS}/`).set(header).send({ name: 'n', access_type: 'SECRET' }).expect(422);
    await t.http.post(`${FLOWS}/`).set(header).send({ name: 'n', fs_path: '../../etc/passwd' }).expect(400);
    await t.http.get(`${FLOWS}/not-a-uuid`).set(header).expect(422);
    const empty = await t.http.post(`${FLOWS}/`).set(header).send({ name: 'empty' }).expect(201);
    expect(empty.body).toMatchObject({ data: null, tags: [], access_type: 'PRIVATE', locked: false, webhook: false });
  });

  it('returns the full FlowRead field set and puts new flows in the default project', async () => {
    const { id: userId, header } = await freshUser('fields');
    const res = await t.http.post(`${FLOWS}/`).set(header).send(flowBody('Fields', { tags: ['a'], icon: ':rocket:', icon_bg_color: '#aabbcc', gradient: '2' })).expect(201);
    expect(Object.keys(res.body).sort()).toEqual(
      ['name', 'description', 'icon', 'icon_bg_color', 'gradient', 'data', 'is_component', 'updated_at', 'webhook', 'endpoint_name', 'tags',
        'locked', 'mcp_enabled', 'action_name', 'action_description', 'access_type', 'id', 'user_id', 'folder_id'].sort(),
    );
    expect(res.body.user_id).toBe(userId);
    expect(res.body.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    const projects = await t.http.get('/api/v1/projects/').set(header).expect(200);
    const starter = projects.body.find((p: any) => p.name === 'Starter Project');
    expect(res.body.folder_id).toBe(starter.id);
  });

  it('sets webhook when a node id contains "Webhook"', async () => {
    const { header } = await freshUser('webhook');
    const body = flowBody('W');
    body.data.nodes.push({ id: 'Webhook-xyz12', data: { type: 'Webhook' } });
    const res = await t.http.post(`${FLOWS}/`).set(header).send(body).expect(201);
    expect(res.body.webhook).toBe(true);
    const patched = await t.http.patch(`${FLOWS}/${res.body.id}`).set(header).send({ data: flowBody('W').data }).expect(200);
    expect(patched.body.webhook).toBe(false);
  });

  it('applies PATCH like Langflow: set non-null fields, clear an omitted endpoint_name, 404 wording', async () => {
    const { header } = await freshUser('patch');
    const created = await t.http.post(`${FLOWS}/`).set(header).send(flowBody('P', { endpoint_name: 'p-ep' })).expect(201);
    const id = created.body.id;
    const renamed = await t.http.patch(`${FLOWS}/${id}`).set(header).send({ name: 'P2', description: null, endpoint_name: 'p-ep' }).expect(200);
    expect(renamed.body).toMatchObject({ name: 'P2', description: 'P description', endpoint_name: 'p-ep' });
    const cleared = await t.http.patch(`${FLOWS}/${id}`).set(header).send({ locked: true }).expect(200);
    expect(cleared.body).toMatchObject({ name: 'P2', locked: true, endpoint_name: null });
    const read = await t.http.get(`${FLOWS}/${id}`).set(header).expect(200);
    expect(read.body).toMatchObject({ endpoint_name: null, locked: true });
    const bad = await t.http.patch(`${FLOWS}/${id}`).set(header).send({ endpoint_name: 'a b' }).expect(422);
    expect(bad.body.detail).toBe('Endpoint name must contain only letters, numbers, hyphens, and underscores');
    await t.http.post(`${FLOWS}/`).set(header).send(flowBody('Other', { endpoint_name: 'taken' })).expect(201);
    expect((await t.http.patch(`${FLOWS}/${id}`).set(header).send({ name: 'Other' }).expect(400)).body).toEqual({ detail: 'Name must be unique' });
    expect((await t.http.patch(`${FLOWS}/${id}`).set(header).send({ endpoint_name: 'taken' }).expect(400)).body).toEqual({ detail: 'Endpoint name must be unique' });
    const missing = await t.http.patch(`${FLOWS}/00000000-0000-4000-8000-000000000000`).set(header).send({ name: 'x' }).expect(404);
    expect(missing.body).toEqual({ detail: '404: Flow not found' });
    await t.http.get(`${FLOWS}/00000000-0000-4000-8000-000000000000`).set(header).expect(404, { detail: 'Flow not found' });
  });

  it('serves PUBLIC flows without credentials and nothing else', async () => {
    const { header } = await freshUser('public');
    const flow = await t.http.post(`${FLOWS}/`).set(header).send(flowBody('Pub')).expect(201);
    await t.http.get(`${FLOWS}/public_flow/${flow.body.id}`).expect(403, { detail: 'Flow is not public' });
    await t.http.patch(`${FLOWS}/${flow.body.id}`).set(header).send({ access_type: 'PUBLIC' }).expect(200);
    const pub = await t.http.get(`${FLOWS}/public_flow/${flow.body.id}`).expect(200);
    expect(pub.body).toMatchObject({ id: flow.body.id, access_type: 'PUBLIC', data: flowBody('Pub').data });

    // Anonymous viewers never see secrets stored in the graph.
    const secret = flowBody('Pub secret', { access_type: 'PUBLIC' });
    secret.data.nodes[0].data.node.template = { token: { name: 'token', password: true, value: 'hunter2' }, model: { name: 'model', value: 'gpt' } };
    const withSecret = await t.http.post(`${FLOWS}/`).set(header).send(secret).expect(201);
    const viewed = await t.http.get(`${FLOWS}/public_flow/${withSecret.body.id}`).expect(200);
    expect(viewed.text).not.toContain('hunter2');
    expect(viewed.body.data.nodes[0].data.node.template.model.value).toBe('gpt');
    expect((await t.http.get(`${FLOWS}/${withSecret.body.id}`).set(header).expect(200)).text).toContain('hunter2');
    await t.http.get(`${FLOWS}/public_flow/00000000-0000-4000-8000-000000000000`).expect(403);
  });

  it('lists all flows, headers only, components only, and gzips the list', async () => {
    const { header } = await freshUser('list');
    const flow = await t.http.post(`${FLOWS}/`).set(header).send(flowBody('Flow A')).expect(201);
    const component = await t.http.post(`${FLOWS}/`).set(header).send(flowBody('Comp A', { is_component: true })).expect(201);
    const mine = (rows: any[]) => rows.filter((r) => r.id === flow.body.id || r.id === component.body.id);

    const all = await t.http.get(`${FLOWS}/`).set(header).expect(200);
    expect(mine(all.body)).toHaveLength(2);
    expect(all.body.find((r: any) => r.id === flow.body.id).data).toEqual(flowBody('Flow A').data);

    const headers = await t.http.get(`${FLOWS}/?get_all=true&header_flows=true`).set(header).expect(200);
    const h = mine(headers.body);
    expect(h.find((r: any) => r.id === flow.body.id).data).toBeNull();
    expect(h.find((r: any) => r.id === component.body.id).data).toEqual(flowBody('Comp A').data);
    expect(h[0]).toEqual(expect.objectContaining({ id: expect.any(String), name: expect.any(String), folder_id: expect.any(String), access_type: 'PRIVATE', tags: [] }));

    const components = await t.http.get(`${FLOWS}/?components_only=true&get_all=true`).set(header).expect(200);
    expect(components.body.every((r: any) => r.is_component)).toBe(true);
    expect(mine(components.body).map((r: any) => r.id)).toEqual([component.body.id]);

    const raw = await t.http.get(`${FLOWS}/?get_all=true`).set(header).set('Accept-Encoding', 'gzip').buffer(true).parse(binaryParser).expect(200);
    expect(raw.headers['content-encoding']).toBe('gzip');
    // superagent inflates the body itself; the header shows it travelled gzipped.
    expect(JSON.parse(raw.body.toString('utf8')).length).toBe(all.body.length);

    const noExamples = await t.http.get(`${FLOWS}/?remove_example_flows=true`).set(header).expect(200);
    expect(noExamples.body.every((r: any) => r.user_id !== null)).toBe(true);
  });

  it('pages 250 flows with the right page, size, total and pages at every page', async () => {
    const { header } = await freshUser('paging');
    const flows = Array.from({ length: 250 }, (_, i) => flowBody(`Paged ${String(i).padStart(3, '0')}`));
    for (let i = 0; i < flows.length; i += 50) {
      await t.http.post(`${FLOWS}/batch/`).set(header).send({ flows: flows.slice(i, i + 50) }).expect(201);
    }
    for (const size of [50, 100, 7]) {
      const pages = Math.ceil(250 / size);
      const seen = new Set<string>();
      for (let page = 1; page <= pages + 1; page++) {
        const res = await t.http.get(`${FLOWS}/?get_all=false&page=${page}&size=${size}`).set(header).expect(200);
        const expectedItems = page <= pages ? Math.min(size, 250 - (page - 1) * size) : 0;
        expect({ page: res.body.page, size: res.body.size, total: res.body.total, pages: res.body.pages, items: res.body.items.length })
          .toEqual({ page, size, total: 250, pages, items: expectedItems });
        for (const item of res.body.items) seen.add(item.id);
      }
      expect(seen.size).toBe(250);
    }
    const defaults = await t.http.get(`${FLOWS}/?get_all=false`).set(header).expect(200);
    expect(defaults.body).toMatchObject({ page: 1, size: 50, total: 250, pages: 5 });
    await t.http.get(`${FLOWS}/?get_all=false&size=101`).set(header).expect(422);
    await t.http.get(`${FLOWS}/?get_all=false&page=0`).set(header).expect(422);
  });

  it('creates batches without renaming, all or nothing', async () => {
    const { header } = await freshUser('batch');
    const ok = await t.http.post(`${FLOWS}/batch/`).set(header).send({ flows: [flowBody('B1'), flowBody('B2')] }).expect(201);
    expect(ok.body.map((f: any) => f.name)).toEqual(['B1', 'B2']);
    const clash = await t.http.post(`${FLOWS}/batch/`).set(header).send({ flows: [flowBody('B3'), flowBody('B1')] }).expect(400);
    expect(clash.body).toEqual({ detail: 'Name must be unique' });
    const names = (await t.http.get(`${FLOWS}/?remove_example_flows=true`).set(header).expect(200)).body.map((f: any) => f.name);
    expect(names.sort()).toEqual(['B1', 'B2']);
  });

  it('deletes one flow or several, only the caller\'s', async () => {
    const { header } = await freshUser('delete');
    const ids: string[] = [];
    for (const name of ['D1', 'D2', 'D3']) ids.push((await t.http.post(`${FLOWS}/`).set(header).send(flowBody(name)).expect(201)).body.id);
    await t.http.delete(`${FLOWS}/${ids[0]}`).set(header).expect(200, { message: 'Flow deleted successfully' });
    await t.http.get(`${FLOWS}/${ids[0]}`).set(header).expect(404);
    await t.http.delete(`${FLOWS}/${ids[0]}`).set(header).expect(404, { detail: 'Flow not found' });
    const res = await t.http.delete(`${FLOWS}/`).set(header).send([ids[1], ids[2], '00000000-0000-4000-8000-000000000000']).expect(200);
    expect(res.body).toEqual({ deleted: 2 });
    await t.http.delete(`${FLOWS}/`).set(header).send(['nope']).expect(422);
  });

  it('deleting a flow removes its messages, transactions and vertex builds', async () => {
    const { header } = await freshUser('cascade');
    const ids: string[] = [];
    for (const name of ['K1', 'K2']) ids.push((await t.http.post(`${FLOWS}/`).set(header).send(flowBody(name)).expect(201)).body.id);
    const ds = t.app.get(DataSource);
    const p = (n: number) => (ds.options.type === 'postgres' ? `$${n}` : '?');
    const pg = ds.options.type === 'postgres';
    const now = pg ? new Date() : new Date().toISOString();
    const yes = pg ? true : 1;
    for (const flowId of ids) {
      await ds.query(`INSERT INTO "message" ("id","timestamp","sender","sender_name","session_id","flow_id") VALUES (${p(1)},${p(2)},${p(3)},${p(4)},${p(5)},${p(6)})`, [randomUUID(), now, 'User', 'User', 's1', flowId]);
      await ds.query(`INSERT INTO "transaction" ("id","timestamp","vertex_id","status","flow_id") VALUES (${p(1)},${p(2)},${p(3)},${p(4)},${p(5)})`, [randomUUID(), now, 'ChatInput-a1b2c', 'success', flowId]);
      await ds.query(`INSERT INTO "vertex_build" ("build_id","id","timestamp","valid","flow_id") VALUES (${p(1)},${p(2)},${p(3)},${p(4)},${p(5)})`, [randomUUID(), 'ChatInput-a1b2c', now, yes, flowId]);
    }
    const count = async (table: string, flowId: string) =>
      Number((await ds.query(`SELECT COUNT(*) AS n FROM "${table}" WHERE "flow_id" = ${p(1)}`, [flowId]))[0].n);
    await t.http.delete(`${FLOWS}/${ids[0]}`).set(header).expect(200);
    await t.http.delete(`${FLOWS}/`).set(header).send([ids[1]]).expect(200, { deleted: 1 });
    for (const flowId of ids) for (const table of ['message', 'transaction', 'vertex_build']) expect(await count(table, flowId)).toBe(0);
  });

  it('downloads a single flow as its JSON and 404s on none', async () => {
    const { header } = await freshUser('single');
    const body = flowBody('Single');
    body.data.nodes[0].data.node.template = { openai_api_key: { name: 'openai_api_key', password: true, value: 'sk-secret' }, temperature: { name: 'temperature', value: 0.1 } };
    const flow = await t.http.post(`${FLOWS}/`).set(header).send(body).expect(201);
    const res = await t.http.post(`${FLOWS}/download/`).set(header).send([flow.body.id]).expect(200);
    expect(res.body).toMatchObject({ id: flow.body.id, name: 'Single', fs_path: null });
    expect(res.body.data.nodes[0].data.node.template).toEqual({ openai_api_key: { name: 'openai_api_key', password: true, value: null }, temperature: { name: 'temperature', value: 0.1 } });
    await t.http.post(`${FLOWS}/download/`).set(header).send(['00000000-0000-4000-8000-000000000000']).expect(404, { detail: 'No flows found.' });
  });

  it('imports and lists a 5 MB flow', async () => {
    const { header } = await freshUser('big');
    const body = flowBody('Big');
    body.data.nodes[0].data.node.template = { blob: { name: 'blob', value: 'x'.repeat(5 * 1024 * 1024) } };
    const created = await t.http.post(`${FLOWS}/`).set(header).send(body).expect(201);
    const upload = await t.http.post(`${FLOWS}/upload/`).set(header).attach('file', Buffer.from(JSON.stringify(body)), 'big.json').expect(201);
    expect(upload.body[0].name).toBe('Big (1)');
    const list = await t.http.get(`${FLOWS}/?remove_example_flows=true`).set(header).expect(200);
    expect(list.body).toHaveLength(2);
    const read = await t.http.get(`${FLOWS}/${created.body.id}`).set(header).expect(200);
    expect(read.body.data.nodes[0].data.node.template.blob.value).toHaveLength(5 * 1024 * 1024);
  });

  it('rejects uploads without a file or with bad JSON', async () => {
    const { header } = await freshUser('bad-upload');
    const missing = await t.http.post(`${FLOWS}/upload/`).set(header).field('x', '1').expect(422);
    expect(missing.body.detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'file'] });
    await t.http.post(`${FLOWS}/upload/`).set(header).attach('file', Buffer.from('{not json'), 'x.json').expect(400);
    await t.http.post(`${FLOWS}/upload/`).set(header).attach('file', Buffer.from(JSON.stringify({ description: 'no name' })), 'x.json').expect(422);
  });

  it('answers malformed bodies with 4xx, never 500', async () => {
    const { header } = await freshUser('malformed');
    const bad: [string, string, unknown][] = [
      ['post', `${FLOWS}/`, []],
      ['post', `${FLOWS}/`, 'just a string'],
      ['post', `${FLOWS}/`, { name: 5 }],
      ['post', `${FLOWS}/`, { name: 'x', data: 'not a graph' }],
      ['post', `${FLOWS}/`, { name: 'x', data: [] }],
      ['post', `${FLOWS}/`, { name: 'x', tags: 'a' }],
      ['post', `${FLOWS}/`, { name: 'x', folder_id: 'nope' }],
      ['post', `${FLOWS}/batch/`, { flows: 'x' }],
      ['post', `${FLOWS}/batch/`, { flows: [1, null] }],
      ['post', `${FLOWS}/batch/`, {}],
      ['post', `${FLOWS}/download/`, { ids: [] }],
      ['delete', `${FLOWS}/`, 'x'],
      ['post', '/api/v1/projects/', { name: ['x'] }],
      ['post', '/api/v1/projects/', { name: 'p', flows_list: ['nope'] }],
      ['post', '/api/v1/variables/', { name: 1, value: 2 }],
      ['post', '/api/v1/variables/', { name: 'n', value: 'v', default_fields: 'x' }],
    ];
    for (const [method, url, body] of bad) {
      const res = await (t.http as any)[method](url).set(header).send(body as object);
      expect({ url, body, status: res.status >= 400 && res.status < 500 }).toEqual({ url, body, status: true });
      expect(res.body).toHaveProperty('detail');
    }
    for (const content of ['{"flows": "x"}', '{"flows": [1]}', '[]', '"x"', 'null', '{"name": "n", "data": {"nodes": []}}']) {
      const res = await t.http.post(`${FLOWS}/upload/`).set(header).attach('file', Buffer.from(content), 'f.json');
      expect({ content, status: res.status >= 400 && res.status < 500 }).toEqual({ content, status: true });
    }
    for (const content of ['[]', '{"folder_name": "x", "flows": [1]}', '{"folder_name": 1, "flows": []}', 'PK\u0003\u0004garbage']) {
      const res = await t.http.post('/api/v1/projects/upload/').set(header).attach('file', Buffer.from(content), 'p.json');
      expect({ content, status: res.status >= 400 && res.status < 500 }).toEqual({ content, status: true });
    }
  });

  it('expands a compact flow into full flow data that compiles and imports', async () => {
    const { header } = await freshUser('expand');
    const compact = {
      nodes: [
        { id: 'ChatInput-1', type: 'ChatInput', values: { input_value: 'hello' } },
        { id: 'ChatOutput-1', type: 'ChatOutput' },
      ],
      edges: [{ source: 'ChatInput-1', source_output: 'message', target: 'ChatOutput-1', target_input: 'input_value' }],
    };
    const res = await t.http.post(`${FLOWS}/expand/`).set(header).send(compact).expect(200);
    expect(res.body.nodes.map((n: any) => [n.id, n.data.type])).toEqual([['ChatInput-1', 'ChatInput'], ['ChatOutput-1', 'ChatOutput']]);
    expect(res.body.nodes[0].data.node.template.input_value.value).toBe('hello');
    expect(res.body.edges[0].sourceHandle).toContain('œ');
    const plan = compileFlow(res.body, createDefaultRegistry());
    expect(plan).toBeDefined();
    await t.http.post(`${FLOWS}/`).set(header).send({ name: 'Expanded', data: res.body }).expect(201);

    await t.http.post(`${FLOWS}/expand/`).set(header).send({ nodes: [{ id: 'x', type: 'NoSuchComponent' }] }).expect(400);
    await t.http.post(`${FLOWS}/expand/`).set(header).send({ ...compact, edges: [{ ...compact.edges[0], source_output: 'nope' }] }).expect(400);
    await t.http.post(`${FLOWS}/expand/`).set(header).send({ nodes: 'x' }).expect(422);
    await t.http.post(`${FLOWS}/expand/`).send(compact).expect(403);
  });

  it('also writes a flow with fs_path under the user\'s flow directory', async () => {
    const { id, header } = await freshUser('fspath');
    const created = await t.http.post(`${FLOWS}/`).set(header).send(flowBody('On disk', { fs_path: 'sub/on-disk.json' })).expect(201);
    const file = join(t.configDir, 'flows', id, 'sub', 'on-disk.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ id: created.body.id, name: 'On disk', data: flowBody('x').data });
    await t.http.patch(`${FLOWS}/${created.body.id}`).set(header).send({ description: 'changed' }).expect(200);
    expect(JSON.parse(readFileSync(file, 'utf8')).description).toBe('changed');
    await t.http.patch(`${FLOWS}/${created.body.id}`).set(header).send({ fs_path: '/etc/evil.json' }).expect(400, { detail: 'Invalid file path' });
    await t.http.delete(`/api/v1/users/${id}`).set(admin).expect(200);
    expect(existsSync(file)).toBe(false);
  });

  it('serves basic examples without credentials', async () => {
    const res = await t.http.get(`${FLOWS}/basic_examples/`).expect(200);
    expect(Array.isArray(res.body)).toBe(true);
    for (const flow of res.body) expect(flow).toMatchObject({ user_id: null, id: expect.any(String), data: expect.any(Object) });
  });

  // Apps with other settings last: Passport strategies are process-wide, so the latest app's auth wins.
  describe('with LANGFLOW_REMOVE_API_KEYS=true', () => {
    it('empties API-key fields of flows saved through PATCH', async () => {
      const app = await createTestApp({ env: { LANGFLOW_REMOVE_API_KEYS: 'true' } });
      try {
        const header = await autoLoginHeader(app);
        const body = flowBody('Keys');
        body.data.nodes[0].data.node.template = { api_key: { name: 'api_key', password: true, value: 'sk-live' }, model: { name: 'model', value: 'gpt' } };
        const created = await app.http.post(`${FLOWS}/`).set(header).send(body).expect(201);
        const patched = await app.http.patch(`${FLOWS}/${created.body.id}`).set(header).send({ data: body.data }).expect(200);
        expect(patched.body.data.nodes[0].data.node.template).toEqual({ api_key: { name: 'api_key', password: true, value: null }, model: { name: 'model', value: 'gpt' } });
      } finally {
        await app.close();
      }
    });
  });

  describe('with a 1 MB upload limit', () => {
    it('answers 413 with Langflow\'s message for a larger upload or body', async () => {
      const small = await createTestApp({ env: { LANGFLOW_MAX_FILE_SIZE_UPLOAD: '1' } });
      try {
        const header = await autoLoginHeader(small);
        const body = flowBody('Too big');
        body.data.nodes[0].data.node.template = { blob: { value: 'x'.repeat(2 * 1024 * 1024) } };
        const upload = await small.http.post(`${FLOWS}/upload/`).set(header).attach('file', Buffer.from(JSON.stringify(body)), 'big.json').expect(413);
        expect(upload.body.detail).toMatch(/^Content size limit exceeded\. Maximum allowed is 1MB and got 2\.\d\dMB\.$/);
        const project = await small.http.post('/api/v1/projects/upload/').set(header).attach('file', Buffer.from(JSON.stringify({ folder_name: 'p', flows: [body] })), 'p.json').expect(413);
        expect(project.body.detail).toMatch(/^Content size limit exceeded/);
        await small.http.post(`${FLOWS}/`).set(header).send(body).expect(413);
      } finally {
        await small.close();
      }
    });
  });
});
