import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { io, Socket } from 'socket.io-client';
import { createApiKey, createTestApp, loginHeader, TestApp } from '../setup/create-test-app';
import type { TestDatabase } from '../setup/test-database';
import { createSharedPostgres, describeWithQueue, dropRedisPrefix, redisUrl, uniquePrefix } from '../support/queue';

/**
 * The socket gateway across processes: A serves HTTP and sockets only (role api), W only runs
 * jobs (role worker), on one Postgres database and one Redis. So a /run's messages are stored by
 * W and a build's events are written by W, while the socket sits on A.
 */
describeWithQueue()('realtime socket.io gateway across processes (Redis)', () => {
  let db: TestDatabase;
  let a: TestApp;
  let w: TestApp;
  let url: string;
  let token: string;
  let key: string;
  let flowId: string;
  const sockets: Socket[] = [];
  const prefix = uniquePrefix();
  const env = (role: string) => ({
    LANGFLOW_REDIS_URL: redisUrl,
    NESTFLOW_REDIS_PREFIX: prefix,
    NESTFLOW_PROCESS_ROLE: role,
    LANGFLOW_SECRET_KEY: 'realtime-queue-secret-key-0123456789',
    LANGFLOW_AUTO_LOGIN: 'false',
    LANGFLOW_SUPERUSER: 'admin',
    LANGFLOW_SUPERUSER_PASSWORD: 'admin-pass-1',
    NESTFLOW_SHUTDOWN_GRACE_SECONDS: '1',
  });

  beforeAll(async () => {
    db = await createSharedPostgres();
    a = await createTestApp({ database: db, env: env('api') });
    w = await createTestApp({ database: db, env: env('worker') });
    await a.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(a.app.getHttpServer().address() as AddressInfo).port}`;
    const header = await loginHeader(a, 'admin', 'admin-pass-1');
    token = header.Authorization.slice('Bearer '.length);
    key = await createApiKey(a, header);
    // ChatInput -> Prompt -> ChatOutput, the benchmark's trivial flow.
    const flow = JSON.parse(readFileSync(join(__dirname, '..', '..', 'scripts', 'bench', 'flows', 'trivial.json'), 'utf8'));
    flowId = (await a.http.post('/api/v1/flows/').set(header).send({ name: 'realtime queue', data: flow.data }).expect(201)).body.id;
  }, 60_000);

  afterAll(async () => {
    while (sockets.length) sockets.pop()!.disconnect();
    for (const app of [a, w]) await app?.close().catch(() => undefined);
    await db?.drop();
    await dropRedisPrefix(prefix);
  }, 60_000);

  async function connect(): Promise<Socket> {
    const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token } });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  }

  it('delivers messages a worker stores to a socket on another process', async () => {
    const socket = await connect();
    const received: any[] = [];
    socket.on('message', (m) => received.push(m));
    expect(await socket.timeout(10_000).emitWithAck('subscribe_session', { flow_id: flowId, session_id: 'across' })).toEqual({ flow_id: flowId, session_id: 'across' });

    // The worker learns within a second that someone follows a session; run until a run's messages arrive.
    let n = 0;
    const texts = () => received.filter((m) => m.action === 'added').map((m) => m.message.text);
    const started = Date.now();
    while (!texts().some((t) => /^Answer briefly: question \d+$/.test(t))) {
      if (Date.now() - started > 15_000) throw new Error('no message crossed processes');
      const res = await a.http.post(`/api/v1/run/${flowId}`).set('x-api-key', key).send({ input_value: `question ${n++}`, session_id: 'across' }).expect(200);
      expect(res.body.outputs[0].outputs[0].results.message.text).toMatch(/^Answer briefly: question \d+$/);
      await new Promise((r) => setTimeout(r, 50));
    }
    const machine = received.find((m) => m.action === 'added' && m.message.sender === 'Machine');
    expect(machine).toMatchObject({ flow_id: flowId, session_id: 'across', message: { session_id: 'across', flow_id: flowId, text: expect.stringMatching(/^Answer briefly: question \d+$/) } });
    // Nothing is delivered twice (the worker publishes, A delivers once).
    const ids = received.filter((m) => m.action === 'added').map((m) => m.message.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('follows a build run by the worker through the Redis job store', async () => {
    const header = { Authorization: `Bearer ${token}` };
    const build = await a.http.post(`/api/v1/build/${flowId}/flow`).set(header).send({ inputs: { input_value: 'built elsewhere' } }).expect(200);
    const socket = await connect();
    const events: any[] = [];
    let end: any;
    socket.on('job_event', (e) => events.push(e));
    socket.on('job_end', (e) => (end = e));
    expect(await socket.timeout(10_000).emitWithAck('subscribe_job', { job_id: build.body.job_id })).toMatchObject({ job_id: build.body.job_id });
    const started = Date.now();
    while (end === undefined) {
      if (Date.now() - started > 15_000) throw new Error('job_end never arrived');
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(end).toMatchObject({ job_id: build.body.job_id, status: 'completed' });
    expect(events.map((e) => e.index)).toEqual(events.map((_, i) => i));
    expect(events[0].event).toBe('vertices_sorted');
    expect(events[events.length - 1].event).toBe('end');
  });
});
