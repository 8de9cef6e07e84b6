import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { startFakeOpenAI, FakeOpenAI } from '../../../test/support/fake-openai';
import { AnthropicChatModel } from './anthropic';
import { buildChatModel, buildEmbeddingsModel, openAIBaseUrl } from './model-config';
import { OllamaChatModel, OllamaEmbeddingsModel } from './ollama';
import { GoogleChatModel } from './google';
import { WatsonxChatModel } from './watsonx';
import { OpenAIChatModel } from './openai';

describe('LLM providers against the fake server', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake.close());

  const openai = () => new OpenAIChatModel({ provider: 'OpenAI', model: 'gpt-4o-mini', apiKey: 'sk-test', baseUrl: fake.url, temperature: 0.1 });

  it('calls chat completions without streaming', async () => {
    const r = await openai().chat({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hello' }] });
    expect(r.text).toBe('You said: hello\nSystem prompt: 9 chars');
    const req = fake.requests[fake.requests.length - 1];
    expect(req.headers.authorization).toBe('Bearer sk-test');
    expect(req.body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.1, stream: false });
  });

  it('streams tokens while the upstream is still sending', async () => {
    fake.hold();
    const seen: Array<{ chunk: string; upstreamDone: boolean }> = [];
    const r = await openai().chat({
      messages: [{ role: 'user', content: 'one two three' }],
      stream: true,
      onToken: (chunk) => {
        const req = fake.requestsTo('/chat/completions').slice(-1)[0];
        seen.push({ chunk, upstreamDone: req.done });
        fake.release();
      },
    });
    expect(r.text).toBe('You said: one two three');
    expect(seen.map((s) => s.chunk).join('')).toBe(r.text);
    expect(seen[0].upstreamDone).toBe(false);
  });

  it('round-trips tool calls (streaming and not)', async () => {
    const tools = [{ name: 'evaluate_expression', description: 'calc', parameters: { type: 'object', properties: { expression: { type: 'string' } }, required: ['expression'] } }];
    for (const stream of [false, true]) {
      const r1 = await openai().chat({ messages: [{ role: 'user', content: 'what is 12 * 7?' }], tools, stream });
      expect(r1.toolCalls).toHaveLength(1);
      expect(JSON.parse(r1.toolCalls[0].arguments)).toEqual({ expression: '12 * 7' });
      const r2 = await openai().chat({
        messages: [
          { role: 'user', content: 'what is 12 * 7?' },
          { role: 'assistant', content: null, tool_calls: r1.toolCalls },
          { role: 'tool', tool_call_id: r1.toolCalls[0].id, content: '84' },
        ],
        tools,
        stream,
      });
      expect(r2.text).toBe('Tool results: 84');
    }
  });

  it('returns JSON matching a schema', async () => {
    const r = await openai().chat({
      messages: [{ role: 'user', content: 'x' }],
      responseFormat: { type: 'json_schema', name: 'out', schema: { type: 'object', properties: { a: { type: 'string' }, n: { type: 'integer' }, l: { type: 'array', items: { type: 'boolean' } } } } },
    });
    expect(JSON.parse(r.text)).toEqual({ a: 'a value', n: 42, l: [true] });
  });

  it('aborts the upstream request when the signal fires', async () => {
    fake.hold();
    const ac = new AbortController();
    const p = openai().chat({ messages: [{ role: 'user', content: 'long answer please' }], stream: true, signal: ac.signal, onToken: () => ac.abort() });
    await expect(p).rejects.toThrow(/cancel|abort/i);
    const req = fake.requestsTo('/chat/completions').slice(-1)[0];
    for (let i = 0; i < 100 && !req.aborted; i++) await new Promise((r) => setTimeout(r, 20));
    fake.release();
    expect(req.aborted).toBe(true);
    expect(req.done).toBe(false);
  });

  it('surfaces API errors as plain messages', async () => {
    await expect(openai().chat({ messages: [{ role: 'user', content: 'please fail with status 400' }] })).rejects.toThrow(/400.*Fake failure 400/);
  });

  it('speaks the Anthropic, Ollama, Gemini and watsonx protocols', async () => {
    const tools = [{ name: 'evaluate_expression', description: 'calc', parameters: { type: 'object', properties: { expression: { type: 'string' } } } }];
    const anth = new AnthropicChatModel({ provider: 'Anthropic', model: 'claude-x', apiKey: 'k', baseUrl: fake.origin + '/anthropic' });
    const ollama = new OllamaChatModel({ provider: 'Ollama', model: 'llama3.3', baseUrl: fake.origin });
    const gemini = new GoogleChatModel({ provider: 'Google Generative AI', model: 'gemini-2.5-flash', apiKey: 'gk', baseUrl: fake.origin });
    const wx = new WatsonxChatModel({ provider: 'IBM watsonx.ai', model: 'ibm/granite-3-8b-instruct', apiKey: 'wk', baseUrl: fake.origin, iamUrl: fake.origin, projectId: 'p1' });
    for (const m of [anth, ollama, gemini, wx]) {
      for (const stream of [false, true]) {
        const tokens: string[] = [];
        const r = await m.chat({ messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: 'hi there' }], stream, onToken: (t) => void tokens.push(t) });
        expect(r.text).toBe('You said: hi there\nSystem prompt: 3 chars');
        if (stream) expect(tokens.join('')).toBe(r.text);
        const t1 = await m.chat({ messages: [{ role: 'user', content: 'compute 2 + 3' }], tools, stream });
        expect(t1.toolCalls[0].name).toBe('evaluate_expression');
        const t2 = await m.chat({
          messages: [
            { role: 'user', content: 'compute 2 + 3' },
            { role: 'assistant', content: null, tool_calls: t1.toolCalls },
            { role: 'tool', tool_call_id: t1.toolCalls[0].id, content: '5' },
          ],
          tools,
          stream,
        });
        expect(t2.text).toBe('Tool results: 5');
      }
    }
    expect(fake.requestsTo('/anthropic/v1/messages')[0].headers['x-api-key']).toBe('k');
    expect(fake.requestsTo(':generateContent')[0].headers['x-goog-api-key']).toBe('gk');
    expect(fake.requestsTo('/ml/v1/text/chat')[0].headers.authorization).toBe('Bearer iam-token-for-wk');
    expect(fake.requestsTo('/ml/v1/text/chat')[0].body).toMatchObject({ model_id: 'ibm/granite-3-8b-instruct', project_id: 'p1' });
    expect(fake.requestsTo('/identity/token')).toHaveLength(1); // the IAM token is cached
    const so = await gemini.chat({ messages: [{ role: 'user', content: 'x' }], responseFormat: { type: 'json_schema', name: 'o', schema: { type: 'object', properties: { a: { type: 'integer' } }, additionalProperties: false } } });
    expect(JSON.parse(so.text)).toEqual({ a: 42 });
    expect(fake.requestsTo(':generateContent').slice(-1)[0].body.generationConfig.responseSchema).toEqual({ type: 'object', properties: { a: { type: 'integer' } } });
  });

  it('builds models from both field forms with the base URL rules', async () => {
    const old = process.env.OPENAI_API_BASE;
    process.env.OPENAI_API_BASE = fake.url;
    try {
      const m18 = await buildChatModel({ model: [{ name: 'gpt-4o-mini', provider: 'OpenAI' }], api_key: 'sk-1', temperature: 0.3 });
      expect(m18.settings).toMatchObject({ provider: 'OpenAI', model: 'gpt-4o-mini', baseUrl: fake.url, temperature: 0.3, apiKey: 'sk-1' });
      const m16 = await buildChatModel(
        { provider: 'OpenAI', model_name: 'o1', api_key: '' },
        { resolveVariable: async (n) => (n === 'OPENAI_API_KEY' ? 'sk-var' : Promise.reject(new Error('nf'))) },
      );
      expect(m16.settings).toMatchObject({ model: 'o1', apiKey: 'sk-var', temperature: null });
      const node = await buildChatModel({ model_name: 'gpt-4.1', api_key: 'k', openai_api_base: 'http://127.0.0.1:1/v1' });
      expect(node.settings.baseUrl).toBe('http://127.0.0.1:1/v1');
      expect(openAIBaseUrl('https://api.openai.com/v1')).toBe(fake.url);
      await expect(buildChatModel({ model: [] })).rejects.toThrow(/No model selected/);
      // a node-level base URL pointing at a private address is refused when SSRF protection is on
      process.env.LANGFLOW_SSRF_PROTECTION_ENABLED = 'true';
      try {
        await expect(buildChatModel({ model_name: 'gpt-4.1', api_key: 'k', openai_api_base: 'http://127.0.0.1:1/v1' })).rejects.toThrow(/OpenAI API Base.*blocked/);
        // the server-wide setting is trusted
        expect((await buildChatModel({ model_name: 'gpt-4.1', api_key: 'k' })).settings.baseUrl).toBe(fake.url);
      } finally {
        delete process.env.LANGFLOW_SSRF_PROTECTION_ENABLED;
      }
      const emb = await buildEmbeddingsModel({ model: 'text-embedding-3-small', openai_api_key: 'k', dimensions: 8 });
      const v = await emb.embedDocuments(['a', 'b']);
      expect(v).toHaveLength(2);
      expect(v[0]).toHaveLength(8);
      expect(await emb.embedQuery('a')).toEqual(v[0]);
    } finally {
      if (old === undefined) delete process.env.OPENAI_API_BASE;
      else process.env.OPENAI_API_BASE = old;
    }
  });
});

