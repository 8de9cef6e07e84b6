import JSZip from 'jszip';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { autoLoginHeader, createActiveUser, createApiKey, createTestApp, TestApp } from '../setup/create-test-app';

describe('files v2 (/api/v2/files)', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let alice: { id: string; header: Record<string, string> };
  let bob: { id: string; header: Record<string, string> };

  const upload = (header: Record<string, string>, content: string | Buffer, name: string, query = '') =>
    t.http.post(`/api/v2/files${query}`).set(header).attach('file', Buffer.from(content), name);

  beforeAll(async () => {
    t = await createTestApp({ env: { LANGFLOW_MAX_FILE_SIZE_UPLOAD: '1' } });
    admin = await autoLoginHeader(t);
    alice = await createActiveUser(t, admin, 'alice-files');
    bob = await createActiveUser(t, admin, 'bob-files');
  });
  afterAll(() => t.close());

  it('uploads a file and lists it', async () => {
    const res = await upload(alice.header, 'first report', 'report.txt').expect(201);
    expect(res.body).toEqual({ id: expect.any(String), name: 'report', path: `${alice.id}/report.txt`, size: 12, provider: null });
    expect(existsSync(join(t.configDir, alice.id, 'report.txt'))).toBe(true);
    const list = await t.http.get('/api/v2/files').set(alice.header).expect(200);
    expect(list.body).toEqual([
      {
        id: res.body.id, user_id: alice.id, name: 'report', path: `${alice.id}/report.txt`, size: 12, provider: null,
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), updated_at: expect.any(String),
      },
    ]);
    // Both spellings, as the UI calls them.
    await t.http.get('/api/v2/files/').set(alice.header).expect(200);
  });

  it('renames on collision as Langflow does: " (n)" after the largest suffix among prefix matches', async () => {
    const header = (await createActiveUser(t, admin, `collide-${Date.now()}`)).header;
    expect((await upload(header, 'a', 'data.csv').expect(201)).body.name).toBe('data');
    expect((await upload(header, 'b', 'data.csv').expect(201)).body).toMatchObject({ name: 'data (1)', path: expect.stringMatching(/\/data \(1\)\.csv$/) });
    expect((await upload(header, 'c', 'data.csv').expect(201)).body.name).toBe('data (2)');
    // A different extension still collides on the root name.
    expect((await upload(header, 'd', 'data.json').expect(201)).body.name).toBe('data (3)');
    // Prefix match: "dat" matches "data ..." names.
    expect((await upload(header, 'e', 'dat.txt').expect(201)).body.name).toBe('dat (4)');
    // No suffix among the matches gives "(1)".
    expect((await upload(header, 'f', 'solo.txt').expect(201)).body.name).toBe('solo');
    expect((await upload(header, 'g', 'solo.md').expect(201)).body.name).toBe('solo (1)');
    // Nothing in common keeps the name.
    expect((await upload(header, 'h', 'other.txt').expect(201)).body.name).toBe('other');
    const names = (await t.http.get('/api/v2/files').set(header).expect(200)).body.map((f: { name: string }) => f.name).sort();
    expect(names).toEqual(['dat (4)', 'data', 'data (1)', 'data (2)', 'data (3)', 'other', 'solo', 'solo (1)']);
  });

  it('gives concurrent uploads of one name distinct names and keeps every file\'s bytes', async () => {
    const user = await createActiveUser(t, admin, `race-${Date.now()}`);
    const results = await Promise.all([0, 1, 2, 3, 4].map((i) => upload(user.header, `copy ${i}`, 'same.txt')));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const names = results.map((r) => r.body.name).sort();
    expect(names).toEqual(['same', 'same (1)', 'same (2)', 'same (3)', 'same (4)']);
    for (const [i, res] of results.entries()) {
      const content = await t.http.get(`/api/v2/files/${res.body.id}?return_content=true`).set(user.header).expect(200);
      expect(content.body).toBe(`copy ${i}`);
    }
  });

  it('never overwrites another file\'s bytes when a renamed file holds the stored name', async () => {
    const user = await createActiveUser(t, admin, `keep-${Date.now()}`);
    const first = (await upload(user.header, 'original', 'keep.txt').expect(201)).body;
    await t.http.put(`/api/v2/files/${first.id}?name=renamed`).set(user.header).expect(200);
    const second = (await upload(user.header, 'newer', 'keep.txt').expect(201)).body;
    expect(second.name).toBe('keep');
    expect(second.path).not.toBe(first.path);
    const a = await t.http.get(`/api/v2/files/${first.id}`).set(user.header).buffer(true).parse(binaryParser).expect(200);
    expect(Buffer.from(a.body).toString()).toBe('original');
  });

  it('downloads a file, or its content with return_content=true', async () => {
    const up = (await upload(alice.header, 'héllo wörld', 'greeting.txt').expect(201)).body;
    const res = await t.http.get(`/api/v2/files/${up.id}`).set(alice.header).buffer(true).parse(binaryParser).expect(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['content-disposition']).toBe('attachment; filename="greeting.txt"');
    expect(Buffer.from(res.body).toString()).toBe('héllo wörld');
    const content = await t.http.get(`/api/v2/files/${up.id}?return_content=true`).set(alice.header).expect(200);
    expect(content.body).toBe('héllo wörld');
    await t.http.get(`/api/v2/files/${randomUUID()}`).set(alice.header).expect(404, { detail: 'File not found' });
    await t.http.get('/api/v2/files/not-a-uuid').set(alice.header).expect(422);
  });

  it('renames the display name only', async () => {
    const up = (await upload(alice.header, 'x', 'to-rename.txt').expect(201)).body;
    const res = await t.http.put(`/api/v2/files/${up.id}?name=Renamed doc`).set(alice.header).expect(200);
    expect(res.body).toEqual({ id: up.id, name: 'Renamed doc', path: up.path, size: 1, provider: null });
    const dl = await t.http.get(`/api/v2/files/${up.id}`).set(alice.header).expect(200);
    expect(dl.headers['content-disposition']).toBe('attachment; filename="Renamed doc.txt"');
    const missing = await t.http.put(`/api/v2/files/${up.id}`).set(alice.header).expect(422);
    expect(missing.body.detail[0]).toMatchObject({ type: 'missing', loc: ['query', 'name'] });
    await t.http.put(`/api/v2/files/${up.id}?name=report`).set(alice.header).expect(409);
  });

  it('keeps each user\'s files to themselves', async () => {
    const mine = (await upload(alice.header, 'secret', 'alice-secret.txt').expect(201)).body;
    const bobList = (await t.http.get('/api/v2/files').set(bob.header).expect(200)).body;
    expect(bobList.map((f: { id: string }) => f.id)).not.toContain(mine.id);
    await t.http.get(`/api/v2/files/${mine.id}`).set(bob.header).expect(404, { detail: 'File not found' });
    await t.http.get(`/api/v2/files/${mine.id}?return_content=true`).set(bob.header).expect(404, { detail: 'File not found' });
    await t.http.put(`/api/v2/files/${mine.id}?name=pwned`).set(bob.header).expect(404, { detail: 'File not found' });
    await t.http.delete(`/api/v2/files/${mine.id}`).set(bob.header).expect(404, { detail: 'File not found' });
    await t.http.delete('/api/v2/files/batch/').set(bob.header).send([mine.id]).expect(404);
    await t.http.post('/api/v2/files/batch/').set(bob.header).send([mine.id]).expect(404);
    await t.http.delete('/api/v2/files').set(bob.header).expect(200);
    // Still there, unchanged, for Alice.
    const content = await t.http.get(`/api/v2/files/${mine.id}?return_content=true`).set(alice.header).expect(200);
    expect(content.body).toBe('secret');
    expect((await t.http.get('/api/v2/files').set(alice.header).expect(200)).body.find((f: { id: string }) => f.id === mine.id).name).toBe('alice-secret');
  });

  it('works with an API key', async () => {
    const key = await createApiKey(t, bob.header);
    const res = await upload({ 'x-api-key': key }, 'via key', 'key.txt').expect(201);
    expect(res.body.path).toBe(`${bob.id}/key.txt`);
    await t.http.get('/api/v2/files').expect(403);
  });

  it('zips a batch download with the right bytes', async () => {
    const user = await createActiveUser(t, admin, `zip-${Date.now()}`);
    const binary = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255]);
    const a = (await upload(user.header, 'alpha text', 'alpha.txt').expect(201)).body;
    const b = (await upload(user.header, binary, 'bytes.bin').expect(201)).body;
    const c = (await upload(user.header, 'not asked for', 'gamma.txt').expect(201)).body;
    const res = await t.http.post('/api/v2/files/batch/').set(user.header).send([a.id, b.id]).buffer(true).parse(binaryParser).expect(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="\d{8}_\d{6}_langflow_files\.zip"$/);
    const zip = await JSZip.loadAsync(res.body);
    expect(Object.keys(zip.files).sort()).toEqual(['alpha.txt', 'bytes.bin']);
    expect(await zip.file('alpha.txt')!.async('string')).toBe('alpha text');
    expect(Buffer.compare(await zip.file('bytes.bin')!.async('nodebuffer'), binary)).toBe(0);
    expect(c.id).toBeDefined();
    await t.http.post('/api/v2/files/batch/').set(user.header).send([randomUUID()]).expect(404);
    const bad = await t.http.post('/api/v2/files/batch/').set(user.header).send(['nope']).expect(422);
    expect(bad.body.detail[0]).toMatchObject({ type: 'uuid_parsing', loc: ['body', 0] });
  });

  it('deletes one, a batch, and all files', async () => {
    const user = await createActiveUser(t, admin, `del-${Date.now()}`);
    const ids: string[] = [];
    for (const name of ['one.txt', 'two.txt', 'three.txt', 'four.txt']) ids.push((await upload(user.header, name, name).expect(201)).body.id);
    await t.http.delete(`/api/v2/files/${ids[0]}`).set(user.header).expect(200, { detail: 'File one deleted successfully' });
    await t.http.delete('/api/v2/files/batch/').set(user.header).send([ids[1], ids[2], randomUUID()]).expect(200, { message: '2 files deleted successfully' });
    await t.http.delete('/api/v2/files/batch/').set(user.header).send([ids[1]]).expect(404);
    await t.http.delete('/api/v2/files/').set(user.header).expect(200, { message: 'All 1 files deleted successfully' });
    expect((await t.http.get('/api/v2/files').set(user.header).expect(200)).body).toEqual([]);
    expect(readdirSync(join(t.configDir, user.id))).toEqual([]);
  });

  it('lists files the engine writes into a user\'s namespace (SaveToFile), not into a flow\'s', async () => {
    const { EngineFileStorage } = await import('../../src/files/engine-file-storage');
    const user = await createActiveUser(t, admin, `engine-${Date.now()}`);
    const files = t.app.get(EngineFileStorage).scoped([user.id]);
    expect(await files.write(`${user.id}/summary.txt`, 'first')).toBe(`${user.id}/summary.txt`);
    await files.write(`${user.id}/summary.txt`, 'second version');
    const list = (await t.http.get('/api/v2/files').set(user.header).expect(200)).body;
    expect(list).toEqual([expect.objectContaining({ name: 'summary', path: `${user.id}/summary.txt`, size: 14 })]);
    const content = await t.http.get(`/api/v2/files/${list[0].id}?return_content=true`).set(user.header).expect(200);
    expect(content.body).toBe('second version');
    await upload(user.header, 'uploaded', 'summary.txt').expect(201);
    expect((await t.http.get('/api/v2/files').set(user.header).expect(200)).body.map((f: { name: string }) => f.name).sort()).toEqual(['summary', 'summary (1)']);
  });

  it('appends with append=true', async () => {
    const user = await createActiveUser(t, admin, `append-${Date.now()}`);
    const first = (await upload(user.header, 'line one\n', 'log.txt').expect(201)).body;
    const second = (await upload(user.header, 'line two\n', 'log.txt', '?append=true').expect(201)).body;
    expect(second).toMatchObject({ id: first.id, name: 'log', size: 18 });
    const content = await t.http.get(`/api/v2/files/${first.id}?return_content=true`).set(user.header).expect(200);
    expect(content.body).toBe('line one\nline two\n');
  });

  it('replaces and hides the MCP servers config file', async () => {
    const user = await createActiveUser(t, admin, `mcp-${Date.now()}`);
    const name = `_mcp_servers_${user.id}.json`;
    const first = (await upload(user.header, '{"mcpServers":{}}', name).expect(201)).body;
    const second = (await upload(user.header, '{"mcpServers":{"a":{}}}', name).expect(201)).body;
    expect(second.name).toBe(`_mcp_servers_${user.id}`);
    await t.http.get(`/api/v2/files/${first.id}`).set(user.header).expect(404);
    expect((await t.http.get(`/api/v2/files/${second.id}?return_content=true`).set(user.header).expect(200)).body).toBe('{"mcpServers":{"a":{}}}');
    expect((await t.http.get('/api/v2/files').set(user.header).expect(200)).body).toEqual([]);
  });

  it('answers 400 "No file provided" and 422 for a missing file part', async () => {
    const body = '--xyz\r\nContent-Disposition: form-data; name="file"\r\n\r\nnot a file\r\n--xyz--\r\n';
    await t.http.post('/api/v2/files').set(alice.header).set('Content-Type', 'multipart/form-data; boundary=xyz').send(body).expect(400, { detail: 'No file provided' });
    const res = await t.http.post('/api/v2/files').set(alice.header).send({}).expect(422);
    expect(res.body.detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'file'] });
  });

  it('rejects an over-size upload with 413 and keeps no file and no row', async () => {
    const user = await createActiveUser(t, admin, `big-${Date.now()}`);
    const res = await upload(user.header, Buffer.alloc(1024 * 1024 + 1, 'z'), 'big.txt').expect(413);
    expect(res.body.detail).toMatch(/^Content size limit exceeded\. Maximum allowed is 1MB and got 1\.\d\dMB\.$/);
    expect((await t.http.get('/api/v2/files').set(user.header).expect(200)).body).toEqual([]);
    expect(existsSync(join(t.configDir, user.id))).toBe(false);
  });

  it('deletes a user\'s files with the user', async () => {
    const user = await createActiveUser(t, admin, `gone-${Date.now()}`);
    await upload(user.header, 'bye', 'bye.txt').expect(201);
    expect(existsSync(join(t.configDir, user.id, 'bye.txt'))).toBe(true);
    await t.http.delete(`/api/v1/users/${user.id}`).set(admin).expect(200);
    expect(existsSync(join(t.configDir, user.id))).toBe(false);
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- supertest types the raw response as superagent's Response
function binaryParser(res: any, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

describe('files on S3-compatible storage (LANGFLOW_STORAGE_TYPE=s3)', () => {
  let t: TestApp;
  let server: { run(): Promise<{ port: number }>; close(): Promise<void> };
  let dir: string;
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

  beforeAll(async () => {
    const { default: S3rver } = await import('@20minutes/s3rver');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    dir = mkdtempSync(join(tmpdir(), 'nestflow-e2e-s3-'));
    // s3rver signs ListObjectsV2 on a bucket root differently from AWS SDK v3; relax its check.
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, allowMismatchedSignatures: true, configureBuckets: [{ name: 'nestflow-test', configs: [] }] });
    const { port } = await server.run();
    process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
    process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
    t = await createTestApp({
      env: {
        LANGFLOW_STORAGE_TYPE: 's3',
        LANGFLOW_OBJECT_STORAGE_BUCKET_NAME: 'nestflow-test',
        LANGFLOW_OBJECT_STORAGE_PREFIX: 'files',
        LANGFLOW_OBJECT_STORAGE_ENDPOINT_URL: `http://127.0.0.1:${port}`,
        LANGFLOW_OBJECT_STORAGE_REGION: 'us-east-1',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await server.close();
    process.env.AWS_ACCESS_KEY_ID = saved.id;
    process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
    if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
    const { rmSync } = await import('node:fs');
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores, serves, zips and deletes v2 files in the bucket, not on disk', async () => {
    const admin = await autoLoginHeader(t);
    const up = await t.http.post('/api/v2/files').set(admin).attach('file', Buffer.from('in the bucket'), 'cloud.txt').expect(201);
    const again = await t.http.post('/api/v2/files').set(admin).attach('file', Buffer.from('second'), 'cloud.txt').expect(201);
    expect(again.body.name).toBe('cloud (1)');
    const userId = up.body.path.split('/')[0];
    expect(existsSync(join(t.configDir, userId))).toBe(false);
    const content = await t.http.get(`/api/v2/files/${up.body.id}?return_content=true`).set(admin).expect(200);
    expect(content.body).toBe('in the bucket');
    const res = await t.http.post('/api/v2/files/batch/').set(admin).send([up.body.id, again.body.id]).buffer(true).parse(binaryParser).expect(200);
    const zip = await JSZip.loadAsync(res.body);
    expect(await zip.file('cloud (1).txt')!.async('string')).toBe('second');
    await t.http.delete(`/api/v2/files/${up.body.id}`).set(admin).expect(200);
    await t.http.get(`/api/v2/files/${up.body.id}`).set(admin).expect(404);
    expect((await t.http.get('/api/v2/files').set(admin).expect(200)).body.map((f: { name: string }) => f.name)).toEqual(['cloud (1)']);
  });
});
