import { startFakeOpenAI, FakeOpenAI } from '../support/fake-openai';
import { autoLoginHeader, createApiKey, createTestApp, TestApp } from '../setup/create-test-app';
import { eventually, haveFixtures, importFlow, parseFrames, pointOpenAIBaseAt, streamingPromptingFlow } from '../support/execution';

const d = haveFixtures ? describe : describe.skip;

/** Inline /run (no queue) stopped from outside: the run timeout and shutdown. */
d('POST /api/v1/run stopped by the run timeout or shutdown', () => {
  let fake: FakeOpenAI;
  let restoreOpenAIBase: () => void;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    restoreOpenAIBase = pointOpenAIBaseAt(fake.url);
  });
  afterAll(async () => {
    fake.release();
    await fake.close();
    restoreOpenAIBase?.();
  });

  async function setUp(env: Record<string, string>): Promise<{ t: TestApp; key: string; flowId: string }> {
    const t = await createTestApp({ env });
    const admin = await autoLoginHeader(t);
    const key = await createApiKey(t, admin);
    const flowId = await importFlow(t, admin, streamingPromptingFlow());
    return { t, key, flowId };
  }

  describe('NESTFLOW_RUN_TIMEOUT_SECONDS=1', () => {
    let t: TestApp;
    let key: string;
    let flowId: string;
    beforeAll(async () => ({ t, key, flowId } = await setUp({ NESTFLOW_RUN_TIMEOUT_SECONDS: '1' })));
    afterAll(() => t.close());
    afterEach(() => fake.release());

    it('a streamed run past the timeout ends with an error event', async () => {
      fake.hold();
      const res = await t.http.post(`/api/v1/run/${flowId}?stream=true`).set('x-api-key', key).send({ input_value: 'too slow' }).expect(200);
      const events = parseFrames(res.text);
      expect(events.at(-1)).toEqual({ event: 'error', data: { error: 'The run did not finish within 1 seconds and was stopped.' } });
    });

    it('a run that finishes in time is answered as usual', async () => {
      const res = await t.http.post(`/api/v1/run/${flowId}`).set('x-api-key', key).send({ input_value: 'quick' }).expect(200);
      expect(res.body.outputs[0].outputs[0].results.message.text).toMatch(/quick/);
    });
  });

  it('on shutdown, a streamed run still going after the grace period ends with the shutdown error', async () => {
    const { t, key, flowId } = await setUp({ NESTFLOW_SHUTDOWN_GRACE_SECONDS: '1' });
    fake.hold(); // the model's stream pauses after its first chunk
    try {
      const before = fake.requestsTo('/chat/completions').length;
      const answer = t.http.post(`/api/v1/run/${flowId}?stream=true`).set('x-api-key', key).send({ input_value: 'shutdown' }).then((r) => r);
      await eventually(async () => fake.requestsTo('/chat/completions').length > before, 'the run to call the model');
      const closed = t.close();
      const res = await answer;
      await closed;
      expect(res.status).toBe(200);
      expect(parseFrames(res.text).at(-1)).toEqual({ event: 'error', data: { error: 'The server shut down before the run finished.' } });
    } finally {
      fake.release();
    }
  });
});
