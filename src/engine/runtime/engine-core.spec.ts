import { createDefaultRegistry } from '../components';
import { ChatInput } from '../components/input_output/chat-input';
import { ChatOutput } from '../components/input_output/chat-output';
import { TextInput } from '../components/input_output/text-input';
import { TextOutput } from '../components/input_output/text-output';
import { PromptComponent } from '../components/models_and_agents/prompt';
import { InMemoryMessageStore } from '../ports/memory';
import { FlowBuilder } from '../testing/flow-builder';
import { FlowEngine } from './engine';
import { toRunResponse } from './results';

const FLOW_ID = '11111111-1111-4111-8111-111111111111';

function basicFlow() {
  return new FlowBuilder()
    .node(ChatInput, 'ChatInput-abcde')
    .node(PromptComponent, 'Prompt-fghij', { template: 'Answer briefly: {question}' }, { fields: { question: { input_types: ['Message'], value: '' } } })
    .node(ChatOutput, 'ChatOutput-klmno')
    .note('note-1')
    .edge('ChatInput-abcde', 'message', 'Prompt-fghij', 'question')
    .edge('Prompt-fghij', 'prompt', 'ChatOutput-klmno', 'input_value')
    .flow(FLOW_ID, 'Basic');
}

describe('engine core: ChatInput → Prompt → ChatOutput', () => {
  it('runs the flow and returns a Langflow RunResponse', async () => {
    const messages = new InMemoryMessageStore();
    const engine = new FlowEngine({ registry: createDefaultRegistry(), ports: { messages } });
    const plan = engine.compile(basicFlow());
    const result = await engine.run(plan, { inputValue: 'what is 2+2?', sessionId: 's1' });
    const resp: any = toRunResponse(result);
    expect(resp.session_id).toBe('s1');
    expect(resp.outputs).toHaveLength(1);
    expect(resp.outputs[0].inputs).toEqual({ input_value: 'what is 2+2?' });
    const out = resp.outputs[0].outputs[0];
    expect(out.component_id).toBe('ChatOutput-klmno');
    expect(out.component_display_name).toBe('Chat Output');
    expect(out.results.message.text).toBe('Answer briefly: what is 2+2?');
    expect(out.results.message.sender).toBe('Machine');
    expect(out.results.message.sender_name).toBe('AI');
    expect(out.results.message.session_id).toBe('s1');
    expect(out.results.message.flow_id).toBe(FLOW_ID);
    expect(out.results.message.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
    expect(out.results.message.text_key).toBe('text');
    expect(out.results.message.data.id).toEqual(expect.any(String));
    expect(out.outputs.message).toEqual({ message: 'Answer briefly: what is 2+2?', type: 'text' });
    expect(out.artifacts).toEqual({ message: 'Answer briefly: what is 2+2?', sender: 'Machine', sender_name: 'AI', files: [], type: 'object' });
    expect(out.messages[0]).toMatchObject({ message: 'Answer briefly: what is 2+2?', sender: 'Machine', sender_name: 'AI', session_id: 's1', component_id: 'ChatOutput-klmno', stream_url: null });
    expect(out.used_frozen_result).toBe(false);
    // both messages stored in the session
    const stored = await messages.list({ session_id: 's1' });
    expect(stored.map((m) => [m.sender, m.text])).toEqual([
      ['User', 'what is 2+2?'],
      ['Machine', 'Answer briefly: what is 2+2?'],
    ]);
  });

  it('defaults the session to the flow id and reuses the compiled plan across runs', async () => {
    const engine = new FlowEngine({ registry: createDefaultRegistry() });
    const plan = engine.compile(basicFlow());
    const a = await engine.run(plan, { inputValue: 'a' });
    const b = await engine.run(plan, { inputValue: 'b' });
    expect(a.sessionId).toBe(FLOW_ID);
    expect((toRunResponse(b) as any).outputs[0].outputs[0].results.message.text).toBe('Answer briefly: b');
  });

  it('emits vertices_sorted, add_message, end_vertex and end in order', async () => {
    const engine = new FlowEngine({ registry: createDefaultRegistry() });
    const events: [string, any][] = [];
    await engine.run(engine.compile(basicFlow()), { inputValue: 'hi', sessionId: 's', onEvent: (e, d) => events.push([e, d]), mode: 'build' });
    expect(events.map((e) => e[0])).toEqual(['vertices_sorted', 'add_message', 'end_vertex', 'end_vertex', 'add_message', 'end_vertex', 'end']);
    expect(events[0][1]).toEqual({ ids: ['ChatInput-abcde'], to_run: ['ChatInput-abcde', 'Prompt-fghij', 'ChatOutput-klmno'] });
    expect(events[1][1]).toMatchObject({ text: 'hi', sender: 'User', sender_name: 'User', session_id: 's', id: expect.any(String) });
    const ev = events[2][1].build_data;
    expect(ev).toMatchObject({ id: 'ChatInput-abcde', valid: true, next_vertices_ids: ['Prompt-fghij'] });
    expect(ev.data.used_frozen_result).toBe(false);
    expect(ev.data.outputs.message).toEqual({ message: 'hi', type: 'text' });
    expect(ev.data.duration).toMatch(/ ms$/);
    expect(events[3][1].build_data.data.results.prompt.text).toBe('Answer briefly: hi');
  });

  it('routes input_value by input_type and selects outputs by output_type', async () => {
    const flow = new FlowBuilder()
      .node(TextInput, 'TextInput-aaaaa', { input_value: 'template text' })
      .node(TextOutput, 'TextOutput-bbbbb')
      .edge('TextInput-aaaaa', 'text', 'TextOutput-bbbbb', 'input_value')
      .flow(FLOW_ID);
    const engine = new FlowEngine({ registry: createDefaultRegistry() });
    const plan = engine.compile(flow);
    // chat input_type does not reach a TextInput: template value is used
    let r: any = toRunResponse(await engine.run(plan, { inputValue: 'from request', outputType: 'text' }));
    expect(r.outputs[0].outputs[0].results.text.text).toBe('template text');
    r = toRunResponse(await engine.run(plan, { inputValue: 'from request', inputType: 'text', outputType: 'text' }));
    expect(r.outputs[0].outputs[0].results.text.text).toBe('from request');
    // output_type chat has no match → falls back to all output vertices
    r = toRunResponse(await engine.run(plan, { inputValue: 'x', inputType: 'any' }));
    expect(r.outputs[0].outputs.map((o: any) => o.component_id)).toEqual(['TextOutput-bbbbb']);
    // debug: every built vertex, node order
    r = toRunResponse(await engine.run(plan, { outputType: 'debug' }));
    expect(r.outputs[0].outputs.map((o: any) => o.component_id)).toEqual(['TextInput-aaaaa', 'TextOutput-bbbbb']);
    expect(r.outputs[0].inputs).toEqual({});
    // output_component by display name
    r = toRunResponse(await engine.run(plan, { outputComponent: 'Text Input' }));
    expect(r.outputs[0].outputs.map((o: any) => o.component_id)).toEqual(['TextInput-aaaaa']);
  });

  it('applies tweaks by node id and display name, global scalars, never code', async () => {
    const engine = new FlowEngine({ registry: createDefaultRegistry() });
    const plan = engine.compile(basicFlow());
    let r: any = toRunResponse(await engine.run(plan, { inputValue: 'q', tweaks: { 'Prompt-fghij': { template: 'T1 {question}', code: 'x' } } }));
    expect(r.outputs[0].outputs[0].results.message.text).toBe('T1 q');
    r = toRunResponse(await engine.run(plan, { inputValue: 'q', tweaks: { 'Chat Output': { sender_name: 'Bot' } } }));
    expect(r.outputs[0].outputs[0].results.message.sender_name).toBe('Bot');
    r = toRunResponse(await engine.run(plan, { inputValue: 'q', tweaks: { sender_name: 'Everyone' } }));
    expect(r.outputs[0].outputs[0].results.message.sender_name).toBe('Everyone');
    // the original plan is untouched
    r = toRunResponse(await engine.run(plan, { inputValue: 'q' }));
    expect(r.outputs[0].outputs[0].results.message.text).toBe('Answer briefly: q');
    expect(r.outputs[0].outputs[0].results.message.sender_name).toBe('AI');
  });

  it('a stream-only tweak does not recompile the plan', async () => {
    const engine = new FlowEngine({ registry: createDefaultRegistry() });
    const plan = engine.compile(basicFlow());
    const r = await engine.run(plan, { inputValue: 'q', tweaks: { stream: false } });
    expect(r.plan).toBe(plan);
    const r2 = await engine.run(plan, { inputValue: 'q', tweaks: { 'Prompt-fghij': { template: 'x' } } });
    expect(r2.plan).not.toBe(plan);
    // the same tweaks reuse the tweaked plan
    const r3 = await engine.run(plan, { inputValue: 'q', tweaks: { 'Prompt-fghij': { template: 'x' }, stream: true } });
    expect(r3.plan).toBe(r2.plan);
  });
});

describe('vertex outputs / artifacts shapes', () => {
  it('Message outputs report their text; Data reports "data" without a status and "object" with one', async () => {
    const { vertexOutputs, vertexArtifacts } = await import('./results');
    const { Data } = await import('../schema/data');
    const { Message } = await import('../schema/message');
    const base: any = { id: 'X-1', index: 0, type: 'X', displayName: 'X', valid: true, logs: [], usedFrozenResult: false, durationMs: 1, finishedAt: 0, inactivated: [], next: [], isInterface: false };
    expect(vertexOutputs({ ...base, results: { out: new Data({ a: 1 }) }, status: undefined })).toEqual({ out: { message: { a: 1 }, type: 'data' } });
    expect(vertexOutputs({ ...base, results: { out: new Data({ a: 1 }) }, status: 'set' })).toEqual({ out: { message: { a: 1 }, type: 'object' } });
    expect(vertexOutputs({ ...base, results: { prompt: new Message({ text: 'hi' }) }, status: undefined })).toEqual({ prompt: { message: 'hi', type: 'text' } });
    expect(vertexArtifacts({ ...base, results: { prompt: new Message({ text: 'hi' }) }, status: undefined })).toEqual({ prompt: { repr: 'hi', raw: 'hi', type: 'text' } });
  });
});
