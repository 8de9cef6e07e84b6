import { createDefaultRegistry } from '../components';
import { ChatInput } from '../components/input_output/chat-input';
import { ChatOutput } from '../components/input_output/chat-output';
import { TextInput } from '../components/input_output/text-input';
import { ConditionalRouterComponent } from '../components/flow_controls/conditional-router';
import { LoopComponent } from '../components/flow_controls/loop';
import { PromptComponent } from '../components/models_and_agents/prompt';
import { TypeConverterComponent } from '../components/processing/type-converter';
import { ParserComponent } from '../components/processing/parser';
import { WebhookComponent } from '../components/input_output/webhook';
import { GraphCycleError, UnknownComponentError } from '../graph/errors';
import { InMemoryMessageStore, InMemoryVertexCache } from '../ports/memory';
import { FlowBuilder } from '../testing/flow-builder';
import { Boom, PassThrough, Slow, Streamer } from '../testing/test-components';
import { FlowEngine } from './engine';
import { toRunResponse } from './results';

const registry = createDefaultRegistry().register(PassThrough).register(Slow).register(Boom).register(Streamer);
const textOf = (r: any, id?: string) => {
  const outs = toRunResponse(r).outputs[0] as any;
  const o = id ? outs.outputs.find((x: any) => x.component_id === id) : outs.outputs[0];
  return o?.results && Object.values(o.results)[0] ? (Object.values(o.results)[0] as any).text : undefined;
};

function ifElseFlow() {
  return new FlowBuilder()
    .node(ChatInput, 'ChatInput-aaaaa')
    .node(ConditionalRouterComponent, 'ConditionalRouter-bbbbb', { match_text: 'yes', operator: 'equals', case_sensitive: false })
    .node(PassThrough, 'PassThrough-ttttt', { suffix: ' [true branch]' })
    .node(PassThrough, 'PassThrough-fffff', { suffix: ' [false branch]' })
    .node(ChatOutput, 'ChatOutput-ttttt')
    .node(ChatOutput, 'ChatOutput-fffff')
    .edge('ChatInput-aaaaa', 'message', 'ConditionalRouter-bbbbb', 'input_text')
    .edge('ConditionalRouter-bbbbb', 'true_result', 'PassThrough-ttttt', 'input_value')
    .edge('ConditionalRouter-bbbbb', 'false_result', 'PassThrough-fffff', 'input_value')
    .edge('PassThrough-ttttt', 'output', 'ChatOutput-ttttt', 'input_value')
    .edge('PassThrough-fffff', 'output', 'ChatOutput-fffff', 'input_value')
    .flow();
}

describe('branching (If-Else)', () => {
  it('runs only the matching branch and reports the other as inactivated', async () => {
    const engine = new FlowEngine({ registry });
    const plan = engine.compile(ifElseFlow());
    const events: any[] = [];
    const r = await engine.run(plan, { inputValue: 'YES', onEvent: (e, d) => e === 'end_vertex' && events.push(d.build_data) });
    expect([...r.vertices.keys()].sort()).toEqual(['ChatInput-aaaaa', 'ChatOutput-ttttt', 'ConditionalRouter-bbbbb', 'PassThrough-ttttt']);
    expect(r.outputIds).toEqual(['ChatOutput-ttttt']);
    expect(textOf(r)).toBe('YES [true branch]');
    const router = events.find((e) => e.id === 'ConditionalRouter-bbbbb');
    expect(router.inactivated_vertices.sort()).toEqual(['ChatOutput-fffff', 'PassThrough-fffff']);
    expect(router.next_vertices_ids).toEqual(['PassThrough-ttttt']);

    const r2 = await engine.run(plan, { inputValue: 'no' });
    expect(r2.outputIds).toEqual(['ChatOutput-fffff']);
    expect(textOf(r2)).toBe('no [false branch]');
  });
});

