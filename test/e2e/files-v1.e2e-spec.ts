import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { insertFlowRow } from '../factories/flow.factory';
import { autoLoginHeader, createActiveUser, createTestApp, currentUserId, TestApp } from '../setup/create-test-app';

describe('files v1 (/api/v1/files)', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let adminId: string;
  let flowId: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { LANGFLOW_MAX_FILE_SIZE_UPLOAD: '1' } });
    admin = await autoLoginHeader(t);
    adminId = await currentUserId(t, admin);
    flowId = await insertFlowRow(t, adminId);
  });
  afterAll(() => t.close());

  it('uploads, lists, downloads and deletes a flow file', async () => {
    const up = await t.http.post(`/api/v1/files/upload/${flowId}`).set(admin).attach('file', Buffer.from('hello v1'), 'notes.txt').expect(201);
    expect(up.body.flowId).toBe(flowId);
    expect(up.body.file_path).toMatch(new RegExp(`^${flowId}/\\d{4}-\\d{2}-\\d{2}_\\d{2}-\\d{2}-\\d{2}_notes\\.txt$`));
    const name = up.body.file_path.split('/')[1];
    expect(existsSync(join(t.configDir, flowId, name))).toBe(true);

    const list = await t.http.get(`/api/v1/files/list/${flowId}`).set(admin).expect(200);
    expect(list.body).toEqual({ files: [name] });

    const dl = await t.http.get(`/api/v1/files/download/${flowId}/${name}`).set(admin).buffer(true).parse(binaryParser).expect(200);
    expect(dl.headers['content-type']).toBe('application/octet-stream');
    expect(dl.headers['content-disposition']).toBe(`attachment; filename=${name} filename*=UTF-8''${name}`);
    expect(Buffer.from(dl.body).toString()).toBe('hello v1');

    const del = await t.http.delete(`/api/v1/files/delete/${flowId}/${name}`).set(admin).expect(200);
    expect(del.body).toEqual({ message: `File ${name} deleted successfully` });
    expect((await t.http.get(`/api/v1/files/list/${flowId}`).set(admin).expect(200)).body).toEqual({ files: [] });
    await t.http.get(`/api/v1/files/download/${flowId}/${name}`).set(admin).expect(404, { detail: 'File not found' });
  });

  it('serves images publicly, and only images', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const up = await t.http.post(`/api/v1/files/upload/${flowId}`).set(admin).attach('file', png, 'pic.png').expect(201);
    const name = up.body.file_path.split('/')[1];
    const img = await t.http.get(`/api/v1/files/images/${flowId}/${name}`).buffer(true).parse(binaryParser).expect(200);
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(Buffer.from(img.body), png)).toBe(0);

    const txt = await t.http.post(`/api/v1/files/upload/${flowId}`).set(admin).attach('file', Buffer.from('x'), 'a.txt').expect(201);
    const res = await t.http.get(`/api/v1/files/images/${flowId}/${txt.body.file_path.split('/')[1]}`).expect(400);
    expect(res.body.detail).toMatch(/is not an image/);
    await t.http.get(`/api/v1/files/images/${flowId}/missing.png`).expect(404, { detail: 'File not found' });
  });

  it('answers 404 "Flow not found" for a missing flow or another user\'s', async () => {
    const other = await createActiveUser(t, admin, `v1-other-${Date.now()}`);
    const missing = randomUUID();
    for (const target of [missing, flowId]) {
      await t.http.post(`/api/v1/files/upload/${target}`).set(other.header).attach('file', Buffer.from('x'), 'x.txt').expect(404, { detail: 'Flow not found' });
      await t.http.get(`/api/v1/files/list/${target}`).set(other.header).expect(404, { detail: 'Flow not found' });
      await t.http.get(`/api/v1/files/download/${target}/x.txt`).set(other.header).expect(404, { detail: 'Flow not found' });
      await t.http.delete(`/api/v1/files/delete/${target}/x.txt`).set(other.header).expect(404, { detail: 'Flow not found' });
    }
    expect(existsSync(join(t.configDir, missing))).toBe(false);
    await t.http.get('/api/v1/files/list/not-a-uuid').set(admin).expect(422);
  });

  it('requires credentials except on the public routes', async () => {
    await t.http.get(`/api/v1/files/list/${flowId}`).expect(403);
    await t.http.post(`/api/v1/files/upload/${flowId}`).attach('file', Buffer.from('x'), 'x.txt').expect(403);
  });

  it('applies Langflow\'s multipart checks to /api/v1/files/upload', async () => {
    const url = `/api/v1/files/upload/${flowId}`;
    await t.http.post(url).set(admin).set('Content-Type', 'application/json').send('{}').expect(422, {
      detail: "Content-Type header must be 'multipart/form-data' with a boundary parameter.",
    });
    await t.http.post(url).set(admin).set('Content-Type', 'multipart/form-data; boundary=bad!boundary').send('--bad!boundary--').expect(422, { detail: 'Invalid boundary format' });
    const body = '--abc\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello\r\n--abc--\r\ntrailing junk';
    await t.http.post(url).set(admin).set('Content-Type', 'multipart/form-data; boundary=abc').send(body).expect(422, { detail: 'Invalid multipart formatting' });
    const noFile = '--abc\r\nContent-Disposition: form-data; name="other"\r\n\r\nx\r\n--abc--\r\n';
    const res = await t.http.post(url).set(admin).set('Content-Type', 'multipart/form-data; boundary=abc').send(noFile).expect(422);
    expect(res.body.detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'file'] });
  });

  it('rejects an over-size upload with 413 and keeps nothing', async () => {
    const before = readdirSync(join(t.configDir, flowId)).sort();
    const big = Buffer.alloc(1024 * 1024 + 10, 'a');
    const res = await t.http.post(`/api/v1/files/upload/${flowId}`).set(admin).attach('file', big, 'big.txt').expect(413);
    expect(res.body.detail).toMatch(/^Content size limit exceeded\. Maximum allowed is 1MB and got 1\.\d\dMB\.$/);
    expect(readdirSync(join(t.configDir, flowId)).sort()).toEqual(before);
    expect(readdirSync(join(t.configDir, '.upload-tmp'))).toEqual([]);
  });

  it('rejects an over-size chunked upload (no Content-Length) with 413 and keeps nothing', async () => {
    const before = readdirSync(join(t.configDir, flowId)).sort();
    const boundary = 'chunked123';
    const req = t.http.post(`/api/v1/files/upload/${flowId}`).set(admin).set('Content-Type', `multipart/form-data; boundary=${boundary}`).set('Transfer-Encoding', 'chunked');
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n`);
    for (let i = 0; i < 20; i += 1) req.write(Buffer.alloc(64 * 1024, 'b'));
    req.write(`\r\n--${boundary}--\r\n`);
    const res = await req;
    expect(res.status).toBe(413);
    expect(res.body.detail).toMatch(/^Content size limit exceeded\. Maximum allowed is 1MB/);
    expect(readdirSync(join(t.configDir, flowId)).sort()).toEqual(before);
    expect(readdirSync(join(t.configDir, '.upload-tmp'))).toEqual([]);
  });

  it('accepts the deprecated public POST /api/v1/upload/{flow_id} for an existing flow', async () => {
    const res = await t.http.post(`/api/v1/upload/${flowId}`).attach('file', Buffer.from('legacy'), 'legacy.txt').expect(201);
    expect(res.body).toEqual({ flowId, file_path: expect.stringMatching(new RegExp(`^${flowId}/.*_legacy\\.txt$`)) });
    await t.http.post(`/api/v1/upload/${randomUUID()}`).attach('file', Buffer.from('x'), 'x.txt').expect(404, { detail: 'Flow not found' });
  });

  it('lists and serves profile pictures publicly', async () => {
    const list = await t.http.get('/api/v1/files/profile_pictures/list').expect(200);
    expect(list.body.files).toEqual(expect.arrayContaining(['Space/046-rocket.svg', 'People/001-person.svg']));
    for (const path of list.body.files) {
      const res = await t.http.get(`/api/v1/files/profile_pictures/${path}`).buffer(true).parse(binaryParser).expect(200);
      expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(Buffer.from(res.body).toString()).toMatch(/^<svg /);
    }
    await t.http.get('/api/v1/files/profile_pictures/Space/nope.svg').expect(404);
    await t.http.get('/api/v1/files/profile_pictures/..%2F..%2Fsecret_key/x.svg').expect(404);
  });

  it('removes a flow\'s files when the flow is deleted (one, many, or with its project) and a user\'s with the user', async () => {
    const user = await createActiveUser(t, admin, `v1-owner-${Date.now()}`);
    const upload = async (flowId: string) =>
      t.http.post(`/api/v1/files/upload/${flowId}`).set(user.header).attach('file', Buffer.from(flowId), 'x.txt').expect(201);
    const [single, bulk, kept] = [await insertFlowRow(t, user.id), await insertFlowRow(t, user.id), await insertFlowRow(t, user.id)];
    for (const id of [single, bulk, kept]) await upload(id);

    await t.http.delete(`/api/v1/flows/${single}`).set(user.header).expect(200);
    expect(existsSync(join(t.configDir, single))).toBe(false);
    await t.http.delete('/api/v1/flows/').set(user.header).send([bulk]).expect(200, { deleted: 1 });
    expect(existsSync(join(t.configDir, bulk))).toBe(false);

    const project = await t.http.post('/api/v1/projects/').set(user.header).send({ name: 'doomed', flows_list: [kept] }).expect(201);
    await t.http.delete(`/api/v1/projects/${project.body.id}`).set(user.header).expect(204);
    expect(existsSync(join(t.configDir, kept))).toBe(false);

    const last = await insertFlowRow(t, user.id);
    await upload(last);
    await t.http.delete(`/api/v1/users/${user.id}`).set(admin).expect(200);
    expect(existsSync(join(t.configDir, last))).toBe(false);
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- supertest types the raw response as superagent's Response
function binaryParser(res: any, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
