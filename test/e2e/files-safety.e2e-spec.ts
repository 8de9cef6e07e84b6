import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DataSource } from 'typeorm';
import { compileFlow, createDefaultRegistry, FlowEngine, toRunResponse } from '../../src/engine';
import { FileComponent } from '../../src/engine/components/files_and_knowledge/file';
import { ChatOutput } from '../../src/engine/components/input_output/chat-output';
import { EngineFileStorage } from '../../src/files/engine-file-storage';
import { Flow } from '../../src/flows/flow.entity';
import { insertFlowRow } from '../factories/flow.factory';
import { autoLoginHeader, createActiveUser, createApiKey, createTestApp, TestApp } from '../setup/create-test-app';
import { FlowBuilder } from '../../src/engine/testing/flow-builder';

const MARK = `evil${randomUUID().slice(0, 8)}`;

/** File names a client might send to escape the storage folder. */
const UPLOAD_NAMES: [string, string][] = [
  ['parent traversal', `../../${MARK}.txt`],
  ['nested traversal', `a/../../${MARK}.txt`],
  ['absolute path', `/tmp/${MARK}.txt`],
  ['backslash traversal', `..\\..\\${MARK}.txt`],
  ['windows absolute', `C:\\${MARK}.txt`],
  ['dot dot', '..'],
  ['dot', '.'],
  ['slash inside', `dir/${MARK}.txt`],
  ['NUL byte', `${MARK}\u0000.txt`],
  ['control character', `${MARK}\u0007.txt`],
  ['extreme length', `${'x'.repeat(400)}.txt`],
];

/** File names in URL path segments of the read/delete routes. */
const URL_NAMES: [string, string][] = [
  ['encoded traversal', '..%2F..%2Fsecret_key'],
  ['encoded backslash', '..%5C..%5Csecret_key'],
  ['dot dot', '..'],
  ['encoded dot dot', '%2e%2e'],
  ['encoded absolute', '%2Fetc%2Fpasswd'],
  ['encoded NUL', `${MARK}%00.txt`],
  ['extreme length', 'y'.repeat(300)],
];

function multipart(filename: Buffer | string, content = 'payload'): { body: Buffer; type: string } {
  const boundary = 'safety0boundary';
  const name = Buffer.isBuffer(filename) ? filename : Buffer.from(filename.replace(/"/g, '%22'), 'utf8');
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="`),
    name,
    Buffer.from(`"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n--${boundary}--\r\n`),
  ]);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

/** Every file under `dir` (relative paths). */
function walk(dir: string, depth = 6): string[] {
  if (!existsSync(dir) || depth < 0) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path, depth - 1).map((p) => join(entry.name, p)));
    else out.push(entry.name);
  }
  return out;
}

/** Files named with this run's marker anywhere near the storage root. */
function strayFiles(t: TestApp): string[] {
  const found: string[] = [];
  for (const root of [tmpdir(), '/tmp']) {
    for (const entry of readdirSync(root)) {
      if (entry.includes(MARK)) found.push(join(root, entry));
    }
  }
  for (const path of walk(t.configDir)) if (path.includes(MARK)) found.push(path);
  return found;
}