describe('loops (LoopComponent)', () => {
  it('feeds each item through the body and aggregates on done', async () => {
    const flow = new FlowBuilder()
      .node(TextInput, 'TextInput-aaaaa', { input_value: 'x' })
      .node(WebhookComponent, 'Webhook-data1', { data: JSON.stringify({ results: [{ text: 'one' }, { text: 'two' }, { text: 'three' }] }) })
      .node(TypeConverterComponent, 'TypeConverterComponent-df001', { output_type: 'DataFrame' })
      .node(LoopComponent, 'LoopComponent-loop1')
      .node(ParserComponent, 'ParserComponent-body1', { pattern: 'item: {text}' })
      .node(PromptComponent, 'Prompt-body2', { template: '<{item}>' }, { fields: { item: { input_types: ['Message'], value: '' } } })
      .node(ParserComponent, 'ParserComponent-done1', { pattern: '{text}', sep: ' + ' })
      .node(ChatOutput, 'ChatOutput-done1')
      .edge('Webhook-data1', 'output_data', 'TypeConverterComponent-df001', 'input_data')
      .edge('TypeConverterComponent-df001', 'dataframe_output', 'LoopComponent-loop1', 'data')
      .edge('LoopComponent-loop1', 'item', 'ParserComponent-body1', 'input_data')
      .edge('ParserComponent-body1', 'parsed_text', 'Prompt-body2', 'item')
      .edge('Prompt-body2', 'prompt', 'LoopComponent-loop1', 'item', { loop: true })
      .edge('LoopComponent-loop1', 'done', 'ParserComponent-done1', 'input_data')
      .edge('ParserComponent-done1', 'parsed_text', 'ChatOutput-done1', 'input_value')
      .build();
    // the converter's node output is switched to DataFrame, as the UI does
    const tc = flow.nodes.find((n) => n.id === 'TypeConverterComponent-df001')!;
    tc.data.node!.outputs = [{ name: 'dataframe_output', display_name: 'DataFrame Output', method: 'convert_to_dataframe', types: ['DataFrame'] }];
    const engine = new FlowEngine({ registry });
    const r = await engine.run(engine.compile(flow), { inputValue: 'go', inputType: 'any' });
    expect(textOf(r)).toBe('<item: one> + <item: two> + <item: three>');
    expect(r.buildOrder.filter((id) => id === 'Prompt-body2')).toHaveLength(3);
    expect(r.buildOrder.filter((id) => id === 'LoopComponent-loop1')).toHaveLength(4);
    expect(r.buildOrder[r.buildOrder.length - 1]).toBe('ChatOutput-done1');
  });
});

describe('frozen vertices', () => {
  it('reuse their cached result across runs and report used_frozen_result', async () => {
    const cache = new InMemoryVertexCache();
    const engine = new FlowEngine({ registry, ports: { cache } });
    const flow = new FlowBuilder()
      .node(ChatInput, 'ChatInput-aaaaa')
      .node(PassThrough, 'PassThrough-frozn', { suffix: '!' }, { frozen: true })
      .node(ChatOutput, 'ChatOutput-bbbbb')
      .edge('ChatInput-aaaaa', 'message', 'PassThrough-frozn', 'input_value')
      .edge('PassThrough-frozn', 'output', 'ChatOutput-bbbbb', 'input_value')
      .flow('22222222-2222-4222-8222-222222222222');
    const plan = engine.compile(flow);
    PassThrough.builds = 0;
    const r1 = await engine.run(plan, { inputValue: 'first', outputType: 'debug' });
    expect(textOf(r1, 'ChatOutput-bbbbb')).toBe('first!');
    const r2 = await engine.run(plan, { inputValue: 'second', outputType: 'debug' });
    expect(PassThrough.builds).toBe(1);
    expect(textOf(r2, 'ChatOutput-bbbbb')).toBe('first!');
    const frozen = (toRunResponse(r2).outputs[0] as any).outputs.find((o: any) => o.component_id === 'PassThrough-frozn');
    expect(frozen.used_frozen_result).toBe(true);
    cache.clear();
    const r3 = await engine.run(plan, { inputValue: 'third' });
    expect(textOf(r3)).toBe('third!');
  });
});

