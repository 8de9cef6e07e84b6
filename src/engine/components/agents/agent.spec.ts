import { startFakeOpenAI, FakeOpenAI } from '../../../../test/support/fake-openai';
import { startFakeWeb, FakeWeb } from '../../../../test/support/fake-openai/fake-web';
import { createDefaultRegistry } from '../index';
import { FlowEngine, RunOptions } from '../../runtime/engine';
import { InMemoryMessageStore } from '../../ports/memory';
import { FlowBuilder } from '../../starter-projects/flow-builder';
import { Message } from '../../schema/message';
import { MAX_ITERATIONS_TEXT } from './agent.component';

const registry = createDefaultRegistry();
const MODEL = [{ name: 'gpt-4o-mini', provider: 'OpenAI' }];

function agentFlow(agentValues: Record<string, unknown> = {}, tools: Array<{ type: string; values?: Record<string, unknown> }> = []) {
  const b = new FlowBuilder(registry, 'agent-spec');
  const input = b.add('ChatInput', { position: { x: 0, y: 0 } });
  const agent = b.add('Agent', { position: { x: 400, y: 0 }, values: { model: MODEL, api_key: 'sk-a', ...agentValues } });
  const out = b.add('ChatOutput', { position: { x: 800, y: 0 } });
  for (const t of tools) {
    const id = b.add(t.type, { position: { x: 0, y: 300 }, toolMode: true, values: t.values });
    b.connect(id, 'component_as_tool', agent, 'tools');
  }
  b.connect(input, 'message', agent, 'input_value');
  b.connect(agent, 'response', out, 'input_value');
  return { flow: b.build(), agent, out };
}

