import { randomUUID } from 'node:crypto';
import { JOB_STORE, JobStore } from '../../src/execution/events/job-store';
import { JOB_QUEUE, JobQueue } from '../../src/execution/queue/job-queue';
import { startFakeOpenAI, FakeOpenAI } from '../support/fake-openai';
import { autoLoginHeader, createActiveUser, createApiKey, createTestApp, TestApp } from '../setup/create-test-app';
import type { TestDatabase } from '../setup/test-database';
import { eventually, haveFixtures, importFlow, llmTweaks, openStream, parseFrames, pointOpenAIBaseAt, streamingPromptingFlow } from '../support/execution';
import { createSharedPostgres, describeWithQueue, dropRedisPrefix, redisUrl, uniquePrefix } from '../support/queue';

const describeQueue = haveFixtures ? describeWithQueue() : describe.skip;

/**
 * Queue mode for real: three Nest apps on one Postgres database and one Redis, sharing the
 * secret key. A and B serve HTTP only (role api); W only runs jobs (role worker). So whatever
 * completes was executed by W, and events cross processes through Redis.
 */
describeQueue('queue mode: BullMQ + Redis event logs across replicas', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let w: TestApp;
  let fake: FakeOpenAI;
  let admin: Record<string, string>;
  let key: string;
  let flow: any;
  let flowId: string;
  const prefix = uniquePrefix();
  let restoreOpenAIBase: () => void;
  const env = (role: string, extra: Record<string, string> = {}) => ({
    LANGFLOW_REDIS_URL: redisUrl,
    NESTFLOW_REDIS_PREFIX: prefix,
    NESTFLOW_PROCESS_ROLE: role,
    LANGFLOW_SECRET_KEY: 'queue-test-secret-key-0123456789',
    ...extra,
  });

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    restoreOpenAIBase = pointOpenAIBaseAt(fake.url);
    db = await createSharedPostgres();
    a = await createTestApp({ database: db, env: env('api') });
    b = await createTestApp({ database: db, env: env('api') });
    w = await createTestApp({ database: db, env: env('worker', { NESTFLOW_SHUTDOWN_GRACE_SECONDS: '1' }) });
    admin = await autoLoginHeader(a);
    key = await createApiKey(a, admin);
    flow = streamingPromptingFlow();
    flowId = await importFlow(a, admin, flow, { endpoint_name: 'queued-prompting' });
  }, 60_000);

  afterAll(async () => {
    fake?.release();
    for (const app of [a, b, w]) await app?.close().catch(() => undefined);
    await db?.drop();
    await dropRedisPrefix(prefix);
    await fake?.close();
    restoreOpenAIBase?.();
  }, 60_000);

  it('reports the queue in /health_check', async () => {
    const res = await a.http.get('/health_check').expect(200);
    expect(res.body).toEqual({ status: 'ok', chat: 'ok', db: 'ok' });
  });

  it('a build started through A streams its events through B', async () => {
    const started = await a.http.post(`/api/v1/build/${flowId}/flow`).set(admin).send({ inputs: { input_value: 'across replicas' } }).expect(200);
    const res = await b.http.get(`/api/v1/build/${started.body.job_id}/events`).set(admin).expect(200);
    const events = parseFrames(res.text);
    expect(events[0].event).toBe('vertices_sorted');
    expect(events.at(-1)!.event).toBe('end');
    expect(events.some((e) => e.event === 'add_message' && /^You said: across replicas/.test(e.data.text))).toBe(true);
    // Polling through A sees the same log.
    const polled = await a.http.get(`/api/v1/build/${started.body.job_id}/events?event_delivery=polling`).set(admin).expect(200);
    expect(polled.text.split('\n').map((l) => JSON.parse(l))).toEqual(events);
  });

  it('a /run sent to A executes on the worker, by id and by endpoint name, streaming or not', async () => {
    const tweaks = llmTweaks(flow);
    const res = await a.http.post(`/api/v1/run/${flowId}`).set('x-api-key', key).send({ input_value: 'queued run', tweaks }).expect(200);
    expect(res.body.session_id).toBe(flowId);
    expect(res.body.outputs[0].outputs[0].results.message.text).toMatch(/^You said: queued run/);
    const byName = await b.http.post('/api/v1/run/queued-prompting').set('x-api-key', key).send({ input_value: 'by name' }).expect(200);
    expect(byName.body.outputs[0].outputs[0].results.message.text).toMatch(/^You said: by name/);
    const streamed = await a.http.post(`/api/v1/run/${flowId}?stream=true`).set('x-api-key', key).send({ input_value: 'queued stream' }).expect(200);
    const events = parseFrames(streamed.text);
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['add_message', 'token', 'end']));
    expect(events.at(-1)!.data.result.outputs[0].outputs[0].results.message.text).toMatch(/^You said: queued stream/);
    const failed = await a.http.post(`/api/v1/run/${flowId}`).set('x-api-key', key).send({ input_value: 'fail with status 500' }).expect(500);
    expect(JSON.parse(failed.body.detail).message).toMatch(/^Error running graph/);
  });

  it('a /run/advanced sent to B executes on the worker', async () => {
    const res = await b.http
      .post(`/api/v1/run/advanced/${flowId}`)
      .set('x-api-key', key)
      .send({ inputs: [{ components: ['Chat Input'], input_value: 'advanced one' }, { input_value: 'advanced two', type: 'chat' }], outputs: ['Chat Output'] })
      .expect(200);
    expect(res.body.outputs).toHaveLength(2);
    expect(res.body.outputs[0].outputs[0].results.message.text).toMatch(/^You said: advanced one/);
    expect(res.body.outputs[1].outputs[0].results.message.text).toMatch(/^You said: advanced two/);
  });

  it('cancel through B stops a build running on the worker', async () => {
    fake.hold();
    try {
      const started = await a.http.post(`/api/v1/build/${flowId}/flow`).set(admin).send({ inputs: { input_value: 'cancel me' } }).expect(200);
      const jobId = started.body.job_id;
      const stream = await openStream(a, 'GET', `/api/v1/build/${jobId}/events`, admin);
      let e = await stream.next();
      while (e && e.event !== 'token') e = await stream.next();
      expect(e?.event).toBe('token');
      const upstream = fake.requestsTo('/chat/completions').at(-1)!;
      expect(upstream.done).toBe(false);
      const cancel = await b.http.post(`/api/v1/build/${jobId}/cancel`).set(admin).expect(200);
      expect(cancel.body.success).toBe(true);
      const rest = await stream.rest();
      expect(rest.map((x) => x.event)).not.toContain('end');
      const status = await a.http.get(`/api/v1/build/${jobId}/status`).set(admin).expect(200);
      expect(status.body.status).toBe('cancelled');
      await eventually(async () => upstream.aborted || upstream.done, 'the model request to stop');
      expect(upstream.aborted).toBe(true);
    } finally {
      fake.release();
    }
  });

  it('a client that reconnects resumes from an event index without losing events', async () => {
    fake.hold();
    let firstPart: { event: string; data: any }[] = [];
    let jobId = '';
    try {
      const started = await a.http.post(`/api/v1/build/${flowId}/flow`).set(admin).send({ inputs: { input_value: 'resume me please' } }).expect(200);
      jobId = started.body.job_id;
      const stream = await openStream(a, 'GET', `/api/v1/build/${jobId}/events`, admin);
      let e = await stream.next();
      while (e) {
        firstPart.push(e);
        if (e.event === 'token') break;
        e = await stream.next();
      }
      stream.close(); // the connection drops mid-build; the build goes on
    } finally {
      fake.release();
    }
    const resumed = await b.http.get(`/api/v1/build/${jobId}/events?from=${firstPart.length}`).set(admin).expect(200);
    const all = [...firstPart, ...parseFrames(resumed.text)];
    expect(all.at(-1)!.event).toBe('end');
    const full = parseFrames((await b.http.get(`/api/v1/build/${jobId}/events`).set(admin).expect(200)).text);
    expect(all).toEqual(full);
    const text = full.filter((x) => x.event === 'token').map((x) => x.data.chunk).join('');
    expect(text).toMatch(/^You said: resume me please/);
  });

  it("a user cannot run, build, stream or cancel another user's flow or job through any replica", async () => {
    const started = await a.http.post(`/api/v1/build/${flowId}/flow`).set(admin).send({ inputs: { input_value: 'mine' } }).expect(200);
    const other = await createActiveUser(a, admin, 'queue-other');
    const otherKey = await createApiKey(b, other.header);
    await b.http.post(`/api/v1/run/${flowId}`).set('x-api-key', otherKey).send({}).expect(403);
    await b.http.post(`/api/v1/build/${flowId}/flow`).set(other.header).send({}).expect(404);
    await b.http.get(`/api/v1/build/${started.body.job_id}/events`).set(other.header).expect(404);
    await b.http.post(`/api/v1/build/${started.body.job_id}/cancel`).set(other.header).expect(404);
    await a.http.get(`/api/v1/build/${started.body.job_id}/events`).set(admin).expect(200);
  });

  it('a job whose worker died mid-run is failed after its events by the next worker, not run twice', async () => {
    const me = await a.http.get('/api/v1/users/whoami').set(admin).expect(200);
    const store = a.app.get<JobStore>(JOB_STORE);
    const queue = a.app.get<JobQueue>(JOB_QUEUE);
    const id = randomUUID();
    // As if a worker took the job, wrote one event and died (BullMQ hands a stalled job out again).
    await store.create({ id, kind: 'build', flowId, owner: { userId: me.body.id }, status: 'queued', createdAt: Date.now() });
    expect(await store.markRunning(id)).toBe(true);
    store.writer(id).append('vertices_sorted', { ids: [], to_run: [] });
    await queue.enqueue({ id, kind: 'build', events: 'build', flowId, userId: me.body.id });
    const events = parseFrames((await b.http.get(`/api/v1/build/${id}/events`).set(admin).expect(200)).text);
    expect(events.map((e) => e.event)).toEqual(['vertices_sorted', 'error']);
    expect(events[1].data.text).toMatch(/worker running this job stopped/);
    const status = await b.http.get(`/api/v1/build/${id}/status`).set(admin).expect(200);
    expect(status.body.status).toBe('failed');
  });

  it('a worker that shuts down mid-run fails the job with an error event instead of dropping it', async () => {
    fake.hold();
    try {
      const started = await a.http.post(`/api/v1/build/${flowId}/flow`).set(admin).send({ inputs: { input_value: 'shutdown' } }).expect(200);
      const jobId = started.body.job_id;
      const stream = await openStream(b, 'GET', `/api/v1/build/${jobId}/events`, admin);
      let e = await stream.next();
      while (e && e.event !== 'token') e = await stream.next();
      expect(e?.event).toBe('token');
      await w.close(); // grace period 1 s, then the run is aborted and recorded as failed
      const rest = await stream.rest();
      expect(rest.at(-1)!.event).toBe('error');
      expect(rest.at(-1)!.data.text).toMatch(/shut down/);
      const status = await a.http.get(`/api/v1/build/${jobId}/status`).set(admin).expect(200);
      expect(status.body.status).toBe('failed');
    } finally {
      fake.release();
    }
  });
});