describe('provider error answers', () => {
  // Every request gets a 429 with each provider's own error body fields, so each provider's message can be checked.
  const body = JSON.stringify({ error: { message: 'nested message' }, errors: [{ message: 'watsonx message' }] });
  const flatBody = JSON.stringify({ error: 'flat message' });
  let server: Server;
  let origin = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.startsWith('/identity/token')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 't', expiration: Date.now() / 1000 + 3600 }));
        return;
      }
      res.writeHead(429, { 'content-type': 'application/json' }).end(req.url?.startsWith('/api/') ? flatBody : body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const messages = [{ role: 'user' as const, content: 'hi' }];
  it.each([false, true])('names the provider, the status and the upstream message (stream %s)', async (stream) => {
    await expect(new AnthropicChatModel({ provider: 'Anthropic', model: 'c', baseUrl: origin }).chat({ messages, stream })).rejects.toMatchObject({
      message: 'Anthropic API error (429): nested message',
      status: 429,
    });
    await expect(new GoogleChatModel({ provider: 'Google Generative AI', model: 'g', baseUrl: origin }).chat({ messages, stream })).rejects.toMatchObject({
      message: 'Google API error (429): nested message',
    });
    await expect(new OllamaChatModel({ provider: 'Ollama', model: 'o', baseUrl: origin }).chat({ messages, stream })).rejects.toMatchObject({
      message: 'Ollama API error (429): flat message',
    });
    const wx = new WatsonxChatModel({ provider: 'IBM watsonx.ai', model: 'w', apiKey: 'k', baseUrl: origin, iamUrl: origin, projectId: 'p' });
    // the non-streamed answer picks the first error's message; the streamed one shows the raw body
    await expect(wx.chat({ messages, stream })).rejects.toMatchObject({ message: `watsonx API error (429): ${stream ? body : 'watsonx message'}` });
  });

  it('reports Ollama embedding errors the same way', async () => {
    await expect(new OllamaEmbeddingsModel('e', origin).embedQuery('x')).rejects.toMatchObject({ message: 'Ollama API error (429): flat message' });
  });
});
