import { createDefaultRegistry } from '../components';
import { ChatInput } from '../components/input_output/chat-input';
import { ChatOutput } from '../components/input_output/chat-output';
import { PromptComponent } from '../components/models_and_agents/prompt';
import { InMemoryVariableResolver } from '../ports/memory';
import { FlowEngine } from '../runtime/engine';
import { toRunResponse } from '../runtime/results';
import { FlowBuilder } from '../testing/flow-builder';
import { PassThrough } from '../testing/test-components';
import { compileFlow } from './compile';
import { decodeHandle, parseEdge } from './parse';
import { applyTweaks, inputTweakConflict } from './tweaks';

const registry = createDefaultRegistry().register(PassThrough);
const text = (r: any) => (toRunResponse(r).outputs[0] as any).outputs[0].results.message.text;

describe('edges and handles', () => {
  it('decodes œ-quoted handles with either spacing', () => {
    expect(decodeHandle('{œfieldNameœ:œinput_valueœ,œidœ:œX-1œ}')).toEqual({ fieldName: 'input_value', id: 'X-1' });
    expect(decodeHandle('{œdataTypeœ: œChatInputœ, œidœ: œChatInput-1œ, œnameœ: œmessageœ, œoutput_typesœ: [œMessageœ]}').name).toBe('message');
  });

  it('falls back to the handle strings when an edge has no data', () => {
    const f = new FlowBuilder()
      .node(ChatInput, 'ChatInput-aaaaa')
      .node(ChatOutput, 'ChatOutput-bbbbb')
      .edge('ChatInput-aaaaa', 'message', 'ChatOutput-bbbbb', 'input_value')
      .flow();
    delete (f.data.edges[0] as any).data;
    const e = parseEdge(f.data.edges[0]);
    expect([e.sourceOutput, e.targetField]).toEqual(['message', 'input_value']);
    expect(compileFlow(f, registry).vertices[1].edgeParams[0]).toMatchObject({ field: 'input_value', sourceOutput: 'message' });
  });

  it('reads legacy "Type|field|id" target handles', () => {
    const e = parseEdge({ source: 'A-1', target: 'B-2', sourceHandle: 'PromptTemplate|PromptTemplate-1', targetHandle: 'BasePromptTemplate|prompt|B-2' });
    expect(e.targetField).toBe('prompt');
    expect(e.sourceOutput).toBeUndefined();
  });
});

describe('parameters', () => {
  it('hidden fields take the component default, edges override field values, literal \\n in str fields becomes a newline', async () => {
    const f = new FlowBuilder()
      .node(ChatInput, 'ChatInput-aaaaa')
      .node(PromptComponent, 'Prompt-bbbbb', { template: 'A\\nB {x}' }, { fields: { x: { value: 'field value', input_types: ['Message'] } } })
      .node(ChatOutput, 'ChatOutput-ccccc', {}, { fields: { sender_name: { value: 'Hidden Name', show: false } } })
      .edge('ChatInput-aaaaa', 'message', 'Prompt-bbbbb', 'x')
      .edge('Prompt-bbbbb', 'prompt', 'ChatOutput-ccccc', 'input_value')
      .flow();
    const engine = new FlowEngine({ registry });
    const r: any = toRunResponse(await engine.run(engine.compile(f), { inputValue: 'from edge' }));
    const m = r.outputs[0].outputs[0].results.message;
    expect(m.text).toBe('A\nB from edge');
    expect(m.sender_name).toBe('AI');
  });

  it('load_from_db fields resolve through request variables, then the variable resolver', async () => {
    const f = new FlowBuilder()
      .node(ChatInput, 'ChatInput-aaaaa')
      .node(PromptComponent, 'Prompt-bbbbb', { template: 'key={k}' }, { fields: { k: { value: 'MY_SECRET', load_from_db: true, input_types: ['Message'] } } })
      .node(ChatOutput, 'ChatOutput-ccccc')
      .edge('ChatInput-aaaaa', 'message', 'ChatOutput-ccccc', 'sender_name')
      .edge('Prompt-bbbbb', 'prompt', 'ChatOutput-ccccc', 'input_value')
      .flow();
    const variables = new InMemoryVariableResolver({ MY_SECRET: 'from-db' });
    const engine = new FlowEngine({ registry, ports: { variables } });
    const plan = engine.compile(f);
    expect(text(await engine.run(plan, { inputValue: 'x' }))).toBe('key=from-db');
    expect(text(await engine.run(plan, { inputValue: 'x', requestVariables: { MY_SECRET: 'from-header' } }))).toBe('key=from-header');
    const bare = new FlowEngine({ registry });
    await expect(bare.run(bare.compile(f), { inputValue: 'x' })).rejects.toThrow('Error building Component Prompt Template: MY_SECRET variable not found.');
    // a plain tweak value is used as is
    expect(text(await bare.run(bare.compile(f), { inputValue: 'x', tweaks: { 'Prompt-bbbbb': { k: 'literal' } } }))).toBe('key=literal');
  });

  it('session_id is written into every vertex with that field', async () => {
    const f = new FlowBuilder()
      .node(ChatInput, 'ChatInput-aaaaa', { session_id: 'template-session' })
      .node(ChatOutput, 'ChatOutput-bbbbb')
      .edge('ChatInput-aaaaa', 'message', 'ChatOutput-bbbbb', 'input_value')
      .flow();
    const engine = new FlowEngine({ registry });
    const r: any = toRunResponse(await engine.run(engine.compile(f), { inputValue: 'x', sessionId: 'req-session' }));
    expect(r.outputs[0].outputs[0].results.message.session_id).toBe('req-session');
  });
});

