import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUILTIN_COMPONENTS, createDefaultRegistry } from '../components';
import { buildCatalog, validatePrompt } from './catalog';

/** Fields whose input class changed between Langflow releases present in the starter projects. */
const VERSION_VARIANTS = new Set(['ChatOutput.input_value']);
const FIXTURES = path.resolve(__dirname, '..', '..', '..', '../shared/fixtures/langflow');

describe('catalog (GET /api/v1/all shape)', () => {
  const registry = createDefaultRegistry();
  const catalog = buildCatalog(registry);

  it('lists every registered component under its category by name', () => {
    const listed = Object.values(catalog).flatMap((c) => Object.keys(c));
    for (const cls of registry.list()) {
      expect(catalog[cls.meta.category]?.[cls.meta.name]).toBeDefined();
    }
    expect(listed).toHaveLength(registry.list().length);
    for (const cls of BUILTIN_COMPONENTS) expect(listed).toContain(cls.meta.name);
  });

  it('serialises nodes the way Langflow does', () => {
    const chat = catalog.input_output.ChatInput;
    expect(chat.display_name).toBe('Chat Input');
    expect(chat.base_classes).toEqual(['Message']);
    expect(chat.template._type).toBe('Component');
    expect(chat.template.code.type).toBe('code');
    expect(chat.template.input_value).toMatchObject({ _input_type: 'MultilineInput', type: 'str', name: 'input_value', display_name: 'Input Text', show: true, multiline: true });
    expect(chat.template.should_store_message).toMatchObject({ type: 'bool', value: true });
    expect(chat.outputs).toEqual([expect.objectContaining({ name: 'message', method: 'message_response', types: ['Message'], value: '__UNDEFINED__', selected: 'Message' })]);
    expect(chat.field_order[0]).toBe('input_value');
    const loop = catalog.flow_controls.LoopComponent;
    expect(loop.outputs.map((o: any) => [o.name, o.allows_loop])).toEqual([['item', true], ['done', false]]);
    expect(catalog.models_and_agents.Memory.template.n_messages).toMatchObject({ type: 'int', value: 100 });
  });

  const starter = path.join(FIXTURES, 'starter-projects');
  (fs.existsSync(starter) ? it : it.skip)('uses Langflow field names, types and outputs for every built-in type in the starter projects', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const fn of fs.readdirSync(starter)) {
      const flow = JSON.parse(fs.readFileSync(path.join(starter, fn), 'utf8'));
      for (const n of flow.data.nodes) {
        if (n.type !== 'genericNode') continue;
        const cls = registry.resolve(n.data.type, n.data.node.metadata?.module);
        if (!cls || !BUILTIN_COMPONENTS.includes(cls)) continue;
        checked++;
        const node = catalog[cls.meta.category][cls.meta.name];
        const custom = new Set<string>(Object.values(n.data.node.custom_fields ?? {}).flat() as string[]);
        for (const [k, f] of Object.entries<any>(n.data.node.template)) {
          if (k === 'code' || k === '_type' || custom.has(k) || k === 'tools_metadata' || (cls.meta.name === 'Prompt' && k === 'mode')) continue;
          const mine = node.template[k];
          if (!mine) problems.push(`${fn} ${n.id}: missing field ${k}`);
          else if (VERSION_VARIANTS.has(`${cls.meta.name}.${k}`)) continue;
          else if (mine.type !== f.type || (f._input_type && mine._input_type !== f._input_type)) problems.push(`${fn} ${n.id}: ${k} is ${mine._input_type}/${mine.type}, Langflow ${f._input_type}/${f.type}`);
        }
        const outs = new Set([...node.outputs.map((o: any) => `${o.name}:${o.method}`), ...((cls as any).alternativeOutputs ?? []).map((o: any) => `${o.name}:${o.method}`)]);
        for (const o of n.data.node.outputs ?? []) {
          if (o.name === 'component_as_tool') continue;
          if (!outs.has(`${o.name}:${o.method}`)) problems.push(`${fn} ${n.id}: missing output ${o.name}:${o.method}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  });
});

describe('validatePrompt (POST /api/v1/validate/prompt)', () => {
  it('extracts {variables}, adds their fields and drops stale ones', () => {
    const node: any = {
      template: { template: { type: 'prompt', value: 'old {gone}' }, gone: { value: 'x' }, keep: { value: 'kept value' } },
      custom_fields: { template: ['gone', 'keep'] },
    };
    const r = validatePrompt({ name: 'template', template: 'Hi {name}, {keep} {{literal}} {name}', frontend_node: node });
    expect(r.input_variables).toEqual(['name', 'keep']);
    expect(r.frontend_node!.custom_fields.template).toEqual(['keep', 'name']);
    expect(r.frontend_node!.template.gone).toBeUndefined();
    expect(r.frontend_node!.template.keep).toMatchObject({ value: 'kept value', input_types: ['Message'], type: 'str', display_name: 'keep' });
    expect(r.frontend_node!.template.name).toMatchObject({ name: 'name', value: '', field_type: 'str', multiline: true });
    expect(r.frontend_node!.template.template.value).toBe('Hi {name}, {keep} {{literal}} {name}');
  });

  it('supports mustache mode and returns nothing without a frontend node', () => {
    expect(validatePrompt({ name: 't', template: '{{a}} and {{ b }} but {c}', mustache: true, frontend_node: { template: {} } }).input_variables).toEqual(['a', 'b']);
    expect(validatePrompt({ name: 't', template: '{a}' })).toEqual({ input_variables: [], frontend_node: null });
  });

  it('rejects reserved names and malformed templates', () => {
    expect(() => validatePrompt({ name: 't', template: '{template}', frontend_node: {} })).toThrow(/reserved/);
    expect(() => validatePrompt({ name: 't', template: 'a { b', frontend_node: {} })).toThrow(/single '\{'/);
  });
});
