import { startFakeOpenAI, FakeOpenAI } from '../../../../test/support/fake-openai';
import { createDefaultRegistry } from '../index';
import { FlowEngine } from '../../runtime/engine';
import { InMemoryFileStorage, InMemoryMessageStore } from '../../ports/memory';
import { FlowBuilder } from '../../starter-projects/flow-builder';
import { Data } from '../../schema/data';
import { DataFrame } from '../../schema/dataframe';
import { Message } from '../../schema/message';
import { isEmbeddingsModel, EmbeddingsModel } from '../../llm/types';
import { schemaFromTable } from './structured-output.component';
import { AGENT_SYSTEM_PROMPT } from '../agents/agent.component';

const registry = createDefaultRegistry();
const OPENAI = [{ name: 'gpt-4o-mini', provider: 'OpenAI' }];

describe('model components', () => {
  let fake: FakeOpenAI;
  let engine: FlowEngine;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    engine = new FlowEngine({
      registry,
      ports: { messages: new InMemoryMessageStore(), files: new InMemoryFileStorage({ 'flow/cat.png': Buffer.from([137, 80, 78, 71]) }) },
      settings: { openaiBaseUrl: fake.url, anthropicBaseUrl: `${fake.origin}/anthropic`, ollamaBaseUrl: fake.origin, googleBaseUrl: fake.origin },
    });
  });
  afterAll(() => fake.close());
  const chats = () => fake.requestsTo('/chat/completions');

  /** ChatInput → <type> → ChatOutput */
  function llmFlow(type: string, values: Record<string, unknown>, outField = 'text_output') {
    const b = new FlowBuilder(registry, `m-${type}`);
    const input = b.add('ChatInput', { position: { x: 0, y: 0 } });
    const llm = b.add(type, { position: { x: 400, y: 0 }, values });
    const out = b.add('ChatOutput', { position: { x: 800, y: 0 } });
    b.connect(input, 'message', llm, 'input_value');
    b.connect(llm, outField, out, 'input_value');
    return { flow: b.build(), llm, out };
  }
  async function answer(f: { flow: any; out: string }, input: string, extra: Record<string, unknown> = {}) {
    const res = await engine.run(engine.compile(f.flow), { inputValue: input, sessionId: `s-${Math.random()}`, ...extra });
    return (res.vertices.get(f.out)!.results.message as Message).getText();
  }

  it('LanguageModelComponent talks to OpenAI, Anthropic, Ollama and Gemini', async () => {
    expect(await answer(llmFlow('LanguageModelComponent', { model: OPENAI, api_key: 'k', system_message: 'abc' }), 'q1')).toBe('You said: q1\nSystem prompt: 3 chars');
    expect(chats().slice(-1)[0].body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.1 });
    expect(await answer(llmFlow('LanguageModelComponent', { model: [{ name: 'claude-haiku-4-5-20251001', provider: 'Anthropic' }], api_key: 'ak' }), 'q2')).toBe('You said: q2');
    expect(fake.requestsTo('/anthropic/v1/messages').slice(-1)[0].headers['x-api-key']).toBe('ak');
    expect(await answer(llmFlow('LanguageModelComponent', { model: [{ name: 'llama3.3', provider: 'Ollama' }] }), 'q3')).toBe('You said: q3');
    expect(fake.requestsTo('/api/chat').slice(-1)[0].body.model).toBe('llama3.3');
    expect(await answer(llmFlow('LanguageModelComponent', { model: [{ name: 'gemini-2.5-flash', provider: 'Google Generative AI' }], api_key: 'gk' }), 'q4')).toBe('You said: q4');
    expect(fake.requestsTo(':generateContent').slice(-1)[0].path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
  });

  it('streams through Anthropic and Ollama as well', async () => {
    for (const model of [[{ name: 'claude-x', provider: 'Anthropic' }], [{ name: 'llama3.3', provider: 'Ollama' }]]) {
      const tokens: string[] = [];
      const text = await answer(llmFlow('LanguageModelComponent', { model, api_key: 'ak' }), 'stream this', {
        stream: true,
        onEvent: (e: string, d: any) => e === 'token' && tokens.push(d.chunk),
      });
      expect(tokens.join('')).toBe(text);
      expect(tokens.length).toBeGreaterThan(1);
    }
  });

  it('image files of the input message reach the model as image parts', async () => {
    const f = llmFlow('LanguageModelComponent', { model: OPENAI, api_key: 'k' });
    expect(await answer(f, 'what is in this picture?', { files: ['flow/cat.png'] })).toBe('You said: what is in this picture?');
    const user = chats().slice(-1)[0].body.messages.find((m: any) => m.role === 'user');
    expect(user.content).toEqual([
      { type: 'text', text: 'what is in this picture?' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw==' } },
    ]);
  });

  it('OpenAIModel (legacy) honours openai_api_base, max_tokens, seed and json_mode', async () => {
    const local = new FlowEngine({ registry }); // no server-wide base URL: the node's field must be used
    const f = llmFlow('OpenAIModel', { model_name: 'gpt-4.1', api_key: 'k', openai_api_base: fake.url, max_tokens: 50, seed: 7, json_mode: true });
    const res = await local.run(local.compile(f.flow), { inputValue: 'json please', sessionId: 'legacy' });
    expect(JSON.parse((res.vertices.get(f.out)!.results.message as Message).getText())).toEqual({ response: 'You said: json please' });
    expect(chats().slice(-1)[0].body).toMatchObject({ model: 'gpt-4.1', max_tokens: 50, seed: 7, response_format: { type: 'json_object' } });
  });

  it('errors: no model selected, empty message, missing key, API error text', async () => {
    await expect(answer(llmFlow('LanguageModelComponent', { model: [] }), 'x')).rejects.toThrow(/No model selected/);
    const saved = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      await expect(answer(llmFlow('LanguageModelComponent', { model: OPENAI }), 'x')).rejects.toThrow(/OPENAI_API_KEY/);
    } finally {
      if (saved !== undefined) process.env.OPENAI_API_KEY = saved;
    }
    await expect(answer(llmFlow('LanguageModelComponent', { model: OPENAI, api_key: 'k' }), 'please fail with status 401')).rejects.toThrow(/401.*Fake failure/);
    const b = new FlowBuilder(registry, 'empty');
    const llm = b.add('LanguageModelComponent', { position: { x: 0, y: 0 }, values: { model: OPENAI, api_key: 'k' } });
    const res = engine.run(engine.compile(b.build()), { outputType: 'debug' });
    await expect(res).rejects.toThrow(/The message you want to send to the model is empty/);
    expect(llm).toBeTruthy();
  });

  it('the key falls back to the OPENAI_API_KEY global variable', async () => {
    const f = llmFlow('LanguageModelComponent', { model: OPENAI });
    await answer(f, 'var key', { requestVariables: { OPENAI_API_KEY: 'sk-from-var' } });
    expect(chats().slice(-1)[0].headers.authorization).toBe('Bearer sk-from-var');
  });

  it('a cancelled run aborts the upstream request', async () => {
    fake.hold();
    const ac = new AbortController();
    const f = llmFlow('LanguageModelComponent', { model: OPENAI, api_key: 'k' });
    const p = answer(f, 'cancel me', { stream: true, signal: ac.signal, onEvent: (e: string) => e === 'token' && ac.abort() });
    await expect(p).rejects.toThrow(/cancel|abort/i);
    const req = chats().slice(-1)[0];
    for (let i = 0; i < 100 && !req.aborted; i++) await new Promise((r) => setTimeout(r, 20));
    fake.release();
    expect(req.aborted).toBe(true);
    expect(req.done).toBe(false);
  });

  it('model_output feeds another component (LanguageModel → Agent.model)', async () => {
    const b = new FlowBuilder(registry, 'model-edge');
    const input = b.add('ChatInput', { position: { x: 0, y: 0 } });
    const lm = b.add('LanguageModelComponent', { position: { x: 0, y: 300 }, values: { model: [{ name: 'gpt-4.1-mini', provider: 'OpenAI' }], api_key: 'k' } });
    const agent = b.add('Agent', { position: { x: 400, y: 0 }, values: { model: [], add_current_date_tool: false } });
    const out = b.add('ChatOutput', { position: { x: 800, y: 0 } });
    b.connect(lm, 'model_output', agent, 'model');
    b.connect(input, 'message', agent, 'input_value');
    b.connect(agent, 'response', out, 'input_value');
    const res = await engine.run(engine.compile(b.build()), { inputValue: 'via edge', sessionId: 'edge' });
    expect((res.vertices.get(out)!.results.message as Message).getText()).toBe(`You said: via edge\nSystem prompt: ${AGENT_SYSTEM_PROMPT.length} chars`);
    expect(chats().slice(-1)[0].body.model).toBe('gpt-4.1-mini');
  });

  it('StructuredOutput builds the schema, returns Data and DataFrame', async () => {
    const schema = [
      { name: 'company', description: 'name', type: 'str', multiple: 'False' },
      { name: 'revenue', description: 'rev', type: 'float', multiple: 'False' },
      { name: 'tags', description: 'tags', type: 'str', multiple: 'True' },
    ];
    expect(schemaFromTable(schema).properties.objects.items.properties).toEqual({
      company: { type: 'string', description: 'name' },
      revenue: { type: 'number', description: 'rev' },
      tags: { type: 'array', items: { type: 'string' }, description: 'tags' },
    });
    const b = new FlowBuilder(registry, 'so');
    const input = b.add('ChatInput', { position: { x: 0, y: 0 } });
    const so = b.add('StructuredOutput', { position: { x: 400, y: 0 }, values: { model: OPENAI, api_key: 'k', output_schema: schema, schema_name: 'Report' } });
    b.connect(input, 'message', so, 'input_value');
    const res = await engine.run(engine.compile(b.build()), { inputValue: 'ACME made 12', outputType: 'debug' });
    const r = res.vertices.get(so)!.results;
    expect((r.structured_output as Data).data).toEqual({ company: 'company value', revenue: 42, tags: ['tags value'] });
    expect((r.dataframe_output as DataFrame).rows).toEqual([{ company: 'company value', revenue: 42, tags: ['tags value'] }]);
    expect(chats().filter((c) => c.body.response_format?.json_schema?.name === 'Report')).toHaveLength(1); // one call for both outputs
  });

  it('BatchRunComponent runs one call per row', async () => {
    const b = new FlowBuilder(registry, 'batch');
    const so = b.add('StructuredOutput', { position: { x: 0, y: 0 }, values: { model: OPENAI, api_key: 'k', input_value: 'x', output_schema: [{ name: 'comment', type: 'str', multiple: 'False' }] } });
    const batch = b.add('BatchRunComponent', { position: { x: 400, y: 0 }, values: { model: OPENAI, api_key: 'k', column_name: 'comment', system_message: 'Classify', enable_metadata: true } });
    b.connect(so, 'dataframe_output', batch, 'df');
    const res = await engine.run(engine.compile(b.build()), { outputType: 'debug' });
    const df = res.vertices.get(batch)!.results.batch_results as DataFrame;
    expect(df.rows).toHaveLength(1);
    expect(df.rows[0]).toMatchObject({ comment: 'comment value', model_response: 'You said: comment value\nSystem prompt: 8 chars', metadata: { processing_status: 'success' } });
  });

  it('EmbeddingModel and OpenAIEmbeddings build embeddings against the server', async () => {
    for (const [type, values] of [
      ['EmbeddingModel', { api_key: 'k', dimensions: 4 }],
      ['OpenAIEmbeddings', { openai_api_key: 'k', dimensions: 4 }],
    ] as const) {
      const b = new FlowBuilder(registry, type);
      const id = b.add(type, { position: { x: 0, y: 0 }, values });
      const res = await engine.run(engine.compile(b.build()), { outputType: 'debug' });
      const emb = res.vertices.get(id)!.results.embeddings as EmbeddingsModel;
      expect(isEmbeddingsModel(emb)).toBe(true);
      const [v] = await emb.embedDocuments(['hello']);
      expect(v).toHaveLength(4);
      expect(fake.requestsTo('/embeddings').slice(-1)[0].body).toMatchObject({ model: 'text-embedding-3-small', input: ['hello'], dimensions: 4 });
    }
  });
});