describe('cycles', () => {
  it('are rejected with an error naming the vertices', () => {
    const flow = new FlowBuilder()
      .node(PassThrough, 'PassThrough-aaaaa')
      .node(PassThrough, 'PassThrough-bbbbb')
      .node(PassThrough, 'PassThrough-ccccc')
      .edge('PassThrough-aaaaa', 'output', 'PassThrough-bbbbb', 'input_value')
      .edge('PassThrough-bbbbb', 'output', 'PassThrough-ccccc', 'input_value')
      .edge('PassThrough-ccccc', 'output', 'PassThrough-aaaaa', 'input_value')
      .flow();
    const engine = new FlowEngine({ registry });
    expect(() => engine.compile(flow)).toThrow(GraphCycleError);
    expect(() => engine.compile(flow)).toThrow(/Graph contains a cycle: PassThrough-\w+ -> PassThrough-\w+ -> PassThrough-\w+ -> PassThrough-\w+/);
  });

  it('two root chat inputs are rejected', async () => {
    const flow = new FlowBuilder()
      .node(ChatInput, 'ChatInput-aaaaa')
      .node(ChatInput, 'ChatInput-bbbbb')
      .node(PassThrough, 'PassThrough-ccccc')
      .edge('ChatInput-aaaaa', 'message', 'PassThrough-ccccc', 'input_value')
      .edge('ChatInput-bbbbb', 'message', 'PassThrough-ccccc', 'input_value')
      .flow();
    const engine = new FlowEngine({ registry });
    await expect(engine.run(engine.compile(flow), { mode: 'build' })).rejects.toThrow('Only one chat input is allowed in the graph');
  });
});

describe('scheduling', () => {
  it('runs independent branches concurrently and a vertex as soon as its predecessors are done', async () => {
    Slow.log = [];
    const flow = new FlowBuilder()
      .node(ChatInput, 'ChatInput-aaaaa')
      .node(Slow, 'Slow-long1', { delay_ms: 60, label: 'long' })
      .node(Slow, 'Slow-short', { delay_ms: 5, label: 'short' })
      .node(Slow, 'Slow-after', { delay_ms: 1, label: 'after-short' })
      .node(PassThrough, 'PassThrough-join1')
      .node(ChatOutput, 'ChatOutput-bbbbb')
      .edge('ChatInput-aaaaa', 'message', 'Slow-long1', 'input_value')
      .edge('ChatInput-aaaaa', 'message', 'Slow-short', 'input_value')
      .edge('Slow-short', 'output', 'Slow-after', 'input_value')
      .edge('Slow-long1', 'output', 'PassThrough-join1', 'input_value')
      .edge('Slow-after', 'output', 'PassThrough-join1', 'input_value')
      .edge('PassThrough-join1', 'output', 'ChatOutput-bbbbb', 'input_value')
      .flow();
    const engine = new FlowEngine({ registry });
    const r = await engine.run(engine.compile(flow), { inputValue: 'go' });
    expect(Slow.log).toEqual(['start:long', 'start:short', 'end:short', 'start:after-short', 'end:after-short', 'end:long']);
    expect(textOf(r)).toBe('long|after-short');
  });

  it('in a run, vertices not connected to the chat input are skipped; in a build they run', async () => {
    const flow = new FlowBuilder()
      .node(ChatInput, 'ChatInput-aaaaa')
      .node(ChatOutput, 'ChatOutput-bbbbb')
      .node(TextInput, 'TextInput-ccccc', { input_value: 'ingest' })
      .node(PassThrough, 'PassThrough-ddddd')
      .edge('ChatInput-aaaaa', 'message', 'ChatOutput-bbbbb', 'input_value')
      .edge('TextInput-ccccc', 'text', 'PassThrough-ddddd', 'input_value')
      .flow();
    const engine = new FlowEngine({ registry });
    const plan = engine.compile(flow);
    const r = await engine.run(plan, { inputValue: 'q' });
    expect([...r.vertices.keys()].sort()).toEqual(['ChatInput-aaaaa', 'ChatOutput-bbbbb']);
    const b = await engine.run(plan, { inputValue: 'q', mode: 'build' });
    expect(b.vertices.size).toBe(4);
    const s = await engine.run(plan, { mode: 'build', stopComponentId: 'PassThrough-ddddd' });
    expect([...s.vertices.keys()].sort()).toEqual(['PassThrough-ddddd', 'TextInput-ccccc']);
  });

  it('only outputs with an outgoing edge are computed, all of them on a leaf', async () => {
    const engine = new FlowEngine({ registry });
    const flow = new FlowBuilder()
      .node(ChatInput, 'ChatInput-aaaaa')
      .node(ConditionalRouterComponent, 'ConditionalRouter-bbbbb', { match_text: 'x' })
      .edge('ChatInput-aaaaa', 'message', 'ConditionalRouter-bbbbb', 'input_text')
      .flow();
    const r = await engine.run(engine.compile(flow), { inputValue: 'x', outputType: 'debug' });
    expect(Object.keys(r.vertices.get('ConditionalRouter-bbbbb')!.results)).toEqual(['true_result', 'false_result']);
    expect(Object.keys(r.vertices.get('ChatInput-aaaaa')!.results)).toEqual(['message']);
  });
});

