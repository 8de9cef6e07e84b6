import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { io, Socket } from 'socket.io-client';
import { FakeOpenAI, startFakeOpenAI } from '../support/fake-openai';
import { createActiveUser, createApiKey, createTestApp, loginHeader, TestApp } from '../setup/create-test-app';

const SUPERUSER_ENV = { LANGFLOW_AUTO_LOGIN: 'false', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'admin-pass-1' };

type Ack = Record<string, any>;

/** socket.io over the real app (app.listen(0)), the way a browser or a script connects. */
describe('realtime socket.io gateway', () => {
  let t: TestApp;
  let url: string;
  let admin: Record<string, string>;
  let adminToken: string;
  let adminKey: string;
  let other: { id: string; header: Record<string, string> };
  let otherKey: string;
  let flowId: string;
  let otherFlowId: string;
  const sockets: Socket[] = [];

  const flowData = {
    nodes: [
      {
        id: 'ChatInput-rt1',
        type: 'genericNode',
        data: {
          id: 'ChatInput-rt1',
          type: 'ChatInput',
          node: { display_name: 'Chat Input', base_classes: ['Message'], template: { _type: 'Component', input_value: { name: 'input_value', type: 'str', value: '' } }, outputs: [{ name: 'message', method: 'message_response', types: ['Message'] }] },
        },
      },
      {
        id: 'ChatOutput-rt1',
        type: 'genericNode',
        data: {
          id: 'ChatOutput-rt1',
          type: 'ChatOutput',
          node: { display_name: 'Chat Output', base_classes: ['Message'], template: { _type: 'Component', input_value: { name: 'input_value', type: 'str', value: '', input_types: ['Message'] } }, outputs: [{ name: 'message', method: 'message_response', types: ['Message'] }] },
        },
      },
    ],
    edges: [
      {
        id: 'e1',
        source: 'ChatInput-rt1',
        target: 'ChatOutput-rt1',
        sourceHandle: 'œ',
        targetHandle: 'œ',
        data: {
          sourceHandle: { dataType: 'ChatInput', id: 'ChatInput-rt1', name: 'message', output_types: ['Message'] },
          targetHandle: { fieldName: 'input_value', id: 'ChatOutput-rt1', inputTypes: ['Message'], type: 'str' },
        },
      },
    ],
  };

  function connect(opts: Parameters<typeof io>[1] = {}): Socket {
    const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...opts });
    sockets.push(socket);
    return socket;
  }

  function connected(socket: Socket): Promise<void> {
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (err) => reject(err));
    });
  }

  function refused(socket: Socket): Promise<{ message: string; data: any }> {
    return new Promise((resolve, reject) => {
      socket.once('connect', () => reject(new Error('connected but should have been refused')));
      socket.once('connect_error', (err: Error & { data?: unknown }) => resolve({ message: err.message, data: err.data }));
    });
  }

  function ask(socket: Socket, event: string, body: unknown): Promise<Ack> {
    return socket.timeout(10_000).emitWithAck(event, body);
  }

  async function createFlow(header: Record<string, string>, name: string): Promise<string> {
    const res = await t.http.post('/api/v1/flows/').set(header).send({ name, data: flowData });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  beforeAll(async () => {
    t = await createTestApp({ env: SUPERUSER_ENV });
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    url = `http://127.0.0.1:${port}`;
    admin = await loginHeader(t, 'admin', 'admin-pass-1');
    adminToken = admin.Authorization.slice('Bearer '.length);
    adminKey = await createApiKey(t, admin);
    other = await createActiveUser(t, admin, 'rt-other');
    otherKey = await createApiKey(t, other.header);
    flowId = await createFlow(admin, 'realtime flow');
    otherFlowId = await createFlow(other.header, 'someone else');
  });

  afterEach(() => {
    while (sockets.length) sockets.pop()!.disconnect();
  });

  afterAll(async () => {
    await t.close();
    await fake?.close();
  });

  let fake: FakeOpenAI | undefined;

  describe('handshake authentication', () => {
    it('refuses a connection without credentials (401 in connect_error.data)', async () => {
      const err = await refused(connect());
      expect(err.data).toEqual({ status: 401, detail: expect.stringContaining('API key or an access token') });
      expect(err.message).toContain('API key or an access token');
    });

    it('refuses an unknown API key with 403', async () => {
      const err = await refused(connect({ auth: { apiKey: 'sk-not-a-real-key' } }));
      expect(err.data).toEqual({ status: 403, detail: 'Invalid or missing API key' });
    });

    it('refuses a forged or refresh token with 401', async () => {
      expect((await refused(connect({ auth: { token: 'not.a.jwt' } }))).data.status).toBe(401);
      const login = await t.http.post('/api/v1/login').type('form').send({ username: 'admin', password: 'admin-pass-1' }).expect(200);
      expect((await refused(connect({ auth: { token: login.body.refresh_token } }))).data.status).toBe(401);
    });

    it('accepts an API key as auth.apiKey, ?x-api-key= or the x-api-key header', async () => {
      await connected(connect({ auth: { apiKey: adminKey } }));
      await connected(connect({ query: { 'x-api-key': adminKey } }));
      await connected(connect({ extraHeaders: { 'x-api-key': adminKey } }));
    });

    it('accepts an access token as auth.token, ?token=, a Bearer header or the access_token_lf cookie', async () => {
      await connected(connect({ auth: { token: adminToken } }));
      await connected(connect({ query: { token: adminToken } }));
      await connected(connect({ extraHeaders: { authorization: `Bearer ${adminToken}` } }));
      await connected(connect({ extraHeaders: { cookie: `access_token_lf=${adminToken}` } }));
    });
  });

  describe('subscribe_session', () => {
    it('acknowledges a session of one of the caller\'s flows', async () => {
      const socket = connect({ auth: { apiKey: adminKey } });
      await connected(socket);
      expect(await ask(socket, 'subscribe_session', { flow_id: flowId, session_id: 's-1' })).toEqual({ flow_id: flowId, session_id: 's-1' });
      expect(await ask(socket, 'unsubscribe_session', { flow_id: flowId, session_id: 's-1' })).toEqual({ flow_id: flowId, session_id: 's-1', unsubscribed: true });
    });

    it('refuses another user\'s flow (403), an unknown flow (404) and bad bodies (422)', async () => {
      const socket = connect({ auth: { apiKey: otherKey } });
      await connected(socket);
      expect(await ask(socket, 'subscribe_session', { flow_id: flowId, session_id: 's' })).toEqual({ error: { status: 403, detail: expect.any(String) } });
      expect(await ask(socket, 'subscribe_session', { flow_id: '11111111-2222-4333-8444-555555555555', session_id: 's' })).toEqual({
        error: { status: 404, detail: 'Flow not found: 11111111-2222-4333-8444-555555555555' },
      });
      expect((await ask(socket, 'subscribe_session', { flow_id: 'nope', session_id: 's' })).error.status).toBe(422);
      expect((await ask(socket, 'subscribe_session', { flow_id: otherFlowId })).error.status).toBe(422);
      expect((await ask(socket, 'subscribe_session', 'just text')).error.status).toBe(422);
      // The connection survives bad input.
      expect(await ask(socket, 'subscribe_session', { flow_id: otherFlowId, session_id: 'ok' })).toEqual({ flow_id: otherFlowId, session_id: 'ok' });
    });

    it('pushes the messages a /run stores in that session, and nothing from other sessions', async () => {
      const socket = connect({ auth: { token: adminToken } });
      await connected(socket);
      await ask(socket, 'subscribe_session', { flow_id: flowId, session_id: 'live-session' });
      const received: any[] = [];
      socket.on('message', (m) => received.push(m));

      await t.http.post(`/api/v1/run/${flowId}`).set('x-api-key', adminKey).send({ input_value: 'elsewhere', session_id: 'other-session' }).expect(200);
      await t.http.post(`/api/v1/run/${flowId}`).set('x-api-key', adminKey).send({ input_value: 'hello live', session_id: 'live-session' }).expect(200);

      await waitFor(() => received.filter((m) => m.action === 'added').length >= 2);
      const added = received.filter((m) => m.action === 'added');
      expect(added.map((m) => [m.message.sender, m.message.text])).toEqual([
        ['User', 'hello live'],
        ['Machine', 'hello live'],
      ]);
      for (const m of received) {
        expect(m).toMatchObject({ flow_id: flowId, session_id: 'live-session' });
        expect(m.message).toMatchObject({ id: expect.any(String), session_id: 'live-session', flow_id: flowId });
      }
    });
  });

  describe('subscribe_job', () => {
    it('refuses malformed and unknown job ids', async () => {
      const socket = connect({ auth: { apiKey: adminKey } });
      await connected(socket);
      expect((await ask(socket, 'subscribe_job', { job_id: 'x' })).error.status).toBe(422);
      expect((await ask(socket, 'subscribe_job', { job_id: '11111111-2222-4333-8444-555555555555', from: -1 })).error.status).toBe(422);
      expect(await ask(socket, 'subscribe_job', { job_id: '11111111-2222-4333-8444-555555555555' })).toEqual({
        error: { status: 404, detail: 'Job not found: 11111111-2222-4333-8444-555555555555' },
      });
    });

    it('replays a build job\'s events from `from`, then job_end; other users are refused', async () => {
      const build = await t.http.post(`/api/v1/build/${flowId}/flow`).set(admin).send({ inputs: { input_value: 'build me', session: 'build-session' } }).expect(200);
      const jobId: string = build.body.job_id;

      const socket = connect({ auth: { apiKey: adminKey } });
      await connected(socket);
      const events: any[] = [];
      let end: any;
      socket.on('job_event', (e) => events.push(e));
      socket.on('job_end', (e) => (end = e));
      const ack = await ask(socket, 'subscribe_job', { job_id: jobId });
      expect(ack).toMatchObject({ job_id: jobId, from: 0 });
      await waitFor(() => end !== undefined);

      expect(end).toEqual({ job_id: jobId, status: 'completed', failure: null });
      expect(events.map((e) => e.index)).toEqual(events.map((_, i) => i));
      const names = events.map((e) => e.event);
      expect(names[0]).toBe('vertices_sorted');
      expect(names).toContain('add_message');
      expect(names).toContain('end_vertex');
      expect(names[names.length - 1]).toBe('end');
      expect(events.every((e) => e.job_id === jobId)).toBe(true);

      // Resuming from an index replays only what follows it.
      const again = connect({ auth: { apiKey: adminKey } });
      await connected(again);
      const tail: any[] = [];
      again.on('job_event', (e) => tail.push(e));
      let againEnd: any;
      again.on('job_end', (e) => (againEnd = e));
      await ask(again, 'subscribe_job', { job_id: jobId, from: events.length - 1 });
      await waitFor(() => againEnd !== undefined);
      expect(tail.map((e) => e.event)).toEqual(['end']);

      const stranger = connect({ auth: { apiKey: otherKey } });
      await connected(stranger);
      expect((await ask(stranger, 'subscribe_job', { job_id: jobId })).error.status).toBe(403);
    });

    it('delivers a running job\'s events live (LLM tokens while the model streams), then job_end', async () => {
      fake = await startFakeOpenAI({ port: 0 });
      // The benchmark's ChatInput -> OpenAI -> ChatOutput flow, streaming from the fake server.
      const flow = JSON.parse(readFileSync(join(__dirname, '..', '..', 'scripts', 'bench', 'flows', 'llm-stream.json'), 'utf8'));
      const model = flow.data.nodes.find((n: any) => n.data.type === 'OpenAIModel');
      model.data.node.template.openai_api_base.value = fake.url;
      model.data.node.template.stream.value = true;
      const created = await t.http.post('/api/v1/flows/').set(admin).send({ name: 'realtime llm', data: flow.data }).expect(201);

      fake.hold();
      const build = await t.http.post(`/api/v1/build/${created.body.id}/flow`).set(admin).send({ inputs: { input_value: 'stream to the socket' } }).expect(200);
      const jobId: string = build.body.job_id;
      const socket = connect({ auth: { token: adminToken } });
      await connected(socket);
      const events: any[] = [];
      let end: any;
      socket.on('job_event', (e) => events.push(e));
      socket.on('job_end', (e) => (end = e));
      await ask(socket, 'subscribe_job', { job_id: jobId });

      // The model is held after its first chunk: the job is running and its first token is out.
      await waitFor(() => events.some((e) => e.event === 'token'));
      expect(end).toBeUndefined();
      fake.release();
      await waitFor(() => end !== undefined);

      expect(end).toEqual({ job_id: jobId, status: 'completed', failure: null });
      expect(events.map((e) => e.index)).toEqual(events.map((_, i) => i));
      const text = events.filter((e) => e.event === 'token').map((e) => e.data.chunk).join('');
      expect(text).toBe('You said: stream to the socket');
      expect(events[events.length - 1].event).toBe('end');
    });

    it('stops delivering after unsubscribe_job', async () => {
      const build = await t.http.post(`/api/v1/build/${flowId}/flow`).set(admin).send({ inputs: { input_value: 'x' } }).expect(200);
      const socket = connect({ auth: { apiKey: adminKey } });
      await connected(socket);
      expect(await ask(socket, 'unsubscribe_job', { job_id: build.body.job_id })).toEqual({ job_id: build.body.job_id, unsubscribed: false });
      expect((await ask(socket, 'unsubscribe_job', {})).error.status).toBe(422);
    });
  });
});

async function waitFor(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