describe('files safety: path tricks, ownership, engine access', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let user: { id: string; header: Record<string, string> };
  let flowId: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await autoLoginHeader(t);
    user = await createActiveUser(t, admin, 'safety-user');
    flowId = await insertFlowRow(t, user.id);
  });
  afterAll(() => t.close());

  describe.each([
    ['v1 upload', () => `/api/v1/files/upload/${flowId}`],
    ['v2 upload', () => '/api/v2/files'],
    ['deprecated upload', () => `/api/v1/upload/${flowId}`],
  ])('%s', (_label, url) => {
    it.each(UPLOAD_NAMES)('refuses a %s file name with a 4xx', async (_what, name) => {
      const { body, type } = multipart(name);
      const res = await t.http.post(url()).set(user.header).set('Content-Type', type).send(body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    });

    it('refuses the traversal in an RFC 5987 filename*', async () => {
      const boundary = 'b5987';
      const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''..%2F..%2F${MARK}.txt\r\n\r\nx\r\n--${boundary}--\r\n`;
      const res = await t.http.post(url()).set(user.header).set('Content-Type', `multipart/form-data; boundary=${boundary}`).send(body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    });
  });

  it.each(URL_NAMES)('refuses a %s name on every v1 route that takes one', async (_what, name) => {
    for (const res of [
      await t.http.get(`/api/v1/files/download/${flowId}/${name}`).set(user.header),
      await t.http.get(`/api/v1/files/images/${flowId}/${name}`),
      await t.http.delete(`/api/v1/files/delete/${flowId}/${name}`).set(user.header),
    ]) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect(existsSync(join(t.configDir, 'secret_key'))).toBe(true);
  });

  it('refuses path tricks in a v2 rename', async () => {
    const up = await t.http.post('/api/v2/files').set(user.header).attach('file', Buffer.from('x'), 'rename-me.txt').expect(201);
    for (const name of ['../../x', 'a/b', 'a\\b', '\u0000', ' ', 'z'.repeat(300)]) {
      await t.http.put(`/api/v2/files/${up.body.id}`).query({ name }).set(user.header).expect(400);
    }
  });

  it('wrote nothing outside the storage root and nothing named by a trick inside it', () => {
    expect(strayFiles(t)).toEqual([]);
    for (const path of walk(t.configDir)) {
      const parts = relative(t.configDir, join(t.configDir, path)).split('/');
      // Only the server's own files at the top, and one level of namespace folders.
      expect(parts.length === 1 || parts.length === 2).toBe(true);
      expect(statSync(join(t.configDir, path)).isFile()).toBe(true);
    }
  });

  it('gives the engine only paths inside a namespace, and only the scoped ones', async () => {
    const files = t.app.get(EngineFileStorage);
    for (const path of ['../secret_key', '/etc/passwd', `${flowId}/../secret_key`, `${flowId}/a/b.txt`, 'secret_key', `${flowId}\\x`, '']) {
      await expect(files.read(path)).rejects.toThrow();
      await expect(files.write(path, 'x')).rejects.toThrow();
      await expect(files.exists(path)).resolves.toBe(false);
    }
    const up = await t.http.post(`/api/v1/files/upload/${flowId}`).set(user.header).attach('file', Buffer.from('scoped'), 'scoped.txt').expect(201);
    await expect(files.scoped([user.id, flowId]).read(up.body.file_path)).resolves.toEqual(Buffer.from('scoped'));
    await expect(files.scoped([randomUUID()]).read(up.body.file_path)).rejects.toThrow(/not available/);
  });

  it('lets the engine\'s File component read a v1 and a v2 upload in a run', async () => {
    const v1 = await t.http.post(`/api/v1/files/upload/${flowId}`).set(user.header).attach('file', Buffer.from('content from v1'), 'first.txt').expect(201);
    const v2 = await t.http.post('/api/v2/files').set(user.header).attach('file', Buffer.from('content from v2'), 'second.md').expect(201);
    const flow = new FlowBuilder()
      .node(FileComponent, 'File-aaaaa', {}, { fields: { path: { file_path: [v1.body.file_path, v2.body.path] } as object } })
      .node(ChatOutput, 'ChatOutput-bbbbb')
      .edge('File-aaaaa', 'message', 'ChatOutput-bbbbb', 'input_value')
      .build();
    const engine = new FlowEngine({
      registry: createDefaultRegistry(),
      ports: { files: t.app.get(EngineFileStorage).scoped([user.id, flowId]) },
    });
    const plan = compileFlow(flow, createDefaultRegistry(), { flowId });
    const result = await engine.run(plan, { inputValue: '', userId: user.id, outputType: 'chat' });
    const text = JSON.stringify(toRunResponse(result));
    expect(text).toContain('content from v1');
    expect(text).toContain('content from v2');
  });
  it('serves v1 and v2 uploads to the File component over POST /api/v1/run', async () => {
    const v1 = await t.http.post(`/api/v1/files/upload/${flowId}`).set(user.header).attach('file', Buffer.from('run reads v1'), 'run-v1.txt').expect(201);
    const v2 = await t.http.post('/api/v2/files').set(user.header).attach('file', Buffer.from('run reads v2'), 'run-v2.txt').expect(201);
    const data = new FlowBuilder()
      .node(FileComponent, 'File-ccccc', {}, { fields: { path: { file_path: [v1.body.file_path, v2.body.path] } as object } })
      .node(ChatOutput, 'ChatOutput-ddddd')
      .edge('File-ccccc', 'message', 'ChatOutput-ddddd', 'input_value')
      .build();
    await t.app.get(DataSource).getRepository(Flow).update({ id: flowId }, { data: JSON.stringify(data), updated_at: new Date() });
    const key = await createApiKey(t, user.header);
    const res = await t.http.post(`/api/v1/run/${flowId}`).set('x-api-key', key).send({ input_value: '', output_type: 'chat', input_type: 'chat' }).expect(200);
    const text: string = res.body.outputs[0].outputs[0].results.message.text;
    expect(text).toContain('run reads v1');
    expect(text).toContain('run reads v2');

    // Another user's file path is outside the run's scope.
    const other = await createActiveUser(t, admin, `safety-other-${Date.now()}`);
    const theirs = await t.http.post('/api/v2/files').set(other.header).attach('file', Buffer.from('not yours'), 'private.txt').expect(201);
    const stolen = new FlowBuilder()
      .node(FileComponent, 'File-eeeee', {}, { fields: { path: { file_path: [theirs.body.path] } as object } })
      .node(ChatOutput, 'ChatOutput-fffff')
      .edge('File-eeeee', 'message', 'ChatOutput-fffff', 'input_value')
      .build();
    await t.app.get(DataSource).getRepository(Flow).update({ id: flowId }, { data: JSON.stringify(stolen), updated_at: new Date() });
    const denied = await t.http.post(`/api/v1/run/${flowId}`).set('x-api-key', key).send({ input_value: '', output_type: 'chat', input_type: 'chat' });
    expect(JSON.stringify(denied.body)).not.toContain('not yours');
    expect(denied.status).toBeGreaterThanOrEqual(400);
  });
});
