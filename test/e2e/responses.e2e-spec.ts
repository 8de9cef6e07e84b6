import http from 'node:http';
import { AddressInfo } from 'node:net';
import { startFakeOpenAI, FakeOpenAI } from '../support/fake-openai';
import { autoLoginHeader, createActiveUser, createApiKey, createTestApp, TestApp } from '../setup/create-test-app';
import { eventually, haveFixtures, importFlow, llmTweaks, loadFixture, pointOpenAIBaseAt, streamingPromptingFlow, withTemplateValues } from '../support/execution';

const d = haveFixtures ? describe : describe.skip;

interface SseEvent {
  event: string | null;
  data: string;
}

/** An SSE reader that hands over events as they arrive (so a test can act between two events). */
async function openSse(t: TestApp, headers: Record<string, string>, body: unknown) {
  const server = t.app.getHttpServer() as http.Server;
  if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  const payload = JSON.stringify(body);
  return new Promise<{
    status: number;
    headers: http.IncomingHttpHeaders;
    next(): Promise<SseEvent | null>;
    rest(): Promise<SseEvent[]>;
    raw(): string;
    close(): void;
  }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/responses',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        let buffer = '';
        let all = '';
        let ended = false;
        const queue: SseEvent[] = [];
        const waiters: ((e: SseEvent | null) => void)[] = [];
        const flush = () => {
          while (waiters.length && (queue.length || ended)) waiters.shift()!(queue.length ? queue.shift()! : null);
        };
        const parse = (block: string) => {
          let event: string | null = null;
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (event || data.length) queue.push({ event, data: data.join('\n') });
        };
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          all += c;
          buffer += c;
          let i: number;
          while ((i = buffer.indexOf('\n\n')) >= 0) {
            parse(buffer.slice(0, i));
            buffer = buffer.slice(i + 2);
          }
          flush();
        });
        const end = () => {
          ended = true;
          if (buffer.trim()) parse(buffer);
          buffer = '';
          flush();
        };
        res.on('end', end);
        res.on('close', end);
        const next = () =>
          new Promise<SseEvent | null>((r) => {
            waiters.push(r);
            flush();
          });
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          next,
          rest: async () => {
            const out: SseEvent[] = [];
            for (let e = await next(); e; e = await next()) out.push(e);
            return out;
          },
          raw: () => all,
          close: () => req.destroy(),
        });
      },
    );
    req.on('error', reject);
    req.write(payload);
    req.end();
  });
}

/** The model text of a response object. */
const textOf = (body: any) => body.output.find((o: any) => o.type === 'message').content[0].text as string;

