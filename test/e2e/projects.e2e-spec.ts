import JSZip from 'jszip';
import { autoLoginHeader, createTestApp, createUniqueUser, loginHeader, TestApp } from '../setup/create-test-app';
import { binaryParser, expectedExportData, flowBody, hasFixtures, loadFixtures } from '../factories/flow.factory';

const PROJECTS = '/api/v1/projects';
const FLOWS = '/api/v1/flows';
const withFixtures = hasFixtures ? it : it.skip;

describe('projects', () => {
  let t: TestApp;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await autoLoginHeader(t);
  });
  afterAll(() => t.close());

  const freshUser = (name: string) => createUniqueUser(t, admin, name);

  it('gives every user a default "Starter Project" at creation and login, listed first', async () => {
    const { header } = await freshUser('default');
    const res = await t.http.get(`${PROJECTS}/`).set(header).expect(200);
    expect(res.body[0]).toEqual({ name: 'Starter Project', description: 'Manage your own flows. Download and upload projects.', auth_settings: null, id: expect.any(String), parent_id: null });
    expect(res.body.filter((p: any) => p.name === 'Starter Project')).toHaveLength(1);
    expect(res.body.some((p: any) => p.name === 'Starter Projects')).toBe(false);
  });

  it('recreates a deleted default project lazily', async () => {
    const { header } = await freshUser('lazy');
    const [project] = (await t.http.get(`${PROJECTS}/`).set(header).expect(200)).body;
    await t.http.delete(`${PROJECTS}/${project.id}`).set(header).expect(204);
    const flow = await t.http.post(`${FLOWS}/`).set(header).send(flowBody('Homeless')).expect(201);
    const again = (await t.http.get(`${PROJECTS}/`).set(header).expect(200)).body;
    expect(again[0].name).toBe('Starter Project');
    expect(again[0].id).not.toBe(project.id);
    expect(flow.body.folder_id).toBe(again[0].id);
  });

  it('creates, renames on clash, moves flows in, reads, patches and deletes', async () => {
    const { header } = await freshUser('crud');
    const f1 = (await t.http.post(`${FLOWS}/`).set(header).send(flowBody('F1')).expect(201)).body;
    const c1 = (await t.http.post(`${FLOWS}/`).set(header).send(flowBody('C1', { is_component: true })).expect(201)).body;
    const created = await t.http.post(`${PROJECTS}/`).set(header).send({ name: 'Proj', description: 'd', flows_list: [f1.id], components_list: [c1.id] }).expect(201);
    expect(created.body).toEqual({ name: 'Proj', description: 'd', auth_settings: null, id: expect.any(String), parent_id: null });
    expect((await t.http.post(`${PROJECTS}/`).set(header).send({ name: 'Proj' }).expect(201)).body.name).toBe('Proj (1)');
    expect((await t.http.post(`${PROJECTS}/`).set(header).send({ name: 'Proj' }).expect(201)).body.name).toBe('Proj (2)');

    const full = await t.http.get(`${PROJECTS}/${created.body.id}`).set(header).expect(200);
    expect(full.body).toMatchObject({ name: 'Proj', id: created.body.id });
    expect(full.body.flows.map((f: any) => f.id).sort()).toEqual([f1.id, c1.id].sort());
    expect(full.body.flows.find((f: any) => f.id === f1.id).data).toEqual(flowBody('F1').data);

    const f2 = (await t.http.post(`${FLOWS}/`).set(header).send(flowBody('F2')).expect(201)).body;
    const patched = await t.http.patch(`${PROJECTS}/${created.body.id}`).set(header).send({ name: 'Proj renamed', description: 'new', flows: [f2.id] }).expect(200);
    expect(patched.body).toMatchObject({ name: 'Proj renamed', description: 'new' });
    expect((await t.http.get(`${FLOWS}/${f2.id}`).set(header).expect(200)).body.folder_id).toBe(created.body.id);
    await t.http.patch(`${PROJECTS}/${created.body.id}`).set(header).send({ name: 'Proj (1)' }).expect(400);

    await t.http.delete(`${PROJECTS}/${created.body.id}`).set(header).expect(204);
    await t.http.get(`${PROJECTS}/${created.body.id}`).set(header).expect(404, { detail: 'Project not found' });
    for (const id of [f1.id, c1.id, f2.id]) await t.http.get(`${FLOWS}/${id}`).set(header).expect(404);
  });

  it('pages a project\'s flows with search and kind filters, as the UI asks', async () => {
    const { header } = await freshUser('page');
    const project = (await t.http.post(`${PROJECTS}/`).set(header).send({ name: 'Paged' }).expect(201)).body;
    const flows = [
      ...Array.from({ length: 30 }, (_, i) => flowBody(`Alpha ${i}`, { folder_id: project.id })),
      ...Array.from({ length: 5 }, (_, i) => flowBody(`Beta ${i}`, { folder_id: project.id, is_component: true })),
    ];
    await t.http.post(`${FLOWS}/batch/`).set(header).send({ flows }).expect(201);
    const res = await t.http.get(`${PROJECTS}/${project.id}?id=${project.id}&page=1&size=12&is_component=false&is_flow=true&search=`).set(header).expect(200);
    expect(res.body.folder).toMatchObject({ id: project.id, name: 'Paged' });
    expect(res.body.flows).toMatchObject({ total: 30, page: 1, size: 12, pages: 3 });
    expect(res.body.flows.items).toHaveLength(12);
    const last = await t.http.get(`${PROJECTS}/${project.id}?page=3&size=12&is_flow=true`).set(header).expect(200);
    expect(last.body.flows.items).toHaveLength(6);
    const comps = await t.http.get(`${PROJECTS}/${project.id}?page=1&size=12&is_component=true`).set(header).expect(200);
    expect(comps.body.flows.total).toBe(5);
    const search = await t.http.get(`${PROJECTS}/${project.id}?page=1&size=50&search=alpha 1`).set(header).expect(200);
    expect(search.body.flows.items.map((f: any) => f.name).sort()).toEqual(['Alpha 1', 'Alpha 10', 'Alpha 11', 'Alpha 12', 'Alpha 13', 'Alpha 14', 'Alpha 15', 'Alpha 16', 'Alpha 17', 'Alpha 18', 'Alpha 19']);
    const all = await t.http.get(`${FLOWS}/?get_all=false&folder_id=${project.id}&size=100`).set(header).expect(200);
    expect(all.body.total).toBe(35);
  });

  it('stores auth settings with secrets masked and kept when sent back masked', async () => {
    const { header } = await freshUser('auth');
    const created = await t.http.post(`${PROJECTS}/`).set(header).send({ name: 'MCP', auth_settings: { auth_type: 'oauth', oauth_client_secret: 'top-secret', oauth_client_id: 'cid' } }).expect(201);
    expect(created.body.auth_settings).toEqual({ auth_type: 'oauth', oauth_client_secret: '*******', oauth_client_id: 'cid' });
    const patched = await t.http.patch(`${PROJECTS}/${created.body.id}`).set(header).send({ auth_settings: { auth_type: 'oauth', oauth_client_secret: '*******', oauth_client_id: 'cid2' } }).expect(200);
    expect(patched.body.auth_settings).toEqual({ auth_type: 'oauth', oauth_client_secret: '*******', oauth_client_id: 'cid2' });
    const listed = (await t.http.get(`${PROJECTS}/`).set(header).expect(200)).body.find((p: any) => p.id === created.body.id);
    expect(JSON.stringify(listed)).not.toContain('top-secret');
  });

  it('answers the deprecated /folders routes with 307 to /projects', async () => {
    const res = await t.http.get('/api/v1/folders/').expect(307);
    expect(res.headers.location).toBe('/api/v1/projects/');
    const one = await t.http.patch('/api/v1/folders/abc?x=1').send({}).expect(307);
    expect(one.headers.location).toBe('/api/v1/projects/abc?x=1');
    const dl = await t.http.get('/api/v1/folders/download/abc').expect(307);
    expect(dl.headers.location).toBe('/api/v1/projects/download/abc');
    expect((await t.http.post('/api/v1/folders/upload/').expect(307)).headers.location).toBe('/api/v1/projects/upload/');
  });

  it('refuses a project ZIP whose entries escape its folder or expand too far', async () => {
    const { header } = await freshUser('zipslip');
    const slip = new JSZip();
    slip.file('../../escape.json', JSON.stringify({ name: 'x', data: { nodes: [], edges: [] } }));
    const slipBytes = await slip.generateAsync({ type: 'nodebuffer' });
    const res = await t.http.post(`${PROJECTS}/upload/`).set(header).attach('file', slipBytes, 'p.zip').expect(400);
    expect(res.body.detail).toMatch(/escape|outside|path/i);
    const bomb = new JSZip();
    for (let i = 0; i < 1100; i += 1) bomb.file(`f${i}.json`, '{}');
    const bombBytes = await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const bombRes = await t.http.post(`${PROJECTS}/upload/`).set(header).attach('file', bombBytes, 'b.zip').expect(400);
    expect(bombRes.body.detail).toMatch(/entries/);
  });

  it('downloads a project as a ZIP and uploads project JSON', async () => {
    const { header } = await freshUser('files');
    const project = (await t.http.post(`${PROJECTS}/`).set(header).send({ name: 'Export me' }).expect(201)).body;
    await t.http.get(`${PROJECTS}/download/${project.id}`).set(header).expect(404, { detail: 'No flows found in project' });
    await t.http.post(`${FLOWS}/batch/`).set(header).send({ flows: [flowBody('E1', { folder_id: project.id }), flowBody('E2', { folder_id: project.id })] }).expect(201);
    const res = await t.http.get(`${PROJECTS}/download/${project.id}`).set(header).buffer(true).parse(binaryParser).expect(200);
    expect(res.headers['content-type']).toContain('application/x-zip-compressed');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''\d{8}_\d{6}_Export%20me_flows\.zip$/);
    const zip = await JSZip.loadAsync(res.body);
    expect(Object.keys(zip.files).sort()).toEqual(['E1.json', 'E2.json']);

    const upload = { folder_name: 'Export me', folder_description: 'again', flows: [flowBody('E1'), flowBody('E3')] };
    const up = await t.http.post(`${PROJECTS}/upload/`).set(header).attach('file', Buffer.from(JSON.stringify(upload)), 'p.json').expect(201);
    expect(up.body.map((f: any) => f.name)).toEqual(['E1 (1)', 'E3']);
    const projects = (await t.http.get(`${PROJECTS}/`).set(header).expect(200)).body;
    const uploaded = projects.find((p: any) => p.name === 'Export me (1)');
    expect(uploaded).toMatchObject({ description: 'again' });
    expect(up.body.every((f: any) => f.folder_id === uploaded.id)).toBe(true);

    await t.http.post(`${PROJECTS}/upload/`).set(header).attach('file', Buffer.from('{}'), 'p.json').expect(400, { detail: 'No flows found in the file' });
    await t.http.post(`${PROJECTS}/upload/`).set(header).attach('file', Buffer.from('{"folder_name":"x"}'), 'p.json').expect(400, { detail: 'No flows found in the data' });
  });

  withFixtures('round-trips a project holding all 33 starter projects through download and upload', async () => {
    const { header } = await freshUser('roundtrip');
    const starters = loadFixtures('starter-projects');
    expect(starters).toHaveLength(33);
    const project = (await t.http.post(`${PROJECTS}/`).set(header).send({ name: 'All starters', description: 'every template' }).expect(201)).body;
    for (const s of starters) {
      await t.http.post(`${FLOWS}/upload/?folder_id=${project.id}`).set(header).attach('file', Buffer.from(s.text), s.file).expect(201);
    }
    const dl = await t.http.get(`${PROJECTS}/download/${project.id}`).set(header).buffer(true).parse(binaryParser).expect(200);
    const zip = await JSZip.loadAsync(dl.body);
    const exported = await Promise.all(Object.values(zip.files).map(async (f) => JSON.parse(await f.async('string'))));
    expect(exported).toHaveLength(33);
    const byName = new Map(starters.map((s) => [s.json.name, s.json]));
    for (const flow of exported) expect(flow.data).toEqual(expectedExportData(byName.get(flow.name)!.data));

    // Langflow's upload format: the project JSON.
    const projectJson = { folder_name: 'All starters', folder_description: 'every template', flows: exported };
    const up = await t.http.post(`${PROJECTS}/upload/`).set(header).attach('file', Buffer.from(JSON.stringify(projectJson)), 'all.json').expect(201);
    expect(up.body).toHaveLength(33);
    const copy = (await t.http.get(`${PROJECTS}/`).set(header).expect(200)).body.find((p: any) => p.name === 'All starters (1)');
    const read = await t.http.get(`${PROJECTS}/${copy.id}`).set(header).expect(200);
    expect(read.body.flows).toHaveLength(33);
    for (const flow of read.body.flows) {
      const original = byName.get(flow.name.replace(/ \(1\)$/, ''))!;
      expect(flow.data).toEqual(expectedExportData(original.data));
    }

    // The downloaded ZIP itself is accepted too.
    const zipUp = await t.http.post(`${PROJECTS}/upload/`).set(header).attach('file', dl.body, '20260101_120000_All starters_flows.zip').expect(201);
    expect(zipUp.body).toHaveLength(33);
    expect((await t.http.get(`${PROJECTS}/`).set(header).expect(200)).body.some((p: any) => p.name === 'All starters (2)')).toBe(true);
  });
  // Apps with other settings last: Passport strategies are process-wide, so the latest app's auth wins.
  describe('with other settings', () => {
    it('uses DEFAULT_FOLDER_NAME when set', async () => {
      const other = await createTestApp({ env: { DEFAULT_FOLDER_NAME: 'My Flows' } });
      try {
        const header = await autoLoginHeader(other);
        const res = await other.http.get(`${PROJECTS}/`).set(header).expect(200);
        expect(res.body[0].name).toBe('My Flows');
      } finally {
        await other.close();
      }
    });

    it('stores {"auth_type":"apikey"} for new projects when auto-login is off', async () => {
      const other = await createTestApp({ env: { LANGFLOW_AUTO_LOGIN: 'false', LANGFLOW_SUPERUSER: 'root', LANGFLOW_SUPERUSER_PASSWORD: 'root-password' } });
      try {
        const header = await loginHeader(other, 'root', 'root-password');
        const res = await other.http.post(`${PROJECTS}/`).set(header).send({ name: 'Keyed' }).expect(201);
        expect(res.body.auth_settings).toEqual({ auth_type: 'apikey' });
      } finally {
        await other.close();
      }
    });
  });
});
