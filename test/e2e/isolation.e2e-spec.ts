import { autoLoginHeader, createActiveUser, createApiKey, createTestApp, createUniqueUser, TestApp } from '../setup/create-test-app';
import { binaryParser, flowBody } from '../factories/flow.factory';

const API = '/api/v1';

/**
 * User A's flows, projects and variables are invisible to anyone else —
 * another user (by token or API key) and the superuser — through every route.
 */
describe('isolation between users', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let a: { id: string; header: Record<string, string> };
  let flowA: any;
  let publicFlowA: any;
  let projectA: any;
  let variableA: any;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await autoLoginHeader(t);
    a = await createActiveUser(t, admin, 'alice');
    projectA = (await t.http.post(`${API}/projects/`).set(a.header).send({ name: 'Alice project' }).expect(201)).body;
    flowA = (await t.http.post(`${API}/flows/`).set(a.header).send(flowBody('Alice flow', { folder_id: projectA.id, endpoint_name: 'alice-ep' })).expect(201)).body;
    publicFlowA = (await t.http.post(`${API}/flows/`).set(a.header).send(flowBody('Alice public', { access_type: 'PUBLIC', folder_id: projectA.id })).expect(201)).body;
    variableA = (await t.http.post(`${API}/variables/`).set(a.header).send({ name: 'ALICE_SECRET', value: 'alice-value', type: 'Generic' }).expect(201)).body;
  });
  afterAll(() => t.close());

  const intruders: [string, () => Promise<Record<string, string>>][] = [
    ['another user', async () => (await createUniqueUser(t, admin, 'bob')).header],
    ['another user by API key', async () => {
      const bob = await createUniqueUser(t, admin, 'bob-key');
      return { 'x-api-key': await createApiKey(t, bob.header) };
    }],
    ['the superuser', async () => admin],
  ];

  describe.each(intruders)('%s', (_label, makeHeader) => {
    let b: Record<string, string>;
    beforeAll(async () => {
      b = await makeHeader();
    });

    it('cannot read, change or delete the flows', async () => {
      for (const flow of [flowA, publicFlowA]) {
        await t.http.get(`${API}/flows/${flow.id}`).set(b).expect(404, { detail: 'Flow not found' });
        await t.http.patch(`${API}/flows/${flow.id}`).set(b).send({ name: 'hijacked', data: { nodes: [], edges: [] } }).expect(404);
        await t.http.delete(`${API}/flows/${flow.id}`).set(b).expect(404, { detail: 'Flow not found' });
      }
      await t.http.delete(`${API}/flows/`).set(b).send([flowA.id, publicFlowA.id]).expect(200, { deleted: 0 });
      await t.http.post(`${API}/flows/download/`).set(b).send([flowA.id]).expect(404, { detail: 'No flows found.' });

      const ids = (rows: any[]) => rows.map((r) => r.id);
      for (const query of ['', '?get_all=true&header_flows=true', '?components_only=true&get_all=true', '?remove_example_flows=true']) {
        const res = await t.http.get(`${API}/flows/${query}`).set(b).expect(200);
        expect(ids(res.body)).not.toContain(flowA.id);
        expect(ids(res.body)).not.toContain(publicFlowA.id);
      }
      const page = await t.http.get(`${API}/flows/?get_all=false&folder_id=${projectA.id}`).set(b).expect(200);
      expect(page.body).toMatchObject({ items: [], total: 0 });
    });

    it('can open a PUBLIC flow only through public_flow, read-only', async () => {
      const pub = await t.http.get(`${API}/flows/public_flow/${publicFlowA.id}`).expect(200);
      expect(pub.body.name).toBe('Alice public');
      await t.http.get(`${API}/flows/public_flow/${flowA.id}`).set(b).expect(403, { detail: 'Flow is not public' });
    });

    it('cannot put flows into the projects or pull flows out of them', async () => {
      const created = await t.http.post(`${API}/flows/`).set(b).send(flowBody(`Intruder ${Math.random()}`, { folder_id: projectA.id })).expect(201);
      expect(created.body.folder_id).not.toBe(projectA.id);
      await t.http.patch(`${API}/flows/${created.body.id}`).set(b).send({ folder_id: projectA.id }).expect(404, { detail: 'Project not found' });
      await t.http.post(`${API}/flows/upload/?folder_id=${projectA.id}`).set(b).attach('file', Buffer.from(JSON.stringify(flowBody('Up'))), 'f.json').expect(404, { detail: 'Project not found' });
      const batch = await t.http.post(`${API}/flows/batch/`).set(b).send({ flows: [flowBody(`Batch ${Math.random()}`, { folder_id: projectA.id })] }).expect(201);
      expect(batch.body[0].folder_id).not.toBe(projectA.id);

      const mine = (await t.http.post(`${API}/projects/`).set(b).send({ name: `Steal ${Math.random()}`, flows_list: [flowA.id], components_list: [publicFlowA.id] }).expect(201)).body;
      await t.http.patch(`${API}/projects/${mine.id}`).set(b).send({ flows: [flowA.id], components: [publicFlowA.id] }).expect(200);
      const stolen = await t.http.get(`${API}/projects/${mine.id}`).set(b).expect(200);
      expect(stolen.body.flows).toEqual([]);
      await t.http.post(`${API}/projects/`).set(b).send({ name: 'child', parent_id: projectA.id }).expect(404, { detail: 'Project not found' });
    });

    it('cannot read, change, download or delete the project', async () => {
      const list = await t.http.get(`${API}/projects/`).set(b).expect(200);
      expect(list.body.map((p: any) => p.id)).not.toContain(projectA.id);
      await t.http.get(`${API}/projects/${projectA.id}`).set(b).expect(404, { detail: 'Project not found' });
      await t.http.get(`${API}/projects/${projectA.id}?page=1&size=10`).set(b).expect(404, { detail: 'Project not found' });
      await t.http.patch(`${API}/projects/${projectA.id}`).set(b).send({ name: 'hijacked' }).expect(404, { detail: 'Project not found' });
      await t.http.get(`${API}/projects/download/${projectA.id}`).set(b).expect(404, { detail: 'Project not found' });
      await t.http.delete(`${API}/projects/${projectA.id}`).set(b).expect(404, { detail: 'Project not found' });
    });

    it('cannot read, change or delete the variables', async () => {
      const list = await t.http.get(`${API}/variables/`).set(b).expect(200);
      expect(list.text).not.toContain('ALICE_SECRET');
      expect(list.text).not.toContain('alice-value');
      await t.http.patch(`${API}/variables/${variableA.id}`).set(b).send({ value: 'hijacked' }).expect(404, { detail: 'Variable not found' });
      await t.http.delete(`${API}/variables/${variableA.id}`).set(b).expect(404, { detail: 'Variable not found' });
      // Same name is free for them: names are unique per user.
      await t.http.post(`${API}/variables/`).set(b).send({ name: 'ALICE_SECRET', value: 'theirs', type: 'Generic' }).expect(201);
    });
  });

  describe('afterwards', () => {
    it('left everything of user A as it was', async () => {
      const flow = await t.http.get(`${API}/flows/${flowA.id}`).set(a.header).expect(200);
      expect(flow.body).toMatchObject({ name: 'Alice flow', folder_id: projectA.id, endpoint_name: 'alice-ep', data: flowBody('x').data });
      const pub = await t.http.get(`${API}/flows/${publicFlowA.id}`).set(a.header).expect(200);
      expect(pub.body).toMatchObject({ name: 'Alice public', folder_id: projectA.id });
      const project = await t.http.get(`${API}/projects/${projectA.id}`).set(a.header).expect(200);
      expect(project.body.name).toBe('Alice project');
      expect(project.body.flows.map((f: any) => f.id).sort()).toEqual([flowA.id, publicFlowA.id].sort());
      const variables = await t.http.get(`${API}/variables/`).set(a.header).expect(200);
      expect(variables.body).toEqual([expect.objectContaining({ id: variableA.id, name: 'ALICE_SECRET', value: 'alice-value' })]);
      const zip = await t.http.get(`${API}/projects/download/${projectA.id}`).set(a.header).buffer(true).parse(binaryParser).expect(200);
      expect(zip.body.length).toBeGreaterThan(0);
    });
  });
});