describe('Agent', () => {
  let fake: FakeOpenAI;
  let web: FakeWeb;
  let engine: FlowEngine;
  let messages: InMemoryMessageStore;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    web = await startFakeWeb();
    messages = new InMemoryMessageStore();
    engine = new FlowEngine({ registry, ports: { messages }, settings: { openaiBaseUrl: fake.url } });
  });
  afterAll(async () => {
    await fake.close();
    await web.close();
  });

  async function run(f: ReturnType<typeof agentFlow>, opts: RunOptions) {
    const res = await engine.run(engine.compile(f.flow), opts);
    return res.vertices.get(f.out)!.results.message as Message;
  }
  const chats = () => fake.requestsTo('/chat/completions');

  it('answers without tools, with the system prompt and the current-date tool offered', async () => {
    const f = agentFlow({ system_prompt: 'Be nice.' });
    const m = await run(f, { inputValue: 'hello agent', sessionId: 'a1' });
    expect(m.getText()).toBe('You said: hello agent\nSystem prompt: 8 chars');
    const body = chats().slice(-1)[0].body;
    expect(body.messages[0]).toEqual({ role: 'system', content: 'Be nice.' });
    expect(body.tools.map((t: any) => t.function.name)).toEqual(['get_current_date']);
  });

  it('uses the current-date tool', async () => {
    const f = agentFlow();
    const m = await run(f, { inputValue: 'What is the date today?', sessionId: 'a2' });
    expect(m.getText()).toMatch(/^Tool results: Current date and time in UTC: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
  });

  it('includes the session history (without the current input) and no current-date tool when off', async () => {
    const f = agentFlow({ add_current_date_tool: false });
    await run(f, { inputValue: 'first question', sessionId: 'a3' });
    await run(f, { inputValue: 'second question', sessionId: 'a3' });
    const body = chats().slice(-1)[0].body;
    expect(body.tools).toBeUndefined();
    expect(body.messages.slice(1)).toEqual([
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: expect.stringContaining('You said: first question') },
      { role: 'user', content: 'second question' },
    ]);
    // n_messages limits the history
    const g = agentFlow({ add_current_date_tool: false, n_messages: 1 });
    await run(g, { inputValue: 'third', sessionId: 'a3' });
    expect(chats().slice(-1)[0].body.messages.slice(1)).toEqual([
      { role: 'assistant', content: expect.stringContaining('You said: second question') },
      { role: 'user', content: 'third' },
    ]);
  });

  it('returns tool errors to the model as text', async () => {
    const f = agentFlow({}, [{ type: 'URLComponent' }]);
    const m = await run(f, { inputValue: 'read http://127.0.0.1:1/nowhere', sessionId: 'a4' });
    expect(m.getText()).toMatch(/^Tool results: Error: /);
    const steps = m.content_blocks[0].contents;
    expect(steps.map((s: any) => s.type)).toEqual(['text', 'tool_use', 'text']);
    expect(steps[1].error).toMatch(/^Error: /);
    expect(steps[1].name).toBe('fetch_content');
  });

  it('stops at max_iterations', async () => {
    const f = agentFlow({ max_iterations: 1 }, [{ type: 'CalculatorComponent' }]);
    const m = await run(f, { inputValue: 'what is 2 + 2', sessionId: 'a5' });
    expect(m.getText()).toBe(MAX_ITERATIONS_TEXT);
  });

  it('re-sends its message at every step and streams tokens to the sink', async () => {
    const f = agentFlow({}, [{ type: 'CalculatorComponent' }]);
    const events: Array<{ e: string; d: any }> = [];
    const m = await run(f, { inputValue: 'compute 3 * 5', sessionId: 'a6', onEvent: (e, d) => events.push({ e, d }) });
    expect(m.getText()).toBe('Tool results: {"result":"15"}');
    const agentAdds = events.filter((x) => x.e === 'add_message' && x.d.sender === 'Machine');
    const ids = new Set(agentAdds.map((x) => x.d.id));
    expect(ids.size).toBe(1);
    expect(agentAdds.length).toBeGreaterThanOrEqual(4); // start, tool start, tool end, final (+ ChatOutput)
    const tokens = events.filter((x) => x.e === 'token');
    expect(tokens.map((t) => t.d.chunk).join('')).toBe(m.getText());
    expect(tokens.every((t) => t.d.id === m.id)).toBe(true);
    const order = events.map((x) => x.e).filter((e) => e === 'build_start' || e === 'build_end' || e === 'token');
    expect(order.indexOf('build_end')).toBeLessThan(order.indexOf('token'));
    const stored = (await messages.list({ session_id: 'a6' })).filter((x) => x.sender === 'Machine');
    expect(stored).toHaveLength(1);
    expect(stored[0].properties.state).toBe('complete');
  });

  it('gives duplicate tool names a suffix', async () => {
    const f = agentFlow({ add_current_date_tool: false }, [{ type: 'CalculatorComponent' }, { type: 'CalculatorComponent' }]);
    await run(f, { inputValue: 'hello', sessionId: 'a8' });
    expect(chats().slice(-1)[0].body.tools.map((t: any) => t.function.name).sort()).toEqual(['evaluate_expression', 'evaluate_expression_2']);
  });

  it('withdraws its message (remove_message) when the model fails', async () => {
    const f = agentFlow();
    const events: Array<{ e: string; d: any }> = [];
    await expect(run(f, { inputValue: 'please fail with status 400', sessionId: 'a9', onEvent: (e, d) => events.push({ e, d }) })).rejects.toThrow(/Fake failure 400/);
    const removed = events.find((x) => x.e === 'remove_message');
    expect(removed).toBeDefined();
    const agentAdd = events.find((x) => x.e === 'add_message' && x.d.sender === 'Machine');
    expect(removed!.d.id).toBe(agentAdd!.d.id);
    expect((await messages.list({ session_id: 'a9' })).filter((m) => m.sender === 'Machine')).toHaveLength(0);
  });

  it('accepts the 1.6 provider form (agent_llm + model_name + openai_api_base)', async () => {
    const b = new FlowBuilder(registry, 'legacy');
    const input = b.add('ChatInput', { position: { x: 0, y: 0 } });
    const agent = b.add('Agent', { position: { x: 400, y: 0 }, values: { model: [] } });
    const out = b.add('ChatOutput', { position: { x: 800, y: 0 } });
    b.connect(input, 'message', agent, 'input_value');
    b.connect(agent, 'response', out, 'input_value');
    const flow = b.build();
    const tpl = (flow.nodes.find((n) => n.id === agent) as any).data.node.template;
    delete tpl.model;
    tpl.agent_llm = { type: 'str', value: 'OpenAI', show: true, name: 'agent_llm' };
    tpl.model_name = { type: 'str', value: 'gpt-4.1', show: true, name: 'model_name' };
    tpl.openai_api_base = { type: 'str', value: fake.url, show: true, name: 'openai_api_base' };
    tpl.api_key = { type: 'str', value: 'sk-legacy', show: true, name: 'api_key' };
    const local = new FlowEngine({ registry, ports: { messages } }); // no server-wide base URL
    const res = await local.run(local.compile(flow), { inputValue: 'legacy hi', sessionId: 'a7' });
    expect((res.vertices.get(out)!.results.message as Message).getText()).toContain('You said: legacy hi');
    expect(chats().slice(-1)[0].body.model).toBe('gpt-4.1');
  });
});
