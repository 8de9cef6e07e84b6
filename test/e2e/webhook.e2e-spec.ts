import { startFakeOpenAI, FakeOpenAI } from '../support/fake-openai';
import { autoLoginHeader, createActiveUser, createApiKey, createTestApp, TestApp } from '../setup/create-test-app';
import { eventually, haveFixtures, importFlow, loadFixture, nodeId, openStream, parseFrames, pointOpenAIBaseAt, streamingPromptingFlow } from '../support/execution';

const d = haveFixtures ? describe : describe.skip;

/** webhook-test without its custom components: Webhook → Chat Output. */
function webhookFlow(): any {
  const flow = loadFixture('test-flows/webhook-test');
  const webhook = nodeId(flow, 'Webhook');
  const output = nodeId(flow, 'ChatOutput');
  flow.data.nodes = flow.data.nodes.filter((n: any) => n.data?.type !== 'CustomComponent');
  flow.data.edges = [
    {
      source: webhook,
      target: output,
      data: {
        sourceHandle: { dataType: 'Webhook', id: webhook, name: 'output_data', output_types: ['Data'] },
        targetHandle: { fieldName: 'input_value', id: output, inputTypes: ['Data', 'DataFrame', 'Message'], type: 'other' },
      },
    },
  ];
  return flow;
}

d('POST /api/v1/webhook', () => {
  let t: TestApp;
  let fake: FakeOpenAI;
  let admin: Record<string, string>;
  let flowId: string;
  let restoreOpenAIBase: () => void;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    restoreOpenAIBase = pointOpenAIBaseAt(fake.url);
    // One worker slot: a held build keeps the next job waiting, deterministically.
    t = await createTestApp({ env: { NESTFLOW_WORKER_CONCURRENCY: '1' } });
    admin = await autoLoginHeader(t);
    flowId = await importFlow(t, admin, webhookFlow(), { endpoint_name: 'my-hook' });
  });
  afterAll(async () => {
    fake.release();
    await t.close();
    await fake.close();
    restoreOpenAIBase?.();
  });

  it('answers 202 with a job id before the run completes; the run completes and its messages are in the monitor', async () => {
    const heldId = await importFlow(t, admin, streamingPromptingFlow());
    fake.hold();
    let stream;
    try {
      const build = await t.http.post(`/api/v1/build/${heldId}/flow`).set(admin).send({ inputs: { input_value: 'hold me' } }).expect(200);
      stream = await openStream(t, 'GET', `/api/v1/build/${build.body.job_id}/events`, admin);
      let e = await stream.next();
      while (e && e.event !== 'token') e = await stream.next();
      expect(e?.event).toBe('token'); // the only worker slot is now busy with a held model answer

      const res = await t.http.post('/api/v1/webhook/my-hook').send({ order: 42, item: 'tea' }).expect(202);
      expect(res.body).toMatchObject({ message: 'Task started in the background', status: 'in progress' });
      expect(res.body.job_id).toBe(res.body.run_id);
      const jobId = res.body.job_id;
      const queued = await t.http.get(`/api/v1/build/${jobId}/status`).set(admin).expect(200);
      expect(queued.body).toMatchObject({ status: 'queued', kind: 'webhook', flow_id: flowId });

      fake.release();
      await stream.rest();
      const done = await eventually(async () => {
        const s = await t.http.get(`/api/v1/build/${jobId}/status`).set(admin);
        return s.body.status === 'completed' || s.body.status === 'failed' ? s.body : null;
      }, 'the webhook run');
      expect(done.status).toBe('completed');
      const events = parseFrames((await t.http.get(`/api/v1/build/${jobId}/events`).set(admin).expect(200)).text);
      expect(events.at(-1)!.event).toBe('end');
      const messages = await eventually(async () => {
        const m = await t.http.get(`/api/v1/monitor/messages?flow_id=${flowId}`).set(admin);
        return m.status === 200 && m.body.length ? m.body : null;
      }, 'the stored message');
      expect(messages[0].text).toContain('tea');
    } finally {
      fake.release();
      stream?.close();
    }
  });

  it('refuses an empty body and answers 404 for an unknown flow', async () => {
    const empty = await t.http.post(`/api/v1/webhook/${flowId}`).expect(400);
    expect(empty.body).toEqual({ detail: 'Request body is empty. You should provide a JSON payload containing the flow ID.' });
    await t.http.post('/api/v1/webhook/nothing-here').send({ a: 1 }).expect(404);
  });

  it('takes any content type as the raw payload', async () => {
    const res = await t.http.post(`/api/v1/webhook/${flowId}`).set('Content-Type', 'text/plain').send('plain text body').expect(202);
    const done = await eventually(async () => {
      const s = await t.http.get(`/api/v1/build/${res.body.job_id}/status`).set(admin);
      return s.body.status === 'completed' ? s.body : null;
    }, 'the run');
    expect(done.status).toBe('completed');
  });

  it("keeps the job's events to the flow owner", async () => {
    const res = await t.http.post(`/api/v1/webhook/${flowId}`).send({ x: 1 }).expect(202);
    const other = await createActiveUser(t, admin, 'hook-other');
    await t.http.get(`/api/v1/build/${res.body.job_id}/events`).set(other.header).expect(404);
  });
});

d('POST /api/v1/webhook with LANGFLOW_WEBHOOK_AUTH_ENABLE', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let flowId: string;
  beforeAll(async () => {
    t = await createTestApp({ env: { LANGFLOW_WEBHOOK_AUTH_ENABLE: 'true' } });
    admin = await autoLoginHeader(t);
    flowId = await importFlow(t, admin, webhookFlow());
  });
  afterAll(() => t.close());

  it("needs an API key of the flow's owner", async () => {
    const missing = await t.http.post(`/api/v1/webhook/${flowId}`).send({ a: 1 }).expect(403);
    expect(missing.body).toEqual({ detail: 'API key required when webhook authentication is enabled' });
    const bad = await t.http.post(`/api/v1/webhook/${flowId}`).set('x-api-key', 'sk-nope').send({ a: 1 }).expect(403);
    expect(bad.body).toEqual({ detail: 'Invalid API key' });
    const other = await createActiveUser(t, admin, 'hook-auth-other');
    const otherKey = await createApiKey(t, other.header);
    const notOwner = await t.http.post(`/api/v1/webhook/${flowId}`).set('x-api-key', otherKey).send({ a: 1 }).expect(403);
    expect(notOwner.body).toEqual({ detail: 'Access denied: You can only execute webhooks for flows you own' });
    const key = await createApiKey(t, admin);
    await t.http.post(`/api/v1/webhook/${flowId}`).set('x-api-key', key).send({ a: 1 }).expect(202);
    await t.http.post(`/api/v1/webhook/${flowId}?x-api-key=${key}`).send({ a: 1 }).expect(202);
  });
});