describe('cancellation', () => {
  it('an AbortSignal cancels a run inside a component and stops scheduling', async () => {
    Slow.log = [];
    const flow = new FlowBuilder()
      .node(ChatInput, 'ChatInput-aaaaa')
      .node(Slow, 'Slow-first', { delay_ms: 5000, label: 'first' })
      .node(Slow, 'Slow-second', { delay_ms: 1, label: 'second' })
      .node(ChatOutput, 'ChatOutput-bbbbb')
      .edge('ChatInput-aaaaa', 'message', 'Slow-first', 'input_value')
      .edge('Slow-first', 'output', 'Slow-second', 'input_value')
      .edge('Slow-second', 'output', 'ChatOutput-bbbbb', 'input_value')
      .flow();
    const engine = new FlowEngine({ registry });
    const ac = new AbortController();
    const t0 = Date.now();
    const p = engine.run(engine.compile(flow), { inputValue: 'go', signal: ac.signal });
    setTimeout(() => ac.abort(), 20);
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - t0).toBeLessThan(2500);
    await new Promise((r) => setTimeout(r, 30));
    expect(Slow.log).toEqual(['start:first']);
  });

  it('an already-aborted signal runs nothing', async () => {
    const store = new InMemoryMessageStore();
    const engine = new FlowEngine({ registry, ports: { messages: store } });
    const ac = new AbortController();
    ac.abort();
    await expect(engine.run(engine.compile(ifElseFlow()), { inputValue: 'yes', signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(store.all()).toHaveLength(0);
  });
});

describe('errors', () => {
  const flow = () =>
    new FlowBuilder()
      .node(ChatInput, 'ChatInput-aaaaa')
      .node(Boom, 'Boom-bbbbb', {}, { displayName: 'Exploder' })
      .node(ChatOutput, 'ChatOutput-ccccc')
      .node(ChatOutput, 'ChatOutput-ddddd')
      .edge('ChatInput-aaaaa', 'message', 'Boom-bbbbb', 'input_value')
      .edge('Boom-bbbbb', 'output', 'ChatOutput-ccccc', 'input_value')
      .edge('ChatInput-aaaaa', 'message', 'ChatOutput-ddddd', 'input_value')
      .flow();

  it('a run fails with "Error building Component <display name>: <message>"', async () => {
    const store = new InMemoryMessageStore();
    const engine = new FlowEngine({ registry, ports: { messages: store } });
    const events: [string, any][] = [];
    await expect(engine.run(engine.compile(flow()), { inputValue: 'x', sessionId: 's', onEvent: (e, d) => events.push([e, d]) })).rejects.toThrow(
      'Error building Component Exploder: kaboom',
    );
    await new Promise((r) => setTimeout(r, 5));
    const err = events.find((e) => e[0] === 'error')![1];
    expect(err).toMatchObject({ text: 'kaboom', sender: 'Exploder', category: 'error', error: true, session_id: 's' });
    expect(err.properties).toMatchObject({ text_color: 'red', icon: 'error', source: { id: 'Boom-bbbbb' } });
    expect(err.content_blocks[0].contents[0]).toMatchObject({ type: 'error', component: 'Exploder', reason: 'kaboom' });
    expect(store.all().some((m) => m.error && m.text === 'kaboom')).toBe(true);
  });

  it('a build reports the failed vertex (valid: false), stops its branch and still ends', async () => {
    const engine = new FlowEngine({ registry });
    const events: [string, any][] = [];
    const r = await engine.run(engine.compile(flow()), { inputValue: 'x', mode: 'build', onEvent: (e, d) => events.push([e, d]) });
    const failed = events.find((e) => e[0] === 'end_vertex' && e[1].build_data.id === 'Boom-bbbbb')![1].build_data;
    expect(failed.valid).toBe(false);
    expect(failed.params).toBe('Error building Component Exploder: kaboom');
    expect(failed.data.outputs.output).toMatchObject({ type: 'error', message: { errorMessage: 'Error building Component Exploder: kaboom' } });
    expect(r.vertices.has('ChatOutput-ccccc')).toBe(false);
    expect(r.vertices.get('ChatOutput-ddddd')!.valid).toBe(true);
    expect(events[events.length - 1][0]).toBe('end');
    const errIdx = events.findIndex((e) => e[0] === 'error');
    const failedIdx = events.findIndex((e) => e[0] === 'end_vertex' && e[1].build_data.id === 'Boom-bbbbb');
    expect(errIdx).toBeGreaterThan(-1);
    expect(errIdx).toBeLessThan(failedIdx);
    expect(r.errors.map((e) => e.message)).toEqual(['Error building Component Exploder: kaboom']);
  });

  it('in a run, the first failure cancels the branches still running', async () => {
    Slow.log = [];
    const f = new FlowBuilder()
      .node(ChatInput, 'ChatInput-aaaaa')
      .node(Boom, 'Boom-bbbbb')
      .node(Slow, 'Slow-ccccc', { delay_ms: 5000, label: 'slow' })
      .node(ChatOutput, 'ChatOutput-ddddd')
      .edge('ChatInput-aaaaa', 'message', 'Boom-bbbbb', 'input_value')
      .edge('ChatInput-aaaaa', 'message', 'Slow-ccccc', 'input_value')
      .edge('Slow-ccccc', 'output', 'ChatOutput-ddddd', 'input_value')
      .flow();
    const engine = new FlowEngine({ registry });
    const t0 = Date.now();
    await expect(engine.run(engine.compile(f), { inputValue: 'x' })).rejects.toThrow('Error building Component Boom: kaboom');
    await new Promise((r) => setTimeout(r, 20));
    expect(Slow.log).toEqual(['start:slow']);
    expect(Date.now() - t0).toBeLessThan(2500);
  });

  it('an unknown component type fails compilation naming the node and the type', () => {
    const f: any = new FlowBuilder().node(PassThrough, 'Mystery-aaaaa').flow();
    f.data.nodes[0].data.type = 'MysteryComponent';
    const engine = new FlowEngine({ registry });
    expect(() => engine.compile(f)).toThrow(UnknownComponentError);
    expect(() => engine.compile(f)).toThrow('Node Mystery-aaaaa has component type "MysteryComponent"');
  });
});

describe('stream flag and webhook runs', () => {
  const flow = () =>
    new FlowBuilder()
      .node(ChatInput, 'ChatInput-aaaaa')
      .node(Streamer, 'Streamer-bbbbb', { stream: true })
      .node(ChatOutput, 'ChatOutput-ccccc')
      .edge('ChatInput-aaaaa', 'message', 'Streamer-bbbbb', 'input_value')
      .edge('Streamer-bbbbb', 'text_output', 'ChatOutput-ccccc', 'input_value')
      .flow();

  it('the run stream flag (or a global stream tweak) overrides every stream field; tokens reach the sink', async () => {
    const store = new InMemoryMessageStore();
    const engine = new FlowEngine({ registry, ports: { messages: store } });
    const plan = engine.compile(flow());
    const events: [string, any][] = [];
    // /run without ?stream=true passes stream=false, which wins over the node's own true
    await engine.run(plan, { inputValue: 'hello', sessionId: 's1', stream: false, onEvent: (e, d) => events.push([e, d]) });
    expect(events.filter((e) => e[0] === 'token')).toHaveLength(0);
    events.length = 0;
    const r = await engine.run(plan, { inputValue: 'hello', sessionId: 's2', tweaks: { stream: true }, onEvent: (e, d) => events.push([e, d]) });
    expect(r.plan).toBe(plan);
    const tokens = events.filter((e) => e[0] === 'token').map((e) => e[1]);
    expect(tokens.map((t) => t.chunk).join('')).toBe('echo: hello');
    const adds = events.filter((e) => e[0] === 'add_message').map((e) => e[1]);
    expect(tokens[0].id).toBe(adds[1].id);
    // ChatOutput updated the streamed message instead of storing a second one
    const machine = (await store.list({ session_id: 's2', sender: 'Machine' })).map((m) => [m.id, m.text]);
    expect(machine).toEqual([[tokens[0].id, 'echo: hello']]);
  });

  it('without a stream flag (Playground builds) each node keeps its own stream value', async () => {
    const engine = new FlowEngine({ registry });
    const plan = engine.compile(flow());
    const events: [string, any][] = [];
    await engine.run(plan, { inputValue: 'hey', sessionId: 's3', mode: 'build', onEvent: (e, d) => events.push([e, d]) });
    expect(events.filter((e) => e[0] === 'token').map((e) => e[1].chunk).join('')).toBe('echo: hey');
    events.length = 0;
    await engine.run(plan, { inputValue: 'hey', sessionId: 's4', mode: 'build', stream: false, onEvent: (e, d) => events.push([e, d]) });
    expect(events.filter((e) => e[0] === 'token')).toHaveLength(0);
  });

  it('a webhook run starts from the Webhook with the body as the data tweak', async () => {
    const f = new FlowBuilder()
      .node(WebhookComponent, 'Webhook-aaaaa')
      .node(ParserComponent, 'ParserComponent-bbbbb', { pattern: 'got {name}' })
      .node(ChatOutput, 'ChatOutput-ccccc')
      .node(ChatInput, 'ChatInput-ddddd')
      .node(ChatOutput, 'ChatOutput-eeeee')
      .edge('Webhook-aaaaa', 'output_data', 'ParserComponent-bbbbb', 'input_data')
      .edge('ParserComponent-bbbbb', 'parsed_text', 'ChatOutput-ccccc', 'input_value')
      .edge('ChatInput-ddddd', 'message', 'ChatOutput-eeeee', 'input_value')
      .flow();
    const engine = new FlowEngine({ registry });
    const r = await engine.run(engine.compile(f), { inputValue: '', tweaks: { 'Webhook-aaaaa': { data: '{"name": "Ada"}' } } });
    expect([...r.vertices.keys()].sort()).toEqual(['ChatOutput-ccccc', 'ParserComponent-bbbbb', 'Webhook-aaaaa']);
    expect(textOf(r)).toBe('got Ada');
  });
});