describe('tweaks', () => {
  const flow = () =>
    new FlowBuilder()
      .node(ChatInput, 'ChatInput-aaaaa')
      .node(PassThrough, 'PassThrough-bbbbb', {}, { displayName: 'Twin' })
      .node(PassThrough, 'PassThrough-ccccc', {}, { displayName: 'Twin' })
      .build();

  it('match node id first, then display name (last node wins); never touch code; copy only touched nodes', () => {
    const data = flow();
    const t = applyTweaks(data, { Twin: { suffix: '!', code: 'evil' }, 'PassThrough-bbbbb': { suffix: '?' } });
    expect(t.nodes[1].data.node!.template!.suffix.value).toBe('?');
    expect(t.nodes[2].data.node!.template!.suffix.value).toBe('!');
    expect(t.nodes[2].data.node!.template!.code.value).toBe('');
    expect(t.nodes[0]).toBe(data.nodes[0]);
    expect(data.nodes[2].data.node!.template!.suffix.value).toBe('');
  });

  it('a dict value sets several field properties; file fields get file_path', () => {
    const t = applyTweaks(flow(), { 'PassThrough-bbbbb': { suffix: { value: 'v', advanced: true } }, files: ['a.txt'] });
    expect(t.nodes[1].data.node!.template!.suffix).toMatchObject({ value: 'v', advanced: true });
    expect(t.nodes[0].data.node!.template!.files.file_path).toEqual(['a.txt']);
  });

  it('detects the input_value / ChatInput tweak conflict', () => {
    expect(inputTweakConflict({ 'ChatInput-x': { input_value: 'a' } }, 'b', 'chat')).toMatch(/cannot pass a tweak/);
    expect(inputTweakConflict({ 'Chat Input': { input_value: 'a' } }, null, 'chat')).toBeNull();
    expect(inputTweakConflict({ 'ChatInput-x': { input_value: 'a' } }, 'b', 'text')).toBeNull();
  });
});

describe('group nodes', () => {
  it('are inlined: proxied fields and edges reach the inner nodes', async () => {
    const inner = new FlowBuilder()
      .node(PassThrough, 'PassThrough-in001', { suffix: '-inner1' })
      .node(PassThrough, 'PassThrough-in002', { suffix: '-inner2' })
      .edge('PassThrough-in001', 'output', 'PassThrough-in002', 'input_value')
      .build();
    const outer = new FlowBuilder()
      .node(ChatInput, 'ChatInput-aaaaa')
      .node(ChatOutput, 'ChatOutput-bbbbb')
      .build();
    const group = {
      id: 'GroupNode-ggggg',
      type: 'genericNode',
      data: {
        id: 'GroupNode-ggggg',
        type: 'GroupNode',
        node: {
          display_name: 'Group',
          flow: { data: inner },
          template: {
            'input_value_PassThrough-in001': { type: 'other', value: '', proxy: { id: 'PassThrough-in001', field: 'input_value' } },
            'suffix_PassThrough-in002': { type: 'str', show: true, value: '-grouped', proxy: { id: 'PassThrough-in002', field: 'suffix' } },
          },
          outputs: [],
        },
      },
    };
    const data = { nodes: [outer.nodes[0], group as any, outer.nodes[1]], edges: [] as any[] };
    data.edges.push({
      source: 'ChatInput-aaaaa',
      target: 'GroupNode-ggggg',
      data: { sourceHandle: { id: 'ChatInput-aaaaa', name: 'message', output_types: ['Message'], dataType: 'ChatInput' }, targetHandle: { id: 'GroupNode-ggggg', fieldName: 'input_value_PassThrough-in001', proxy: { id: 'PassThrough-in001', field: 'input_value' } } },
    });
    data.edges.push({
      source: 'GroupNode-ggggg',
      target: 'ChatOutput-bbbbb',
      data: { sourceHandle: { id: 'GroupNode-ggggg', name: 'output', output_types: ['Message'], dataType: 'GroupNode' }, targetHandle: { id: 'ChatOutput-bbbbb', fieldName: 'input_value' } },
    });
    const engine = new FlowEngine({ registry });
    const plan = engine.compile(data);
    expect(plan.vertices.map((v) => v.id).sort()).toEqual(['ChatInput-aaaaa', 'ChatOutput-bbbbb', 'PassThrough-in001', 'PassThrough-in002']);
    expect(text(await engine.run(plan, { inputValue: 'hi' }))).toBe('hi-inner1-grouped');
  });
});
