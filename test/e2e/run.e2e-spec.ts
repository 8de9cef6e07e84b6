import { startFakeOpenAI, FakeOpenAI } from '../support/fake-openai';
import { autoLoginHeader, createActiveUser, createApiKey, createTestApp, TestApp } from '../setup/create-test-app';
import { eventually, haveFixtures, importFlow, llmTweaks, loadFixture, nodeId, openStream, parseFrames, pointOpenAIBaseAt } from '../support/execution';

const d = haveFixtures ? describe : describe.skip;

d('POST /api/v1/run', () => {
  let t: TestApp;
  let fake: FakeOpenAI;
  let admin: Record<string, string>;
  let key: string;
  let restoreOpenAIBase: () => void;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    restoreOpenAIBase = pointOpenAIBaseAt(fake.url);
    t = await createTestApp();
    admin = await autoLoginHeader(t);
    key = await createApiKey(t, admin);
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
    restoreOpenAIBase?.();
  });

  describe('a flow without a model (simple-apitest)', () => {
    let flowId: string;
    let flow: any;
    beforeAll(async () => {
      flow = loadFixture('test-flows/simple-apitest');
      flowId = await importFlow(t, admin, flow, { endpoint_name: 'simple-api' });
    });

    it('answers Langflow RunResponse with the session defaulting to the flow id', async () => {
      const res = await t.http.post(`/api/v1/run/${flowId}`).set('x-api-key', key).send({ input_value: 'hello there' }).expect(200);
      expect(res.body.session_id).toBe(flowId);
      expect(res.body.outputs).toHaveLength(1);
      expect(res.body.outputs[0].inputs).toEqual({ input_value: 'hello there' });
      const out = res.body.outputs[0].outputs[0];
      expect(out.results.message.text).toBe('hello there');
      expect(out.outputs.message).toEqual({ message: 'hello there', type: 'text' });
      expect(out.component_id).toBe(nodeId(flow, 'ChatOutput'));
      expect(out.messages[0]).toMatchObject({ message: 'hello there', session_id: flowId, component_id: out.component_id });
    });

    it('runs by endpoint name, with the embedded body form and a session id', async () => {
      const res = await t.http
        .post('/api/v1/run/simple-api')
        .set('x-api-key', key)
        .send({ input_request: { input_value: 'embedded', session_id: 'chat-1' } })
        .expect(200);
      expect(res.body.session_id).toBe('chat-1');
      expect(res.body.outputs[0].outputs[0].results.message.text).toBe('embedded');
    });

    it('reads a JSON body sent as text/plain or form-encoded (curl -d without a content type), as Langflow re-parses raw bytes', async () => {
      const plain = await t.http.post(`/api/v1/run/${flowId}`).set('x-api-key', key).set('Content-Type', 'text/plain').send('{"input_value": "plain"}').expect(200);
      expect(plain.body.outputs[0].outputs[0].results.message.text).toBe('plain');
      const form = await t.http.post(`/api/v1/run/${flowId}`).set('x-api-key', key).set('Content-Type', 'application/x-www-form-urlencoded').send('{"input_value": "form"}').expect(200);
      expect(form.body.outputs[0].outputs[0].results.message.text).toBe('form');
    });

    it('takes an API key from the query as well', async () => {
      await t.http.post(`/api/v1/run/${flowId}?x-api-key=${key}`).send({ input_value: 'q' }).expect(200);
    });

    it('treats a flat body that fails validation as an all-defaults request', async () => {
      const res = await t.http.post(`/api/v1/run/${flowId}`).set('x-api-key', key).send({ input_value: 'ignored', input_type: 'foo' }).expect(200);
      expect(res.body.outputs[0].inputs).toEqual({});
    });

    it('refuses an input_value sent both in the request and as a ChatInput tweak', async () => {
      const res = await t.http
        .post(`/api/v1/run/${flowId}`)
        .set('x-api-key', key)
        .send({ input_value: 'a', tweaks: { [nodeId(flow, 'ChatInput')]: { input_value: 'b' } } })
        .expect(400);
      expect(res.body).toEqual({ detail: 'If you pass an input_value to the chat input, you cannot pass a tweak with the same name.' });
    });

    it('applies tweaks (input through a tweak, no input_value)', async () => {
      const res = await t.http
        .post(`/api/v1/run/${flowId}`)
        .set('x-api-key', key)
        .send({ tweaks: { 'Chat Input': { input_value: 'from a tweak' } } })
        .expect(200);
      expect(res.body.outputs[0].outputs[0].results.message.text).toBe('from a tweak');
    });

    it('reports every built vertex with output_type=debug and one with output_component', async () => {
      const debug = await t.http.post(`/api/v1/run/${flowId}`).set('x-api-key', key).send({ input_value: 'x', output_type: 'debug' }).expect(200);
      expect(debug.body.outputs[0].outputs.map((o: any) => o.component_id)).toEqual(
        expect.arrayContaining([nodeId(flow, 'ChatInput'), nodeId(flow, 'ChatOutput')]),
      );
      const one = await t.http
        .post(`/api/v1/run/${flowId}`)
        .set('x-api-key', key)
        .send({ input_value: 'x', output_component: nodeId(flow, 'ChatInput') })
        .expect(200);
      expect(one.body.outputs[0].outputs.map((o: any) => o.component_id)).toEqual([nodeId(flow, 'ChatInput')]);
    });

    it('answers 404 for an unknown flow before checking credentials', async () => {
      const res = await t.http.post('/api/v1/run/no-such-flow').send({}).expect(404);
      expect(res.body).toEqual({ detail: 'Flow identifier no-such-flow not found' });
      await t.http.post('/api/v1/run/00000000-0000-4000-8000-000000000000').send({}).expect(404);
    });

    it('needs an API key for a flow that exists (auto-login does not skip it)', async () => {
      const res = await t.http.post(`/api/v1/run/${flowId}`).send({}).expect(403);
      expect(res.body.detail).toMatch(/requires a valid API key/);
    });

    it("refuses another user's flow with 403", async () => {
      const other = await createActiveUser(t, admin, 'runner-other');
      const otherKey = await createApiKey(t, other.header);
      const res = await t.http.post(`/api/v1/run/${flowId}`).set('x-api-key', otherKey).send({ input_value: 'x' }).expect(403);
      expect(res.body).toEqual({ detail: 'You do not have permission to run this flow' });
      // The same endpoint name owned by the other user resolves to their own flow.
      const theirs = await importFlow(t, other.header, flow, { endpoint_name: 'simple-api' });
      const own = await t.http.post('/api/v1/run/simple-api').set('x-api-key', otherKey).send({ input_value: 'mine' }).expect(200);
      expect(own.body.session_id).toBe(theirs);
      const mine = await t.http.post('/api/v1/run/simple-api').set('x-api-key', key).send({ input_value: 'mine' }).expect(200);
      expect(mine.body.session_id).toBe(flowId);
    });

    it('resolves X-LANGFLOW-GLOBAL-VAR-* headers as global variables of that run', async () => {
      const tweaks = { [nodeId(flow, 'TextInput')]: { input_value: { value: 'BOT_NAME', load_from_db: true } } };
      const res = await t.http
        .post(`/api/v1/run/${flowId}`)
        .set('x-api-key', key)
        .set('X-LANGFLOW-GLOBAL-VAR-BOT_NAME', 'Ada Bot')
        .send({ input_value: 'hi', tweaks })
        .expect(200);
      expect(res.body.outputs[0].outputs[0].results.message.sender_name).toBe('Ada Bot');
      // Without the header the variable is unknown: Langflow's "not found" error is a 404.
      const missing = await t.http.post(`/api/v1/run/${flowId}`).set('x-api-key', key).send({ input_value: 'hi', tweaks }).expect(404);
      expect(missing.body.detail).toMatch(/BOT_NAME variable not found/);
    });

    it('run/advanced: one run per input, inputs chosen by component, outputs by id or name', async () => {
      const res = await t.http
        .post(`/api/v1/run/advanced/${flowId}`)
        .set('x-api-key', key)
        .send({
          inputs: [
            { components: ['Chat Input'], input_value: 'first' },
            { components: [nodeId(flow, 'ChatInput')], input_value: 'second', session: 'adv-s' },
          ],
          outputs: ['Chat Output'],
        })
        .expect(200);
      expect(res.body.outputs).toHaveLength(2);
      expect(res.body.outputs[0].outputs.map((o: any) => o.results.message.text)).toEqual(['first']);
      expect(res.body.outputs[1].outputs[0].results.message.text).toBe('second');
      expect(res.body.session_id).toBe('adv-s');
      const all = await t.http.post(`/api/v1/run/advanced/${flowId}`).set('x-api-key', key).send({ inputs: [{ input_value: 'x', type: 'chat' }], outputs: [nodeId(flow, 'ChatInput'), nodeId(flow, 'ChatOutput')] }).expect(200);
      expect(all.body.outputs[0].outputs.map((o: any) => o.component_id)).toEqual([nodeId(flow, 'ChatInput'), nodeId(flow, 'ChatOutput')]);
    });

    it('run/advanced: refuses extra input keys (422) and an unknown session (404)', async () => {
      const extra = await t.http.post(`/api/v1/run/advanced/${flowId}`).set('x-api-key', key).send({ inputs: [{ input_value: 'x', nope: true }] }).expect(422);
      expect(extra.body.detail[0]).toMatchObject({ type: 'extra_forbidden', loc: ['body', 'inputs', 0, 'nope'] });
      const session = await t.http.post(`/api/v1/run/advanced/${flowId}`).set('x-api-key', key).send({ session_id: 'nope' }).expect(404);
      expect(session.body).toEqual({ detail: 'Session nope not found' });
      await t.http.post('/api/v1/run/advanced/unknown-flow').send({}).expect(404);
    });

    it('answers the deprecated process, predict and task routes with 400', async () => {
      const process = await t.http.post(`/api/v1/process/${flowId}`).set('x-api-key', key).send({}).expect(400);
      expect(process.body.detail).toMatch(/deprecated.*Please use \/run instead/);
      await t.http.post(`/api/v1/predict/${flowId}`).set('x-api-key', key).send({}).expect(400);
      await t.http.post(`/api/v1/process/${flowId}`).send({}).expect(403);
      await t.http.get('/api/v1/task/abc').expect(400);
      const session = await t.http.post(`/api/v1/run/session/${flowId}`).set(admin).send({}).expect(404);
      expect(session.body).toEqual({ detail: 'This endpoint is not available' });
    });

    it('refuses a bad stream flag with 422', async () => {
      await t.http.post(`/api/v1/run/${flowId}?stream=maybe`).set('x-api-key', key).send({}).expect(422);
    });
  });

  describe('basic prompting with the fake model', () => {
    let flow: any;
    let flowId: string;
    beforeAll(async () => {
      flow = loadFixture('starter-projects/basic-prompting');
      flowId = await importFlow(t, admin, flow, { endpoint_name: 'basic-prompting' });
    });

    it('answers with the model text, by id and by endpoint name', async () => {
      for (const target of [flowId, 'basic-prompting']) {
        const res = await t.http.post(`/api/v1/run/${target}`).set('x-api-key', key).send({ input_value: 'hi model', tweaks: llmTweaks(flow) }).expect(200);
        expect(res.body.outputs[0].outputs[0].results.message.text).toMatch(/^You said: hi model/);
      }
    });

    it('answers 500 with a JSON-string detail when a component fails', async () => {
      const tweaks = llmTweaks(flow);
      const res = await t.http.post(`/api/v1/run/${flowId}`).set('x-api-key', key).send({ input_value: 'please fail with status 500', tweaks }).expect(500);
      expect(typeof res.body.detail).toBe('string');
      const detail = JSON.parse(res.body.detail);
      expect(detail.message).toMatch(/^Error running graph: Error building Component/);
      expect(detail).toMatchObject({ traceback: null, description: null, code: null });
    });

    it('streams add_message, token and end, tokens arriving while the model is still sending', async () => {
      fake.hold();
      const stream = await openStream(t, 'POST', `/api/v1/run/${flowId}?stream=true`, { 'x-api-key': key, 'Accept-Encoding': 'gzip, deflate' }, { input_value: 'stream please', tweaks: llmTweaks(flow) });
      try {
        expect(stream.status).toBe(200);
        expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
        const seen: string[] = [];
        let first = await stream.next();
        while (first && first.event !== 'token') {
          seen.push(first.event);
          first = await stream.next();
        }
        expect(first?.event).toBe('token');
        // The model's answer is held after its first chunk: this token came while it was still sending.
        const upstream = fake.requestsTo('/chat/completions').at(-1)!;
        expect(upstream.done).toBe(false);
        expect(seen).toContain('add_message');
        fake.release();
        const rest = await stream.rest();
        const names = [...seen, 'token', ...rest.map((e) => e.event)];
        expect(names.at(-1)).toBe('end');
        expect(upstream.done).toBe(true);
        const end = rest.at(-1)!;
        expect(end.data.result.outputs[0].outputs[0].results.message.text).toMatch(/^You said: stream please/);
        const tokens = [first!, ...rest.filter((e) => e.event === 'token')].map((e) => e.data.chunk).join('');
        expect(tokens).toBe(end.data.result.outputs[0].outputs[0].results.message.text);
        // Python json.dumps framing: ", " and ": " separators, a blank line after each event.
        expect(stream.raw().startsWith('{"event": "')).toBe(true);
        expect(stream.raw()).toMatch(/\}\n\n$/);
      } finally {
        fake.release();
        stream.close();
      }
    });

    it('sends an error event when a streamed run fails', async () => {
      const res = await t.http.post(`/api/v1/run/${flowId}?stream=true`).set('x-api-key', key).send({ input_value: 'fail with status 500', tweaks: llmTweaks(flow) }).expect(200);
      const events = parseFrames(res.text);
      expect(events.at(-1)!.event).toBe('error');
      expect(events.at(-1)!.data.error).toMatch(/Error running graph/);
    });
  });

  describe('memory chatbot', () => {
    it('recalls the first message of a session in the second run, and stores the messages', async () => {
      const flow = loadFixture('starter-projects/memory-chatbot');
      const flowId = await importFlow(t, admin, flow);
      const tweaks = llmTweaks(flow);
      await t.http.post(`/api/v1/run/${flowId}`).set('x-api-key', key).send({ input_value: 'my name is Ada', session_id: 'mem-1', tweaks }).expect(200);
      const second = await t.http.post(`/api/v1/run/${flowId}`).set('x-api-key', key).send({ input_value: 'do you recall my name?', session_id: 'mem-1', tweaks }).expect(200);
      expect(second.body.outputs[0].outputs[0].results.message.text).toMatch(/my name is Ada/);
      const listed = await eventually(async () => {
        const res = await t.http.get(`/api/v1/monitor/messages?flow_id=${flowId}&session_id=mem-1`).set(admin);
        return res.status === 200 && res.body.length >= 4 ? res.body : null;
      }, 'stored messages');
      expect(listed.map((m: any) => m.text)).toEqual(expect.arrayContaining(['my name is Ada', 'do you recall my name?']));
    });
  });

  describe('NESTFLOW_LOG_RUN_TRANSACTIONS', () => {
    it('records a transaction per vertex of a /run when on (off by default)', async () => {
      const flow = loadFixture('test-flows/simple-apitest');
      const plainId = await importFlow(t, admin, flow);
      await t.http.post(`/api/v1/run/${plainId}`).set('x-api-key', key).send({ input_value: 'x' }).expect(200);
      const none = await t.http.get(`/api/v1/monitor/transactions?flow_id=${plainId}`).set(admin).expect(200);
      expect(none.body.total).toBe(0);

      const logging = await createTestApp({ env: { NESTFLOW_LOG_RUN_TRANSACTIONS: 'true' } });
      try {
        const header = await autoLoginHeader(logging);
        const apiKey = await createApiKey(logging, header);
        const id = await importFlow(logging, header, flow);
        await logging.http.post(`/api/v1/run/${id}`).set('x-api-key', apiKey).send({ input_value: 'logged' }).expect(200);
        const page = await eventually(async () => {
          const res = await logging.http.get(`/api/v1/monitor/transactions?flow_id=${id}`).set(header);
          return res.status === 200 && res.body.total >= 2 ? res.body : null;
        }, 'the run transactions');
        expect(page.items.map((i: any) => i.vertex_id)).toEqual(expect.arrayContaining([nodeId(flow, 'ChatInput'), nodeId(flow, 'ChatOutput')]));
        expect(page.items.every((i: any) => i.status === 'success')).toBe(true);
        const input = page.items.find((i: any) => i.vertex_id === nodeId(flow, 'ChatInput'));
        expect(input.inputs).toMatchObject({ input_value: 'logged' });
      } finally {
        await logging.close();
      }
    });
  });
});
