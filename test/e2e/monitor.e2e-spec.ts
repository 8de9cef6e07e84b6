import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Message } from '../../src/engine/schema/message';
import { Flow } from '../../src/flows/flow.entity';
import { DbMessageStore } from '../../src/monitor/db-message-store';
import { MessageChange, MessageEvents } from '../../src/monitor/message-events';
import { RunRecorder } from '../../src/monitor/run-recorder';
import { insertFlowRow } from '../factories/flow.factory';
import { autoLoginHeader, createActiveUser, createTestApp, currentUserId, TestApp } from '../setup/create-test-app';

/** /api/v1/monitor messages, with messages written through the engine's store port. */
describe('monitor: messages', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let adminId: string;
  let store: DbMessageStore;
  let ds: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await autoLoginHeader(t);
    adminId = await currentUserId(t, admin);
    store = t.app.get(DbMessageStore);
    ds = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const newFlow = (userId: string) => insertFlowRow(t, userId);

  async function say(flowId: string, session: string, text: string, from: 'User' | 'AI' = 'User', extra: Record<string, unknown> = {}): Promise<Message> {
    const sender = from === 'User' ? 'User' : 'Machine';
    return store.add(new Message({ text, sender, sender_name: from, session_id: session, flow_id: flowId, ...extra }));
  }

  it('lists stored messages in Langflow\'s MessageResponse shape', async () => {
    const flowId = await newFlow(adminId);
    const q = await say(flowId, 'chat-1', 'hello', 'User', { files: [`${flowId}/cat.png`] });
    const a = await say(flowId, 'chat-1', 'Hi! ünïcode', 'AI');
    const res = await t.http.get('/api/v1/monitor/messages').query({ flow_id: flowId }).set(admin).expect(200);
    expect(res.body).toHaveLength(2);
    const [first, second] = res.body;
    expect(Object.keys(first).sort()).toEqual(
      ['category', 'content_blocks', 'context_id', 'duration', 'edit', 'files', 'flow_id', 'id', 'properties', 'sender', 'sender_name', 'session_id', 'text', 'timestamp'].sort(),
    );
    expect(first).toMatchObject({ id: q.id, flow_id: flowId, sender: 'User', sender_name: 'User', session_id: 'chat-1', context_id: null, text: 'hello', edit: false, duration: null, category: 'message', content_blocks: [] });
    expect(first.files).toBe(`["${flowId}/cat.png"]`);
    expect(first.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
    expect(first.properties).toMatchObject({ text_color: '', background_color: '', edited: false, state: 'complete', source: { id: null, display_name: null, source: null } });
    expect(second).toMatchObject({ id: a.id, sender: 'Machine', sender_name: 'AI', text: 'Hi! ünïcode', files: '[]' });
  });

  it('filters by session, sender and sender name, orders by a column, and rejects unknown columns', async () => {
    const flowId = await newFlow(adminId);
    await say(flowId, 's-a', 'b question');
    await say(flowId, 's-a', 'a answer', 'AI');
    await say(flowId, 's-b', 'other session');
    const get = (query: Record<string, string>) => t.http.get('/api/v1/monitor/messages').query({ flow_id: flowId, ...query }).set(admin);
    expect((await get({ session_id: 's-a' }).expect(200)).body.map((m: { text: string }) => m.text)).toEqual(['b question', 'a answer']);
    expect((await get({ session_id: 's-a', order_by: 'text' }).expect(200)).body.map((m: { text: string }) => m.text)).toEqual(['a answer', 'b question']);
    expect((await get({ sender: 'Machine' }).expect(200)).body.map((m: { text: string }) => m.text)).toEqual(['a answer']);
    expect((await get({ sender_name: 'User' }).expect(200)).body.map((m: { text: string }) => m.text)).toEqual(['b question', 'other session']);
    // Langflow URL-decodes session_id once more
    await say(flowId, 'with space', 'spaced');
    expect((await t.http.get(`/api/v1/monitor/messages?flow_id=${flowId}&session_id=with%2520space`).set(admin).expect(200)).body.map((m: { text: string }) => m.text)).toEqual(['spaced']);
    const bad = await get({ order_by: 'nope' }).expect(422);
    expect(bad.body.detail[0]).toMatchObject({ loc: ['query', 'order_by'], input: 'nope' });
    expect((await get({ flow_id: 'not-a-uuid' }).expect(422)).body.detail[0]).toMatchObject({ type: 'uuid_parsing', loc: ['query', 'flow_id'] });
  });

  it('lists session ids, overall and per flow', async () => {
    const f1 = await newFlow(adminId);
    const f2 = await newFlow(adminId);
    await say(f1, 'one', 'x');
    await say(f1, 'two', 'y');
    await say(f1, 'one', 'z');
    await say(f2, 'three', 'w');
    expect((await t.http.get('/api/v1/monitor/messages/sessions').query({ flow_id: f1 }).set(admin).expect(200)).body).toEqual(['one', 'two']);
    const all = (await t.http.get('/api/v1/monitor/messages/sessions').set(admin).expect(200)).body;
    expect(all).toEqual(expect.arrayContaining(['one', 'two', 'three']));
  });

  it('edits a message (edit=true on a text change) and answers MessageRead', async () => {
    const flowId = await newFlow(adminId);
    const m = await say(flowId, 'edit-me', 'typo');
    const res = await t.http.put(`/api/v1/monitor/messages/${m.id}`).set(admin).send({ text: 'fixed', properties: { positive_feedback: true } }).expect(200);
    expect(res.body).toMatchObject({ id: m.id, flow_id: flowId, text: 'fixed', edit: true, error: false, files: [], session_id: 'edit-me', sender: 'User', category: 'message' });
    expect(res.body.properties).toMatchObject({ positive_feedback: true, state: 'complete' });
    expect(res.body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
    // same text: edit stays as it is
    const m2 = await say(flowId, 'edit-me', 'same');
    expect((await t.http.put(`/api/v1/monitor/messages/${m2.id}`).set(admin).send({ text: 'same' }).expect(200)).body.edit).toBe(false);
    const listed = (await t.http.get('/api/v1/monitor/messages').query({ session_id: 'edit-me' }).set(admin).expect(200)).body;
    expect(listed.map((x: { text: string; edit: boolean }) => [x.text, x.edit])).toEqual([['fixed', true], ['same', false]]);
    // the engine's history sees the edit
    expect((await store.list({ session_id: 'edit-me' })).map((x) => x.text)).toEqual(['fixed', 'same']);
    expect((await t.http.put(`/api/v1/monitor/messages/${randomUUID()}`).set(admin).send({ text: 'x' }).expect(404)).body).toEqual({ detail: 'Message not found' });
    expect((await t.http.put('/api/v1/monitor/messages/abc').set(admin).send({ text: 'x' }).expect(422)).body.detail[0]).toMatchObject({ type: 'uuid_parsing', loc: ['path', 'message_id'] });
    expect((await t.http.put(`/api/v1/monitor/messages/${m.id}`).set(admin).send({ text: 5 }).expect(422)).body.detail[0]).toMatchObject({ loc: ['body', 'text'] });
  });

  it('renames a session', async () => {
    const flowId = await newFlow(adminId);
    await say(flowId, 'old-name', 'q');
    await say(flowId, 'old-name', 'a', 'AI');
    const res = await t.http.patch('/api/v1/monitor/messages/session/old-name').query({ new_session_id: 'new-name' }).set(admin).expect(200);
    expect(res.body.map((m: { session_id: string; text: string }) => [m.session_id, m.text])).toEqual([['new-name', 'q'], ['new-name', 'a']]);
    expect(typeof res.body[0].files).toBe('string');
    expect((await t.http.get('/api/v1/monitor/messages/sessions').query({ flow_id: flowId }).set(admin).expect(200)).body).toEqual(['new-name']);
    expect((await store.list({ session_id: 'new-name' })).map((m) => m.text)).toEqual(['q', 'a']);
    expect((await t.http.patch('/api/v1/monitor/messages/session/old-name').query({ new_session_id: 'x' }).set(admin).expect(404)).body).toEqual({ detail: 'No messages found with the given session ID' });
    expect((await t.http.patch('/api/v1/monitor/messages/session/new-name').set(admin).expect(422)).body.detail[0]).toMatchObject({ type: 'missing', loc: ['query', 'new_session_id'] });
  });

  it('deletes messages by ids and by session (204), validating the id list', async () => {
    const flowId = await newFlow(adminId);
    const a = await say(flowId, 'del', 'a');
    const b = await say(flowId, 'del', 'b');
    await say(flowId, 'del', 'c');
    await say(flowId, 'del-all', 'd');
    await t.http.delete('/api/v1/monitor/messages').set(admin).send([a.id, b.id]).expect(204);
    expect((await t.http.get('/api/v1/monitor/messages').query({ flow_id: flowId, session_id: 'del' }).set(admin).expect(200)).body.map((m: { text: string }) => m.text)).toEqual(['c']);
    await t.http.delete('/api/v1/monitor/messages/session/del-all').set(admin).expect(204);
    expect((await t.http.get('/api/v1/monitor/messages/sessions').query({ flow_id: flowId }).set(admin).expect(200)).body).toEqual(['del']);
    expect((await store.list({ session_id: 'del-all' }))).toEqual([]);
    expect((await t.http.delete('/api/v1/monitor/messages').set(admin).send(['nope']).expect(422)).body.detail[0]).toMatchObject({ type: 'uuid_parsing', loc: ['body', 0] });
    expect((await t.http.delete('/api/v1/monitor/messages').set(admin).send({ ids: [] }).expect(422)).body.detail[0]).toMatchObject({ loc: ['body'] });
  });

  it('gives Memory-style reads the latest messages, including ones not yet written to the table', async () => {
    const flowId = await newFlow(adminId);
    for (let i = 0; i < 6; i++) await say(flowId, 'memory', `turn ${i}`, i % 2 ? 'AI' : 'User');
    await store.flush();
    await say(flowId, 'memory', 'turn 6');
    await say(flowId, 'memory', 'turn 7', 'AI');
    expect(store.pendingCount).toBeGreaterThan(0);
    const latest = await store.list({ session_id: 'memory', order: 'DESC', limit: 3 });
    expect(latest.map((m) => m.text)).toEqual(['turn 7', 'turn 6', 'turn 5']);
    const users = await store.list({ session_id: 'memory', sender: 'User', order: 'DESC', limit: 2 });
    expect(users.map((m) => m.text)).toEqual(['turn 6', 'turn 4']);
  });

  it('keeps read-your-writes for many sessions running turns at once', async () => {
    const flowId = await newFlow(adminId);
    const sessions = Array.from({ length: 40 }, (_, i) => `busy-${i}`);
    await Promise.all(
      sessions.map(async (session) => {
        for (let turn = 0; turn < 6; turn++) {
          const history = await store.list({ session_id: session, order: 'DESC', limit: 2 });
          expect(history.map((m) => m.text)).toEqual(turn === 0 ? [] : [`${session} a${turn - 1}`, `${session} q${turn - 1}`]);
          await say(flowId, session, `${session} q${turn}`);
          await new Promise((r) => setImmediate(r));
          await say(flowId, session, `${session} a${turn}`, 'AI');
        }
      }),
    );
    const listed = (await t.http.get('/api/v1/monitor/messages').query({ flow_id: flowId, session_id: 'busy-7' }).set(admin).expect(200)).body;
    expect(listed.map((m: { text: string }) => m.text)).toEqual([0, 1, 2, 3, 4, 5].flatMap((n) => [`busy-7 q${n}`, `busy-7 a${n}`]));
  });

  it('announces messages added through the store and changed through the API', async () => {
    const flowId = await newFlow(adminId);
    const seen: MessageChange[] = [];
    const off = t.app.get(MessageEvents).onChange((c) => seen.push(c));
    const m = await say(flowId, 'live', 'ping');
    await t.http.put(`/api/v1/monitor/messages/${m.id}`).set(admin).send({ text: 'pong' }).expect(200);
    await t.http.delete('/api/v1/monitor/messages').set(admin).send([m.id]).expect(204);
    off();
    expect(seen.map((c) => c.type)).toEqual(['added', 'updated', 'deleted']);
    expect(seen[1]).toMatchObject({ message: { text: 'pong', edit: true } });
    expect(seen[2]).toEqual({ type: 'deleted', ids: [m.id], session_id: 'live', flow_ids: [flowId] });
  });

  it('keeps users out of each other\'s messages', async () => {
    const flowId = await newFlow(adminId);
    const mine = await say(flowId, 'private', 'secret plan');
    const other = await createActiveUser(t, admin, `other-${Date.now()}`);
    const otherFlow = await newFlow(other.id);
    await say(otherFlow, 'theirs', 'their text');
    const theirList = (await t.http.get('/api/v1/monitor/messages').set(other.header).expect(200)).body;
    expect(theirList.map((m: { text: string }) => m.text)).toEqual(['their text']);
    expect((await t.http.get('/api/v1/monitor/messages').query({ flow_id: flowId }).set(other.header).expect(200)).body).toEqual([]);
    expect((await t.http.get('/api/v1/monitor/messages/sessions').set(other.header).expect(200)).body).toEqual(['theirs']);
    await t.http.put(`/api/v1/monitor/messages/${mine.id}`).set(other.header).send({ text: 'hacked' }).expect(404);
    await t.http.patch('/api/v1/monitor/messages/session/private').query({ new_session_id: 'stolen' }).set(other.header).expect(404);
    await t.http.delete('/api/v1/monitor/messages').set(other.header).send([mine.id]).expect(204);
    await t.http.delete('/api/v1/monitor/messages/session/private').set(other.header).expect(204);
    const still = (await t.http.get('/api/v1/monitor/messages').query({ flow_id: flowId }).set(admin).expect(200)).body;
    expect(still.map((m: { text: string; session_id: string }) => [m.session_id, m.text])).toEqual([['private', 'secret plan']]);
    // and the admin does not see the other user's messages either
    expect((await t.http.get('/api/v1/monitor/messages').query({ flow_id: otherFlow }).set(admin).expect(200)).body).toEqual([]);
  });

  it('removes a flow\'s messages, transactions and builds with the flow', async () => {
    const flowId = await newFlow(adminId);
    await say(flowId, 'doomed', 'bye');
    const recorder = t.app.get(RunRecorder);
    recorder.recordTransaction({ flow_id: flowId, vertex_id: 'ChatInput-1', target_id: 'ChatOutput-1', inputs: {}, outputs: {}, status: 'success' });
    recorder.recordVertexBuild({ flow_id: flowId, vertex_id: 'ChatInput-1', valid: true, data: {}, artifacts: {} });
    await store.flush();
    await recorder.flush();
    const counts = async () => {
      const n = async (table: string) => Number((await ds.query(`SELECT COUNT(*) AS n FROM "${table}" WHERE "flow_id" = '${flowId}'`))[0].n);
      return [await n('message'), await n('transaction'), await n('vertex_build')];
    };
    expect(await counts()).toEqual([1, 1, 1]);
    await ds.getRepository(Flow).delete({ id: flowId });
    expect(await counts()).toEqual([0, 0, 0]);
    expect(await store.list({ session_id: 'doomed' })).toEqual([]);
  });

  it('requires authentication', async () => {
    const res = await t.http.get('/api/v1/monitor/messages');
    expect([401, 403]).toContain(res.status);
    expect(res.body.detail).toBeDefined();
  });
});