d('POST /api/v1/responses', () => {
  let t: TestApp;
  let fake: FakeOpenAI;
  let admin: Record<string, string>;
  let key: string;
  let restoreOpenAIBase: () => void;
  let promptingId: string;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    restoreOpenAIBase = pointOpenAIBaseAt(fake.url);
    t = await createTestApp();
    admin = await autoLoginHeader(t);
    key = await createApiKey(t, admin);
    promptingId = await importFlow(t, admin, streamingPromptingFlow(), { endpoint_name: 'resp-prompting' });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
    restoreOpenAIBase?.();
  });

  const post = (body: unknown, apiKey: string | null = key) => {
    const req = t.http.post('/api/v1/responses');
    if (apiKey) req.set('x-api-key', apiKey);
    return req.send(body as object);
  };

  it('answers a prompting flow with the response object, text from the model', async () => {
    const res = await post({ model: promptingId, input: 'hello responses' }).expect(200);
    expect(res.body).toMatchObject({
      object: 'response',
      status: 'completed',
      error: null,
      incomplete_details: null,
      instructions: null,
      max_output_tokens: null,
      model: promptingId,
      parallel_tool_calls: true,
      previous_response_id: null,
      reasoning: { effort: null, summary: null },
      store: true,
      temperature: 1.0,
      text: { format: { type: 'text' } },
      tool_choice: 'auto',
      tools: [],
      top_p: 1.0,
      truncation: 'disabled',
      usage: null,
      user: null,
      metadata: {},
    });
    expect(typeof res.body.id).toBe('string');
    expect(Number.isInteger(res.body.created_at)).toBe(true);
    expect(res.body.output).toEqual([
      { type: 'message', id: `msg_${res.body.id}`, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: expect.any(String), annotations: [] }] },
    ]);
    expect(textOf(res.body)).toMatch(/^You said: hello responses/);
    // The model was asked for the input, not streamed (a non-stream call).
    expect(fake.requestsTo('/chat/completions').at(-1)!.body.stream).toBeFalsy();
  });

  it('finds a flow by its endpoint name', async () => {
    const res = await post({ model: 'resp-prompting', input: 'by name' }).expect(200);
    expect(res.body.model).toBe('resp-prompting');
    expect(textOf(res.body)).toMatch(/^You said: by name/);
  });

  it('continues a conversation with previous_response_id (the response id is the session)', async () => {
    const flow = loadFixture('starter-projects/memory-chatbot');
    const memoryId = await importFlow(t, admin, withTemplateValues(flow, llmTweaks(flow) as any));
    const first = await post({ model: memoryId, input: 'my name is Ada' }).expect(200);
    expect(textOf(first.body)).toMatch(/^You said: my name is Ada/);
    const second = await post({ model: memoryId, input: 'do you recall my name?', previous_response_id: first.body.id }).expect(200);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.previous_response_id).toBe(first.body.id);
    expect(textOf(second.body)).toMatch(/my name is Ada/);
    // A new conversation does not see it.
    const fresh = await post({ model: memoryId, input: 'do you recall my name?' }).expect(200);
    expect(fresh.body.id).not.toBe(first.body.id);
    expect(textOf(fresh.body)).not.toMatch(/my name is Ada/);
  });

  it('takes X-LANGFLOW-GLOBAL-VAR-* headers as global variables of the run', async () => {
    const flow = streamingPromptingFlow();
    const model = flow.data.nodes.find((n: any) => n.data?.type === 'LanguageModelComponent');
    model.data.node.template.api_key = { ...model.data.node.template.api_key, value: 'RESP_KEY', load_from_db: true };
    const id = await importFlow(t, admin, flow);
    const res = await t.http.post('/api/v1/responses').set('x-api-key', key).set('X-LANGFLOW-GLOBAL-VAR-RESP_KEY', 'sk-from-header').send({ model: id, input: 'with a header key' }).expect(200);
    expect(textOf(res.body)).toMatch(/^You said: with a header key/);
    expect(fake.requestsTo('/chat/completions').at(-1)!.headers.authorization).toBe('Bearer sk-from-header');
    // Without the header the variable is unknown and the run fails.
    const missing = await post({ model: id, input: 'no header' }).expect(200);
    expect(missing.body.error).toMatchObject({ type: 'processing_error', message: expect.stringMatching(/RESP_KEY/) });
  });

  describe('errors (HTTP 200 with an error body)', () => {
    it('refuses tools', async () => {
      const res = await post({ model: promptingId, input: 'x', tools: [{ type: 'function', name: 'f' }] }).expect(200);
      expect(res.body).toEqual({ error: { message: 'Tools are not supported yet', type: 'invalid_request_error', code: 'tools_not_supported' } });
      // An empty list is no tools (Python truthiness, as Langflow checks it).
      const empty = await post({ model: promptingId, input: 'no tools', tools: [] }).expect(200);
      expect(textOf(empty.body)).toMatch(/^You said: no tools/);
    });

    it('reports an unknown flow', async () => {
      for (const model of ['no-such-flow', '00000000-0000-4000-8000-000000000000']) {
        const res = await post({ model, input: 'x' }).expect(200);
        expect(res.body).toEqual({ error: { message: `Flow with id '${model}' not found`, type: 'invalid_request_error', code: 'flow_not_found' } });
      }
    });

    it("does not run another user's flow by endpoint name (or id)", async () => {
      const other = await createActiveUser(t, admin, 'responses-other');
      const otherKey = await createApiKey(t, other.header);
      const res = await post({ model: 'resp-prompting', input: 'x' }, otherKey).expect(200);
      expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'flow_not_found' });
      const byId = await post({ model: promptingId, input: 'x' }, otherKey).expect(200);
      expect(byId.body.error).toMatchObject({ code: 'flow_not_found' });
    });

    it('needs a ChatInput and a ChatOutput', async () => {
      const flow = loadFixture('test-flows/simple-apitest');
      const data = JSON.parse(JSON.stringify(flow.data));
      const withoutInput = { ...flow, data: { ...data, nodes: data.nodes.filter((n: any) => n.data?.type !== 'ChatInput'), edges: [] } };
      const id = await importFlow(t, admin, withoutInput);
      const res = await post({ model: id, input: 'x' }).expect(200);
      expect(res.body).toEqual({ error: { message: 'Flow must have a ChatInput component to be compatible with OpenAI Responses API', type: 'processing_error' } });
    });

    it('reports a failing run as processing_error', async () => {
      const res = await post({ model: promptingId, input: 'please fail with status 500' }).expect(200);
      expect(res.body.error.type).toBe('processing_error');
      expect(res.body.error.message).toMatch(/Error running graph/);
    });

    it('validates the body like Langflow (422)', async () => {
      const res = await post({ input: 'x' }).expect(422);
      expect(res.body.detail[0].loc).toEqual(['body', 'model']);
    });

    it('needs an API key (403 like /run)', async () => {
      const res = await post({ model: promptingId, input: 'x' }, null).expect(403);
      expect(res.body.detail).toMatch(/requires a valid API key/);
      await post({ model: promptingId, input: 'x' }, 'sk-not-a-key').expect(403);
    });
  });

  it('streams response.chunk deltas while the model is still sending, then the closing chunk and [DONE]', async () => {
    const whole = textOf((await post({ model: promptingId, input: 'stream please' }).expect(200)).body);
    fake.hold();
    const stream = await openSse(t, { 'x-api-key': key, 'Accept-Encoding': 'gzip, deflate' }, { model: promptingId, input: 'stream please', stream: true });
    try {
      expect(stream.status).toBe(200);
      expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(stream.headers['cache-control']).toBe('no-cache');
      expect(stream.headers['access-control-allow-origin']).toBe('*');
      const first = await stream.next();
      const opening = JSON.parse(first!.data);
      expect(opening).toMatchObject({ object: 'response.chunk', model: promptingId, delta: { content: '' }, status: null });
      const firstToken = JSON.parse((await stream.next())!.data);
      expect(firstToken.delta.content).toBeTruthy();
      // The model's answer is held after its first chunk: this delta came while it was still sending.
      const upstream = fake.requestsTo('/chat/completions').at(-1)!;
      expect(upstream.done).toBe(false);
      fake.release();
      const rest = await stream.rest();
      expect(upstream.done).toBe(true);
      expect(rest.at(-1)!.data).toBe('[DONE]');
      const chunks = rest.slice(0, -1).map((e) => JSON.parse(e.data));
      const closing = chunks.at(-1);
      expect(closing).toMatchObject({ id: opening.id, object: 'response.chunk', delta: {}, status: 'completed' });
      const deltas = [firstToken, ...chunks.slice(0, -1)];
      for (const c of deltas) expect(c).toMatchObject({ id: opening.id, object: 'response.chunk', status: null });
      const text = deltas.map((c) => c.delta.content).join('');
      expect(text).toMatch(/^You said: stream please/);
      // Each piece of the answer exactly once, in order.
      expect(text).toBe(whole);
      expect(deltas.length).toBeGreaterThan(2);
      expect(stream.raw().startsWith('data: {')).toBe(true);
      expect(stream.raw().endsWith('data: [DONE]\n\n')).toBe(true);
    } finally {
      fake.release();
      stream.close();
    }
  });

  it('stops the run when the streaming client goes away', async () => {
    fake.hold();
    const stream = await openSse(t, { 'x-api-key': key }, { model: promptingId, input: 'leaving early', stream: true });
    try {
      await stream.next(); // opening chunk
      await stream.next(); // first delta, the model is held
      const upstream = fake.requestsTo('/chat/completions').at(-1)!;
      expect(upstream.done).toBe(false);
      stream.close();
      await eventually(async () => upstream.aborted, 'the model request to be aborted');
    } finally {
      fake.release();
    }
  });

  describe('an agent with the calculator tool', () => {
    let agentId: string;
    beforeAll(async () => {
      const flow = loadFixture('starter-projects/simple-agent');
      agentId = await importFlow(t, admin, withTemplateValues(flow, llmTweaks(flow) as any));
    });

    it('reports the tool call as a function_call item before the message', async () => {
      const res = await post({ model: agentId, input: 'what is 12 * 7?' }).expect(200);
      expect(res.body.output).toHaveLength(2);
      expect(res.body.output[0]).toEqual({ id: 'fc_0', type: 'function_call', status: 'completed', name: expect.any(String), arguments: expect.any(String) });
      expect(JSON.parse(res.body.output[0].arguments)).toEqual({ expression: '12 * 7' });
      expect(res.body.output[1].type).toBe('message');
      expect(textOf(res.body)).toMatch(/84/);
    });

    it('reports tool_call items with results when include asks for them', async () => {
      const res = await post({ model: agentId, input: 'what is 12 * 7?', include: ['tool_call.results'] }).expect(200);
      const call = res.body.output[0];
      expect(call).toMatchObject({ type: 'tool_call', status: 'completed', queries: ['12 * 7'] });
      expect(call.id).toBe(`${call.tool_name}_0`);
      expect(JSON.stringify(call.results)).toMatch(/84/);
    });

    it('streams the function-call events, then the answer', async () => {
      const stream = await openSse(t, { 'x-api-key': key }, { model: agentId, input: 'what is 12 * 7?', stream: true });
      const events = await stream.rest();
      const named = events.filter((e) => e.event).map((e) => e.event);
      expect(named).toEqual([
        'response.output_item.added',
        'response.function_call_arguments.delta',
        'response.function_call_arguments.done',
        'response.output_item.done',
      ]);
      const added = JSON.parse(events.find((e) => e.event === 'response.output_item.added')!.data);
      expect(added.item).toMatchObject({ id: 'fc_0', type: 'function_call', status: 'in_progress', arguments: '', call_id: 'call_0' });
      const delta = JSON.parse(events.find((e) => e.event === 'response.function_call_arguments.delta')!.data);
      expect(delta).toMatchObject({ item_id: 'fc_0', output_index: 0 });
      expect(JSON.parse(delta.delta)).toEqual({ expression: '12 * 7' });
      const done = JSON.parse(events.find((e) => e.event === 'response.output_item.done')!.data);
      expect(done.item).toMatchObject({ id: 'fc_0', status: 'completed', type: 'function_call' });
      // The answer's deltas come after the tool call.
      const doneAt = events.findIndex((e) => e.event === 'response.output_item.done');
      const after = events.slice(doneAt + 1).filter((e) => !e.event && e.data !== '[DONE]').map((e) => JSON.parse(e.data));
      const whole = textOf((await post({ model: agentId, input: 'what is 12 * 7?' }).expect(200)).body);
      expect(after.map((c) => c.delta.content ?? '').join('')).toBe(whole);
      expect(whole).toMatch(/84/);
      expect(events.at(-1)!.data).toBe('[DONE]');
    });
  });
});
