import { createDefaultRegistry } from '../components';
import { buildCatalog } from './catalog';
import { componentFromCode, updateComponentNode } from './update';

describe('updateComponentNode (POST /api/v1/custom_component/update)', () => {
  const registry = createDefaultRegistry();
  const catalog = buildCatalog(registry);

  it('finds the component from our code marker, a Python name attribute or the class name', () => {
    expect(componentFromCode(registry, catalog.processing.ParserComponent.template.code.value)?.meta.name).toBe('ParserComponent');
    expect(componentFromCode(registry, 'class MemoryComponent(Component):\n    display_name = "x"\n    name = "Memory"\n')?.meta.name).toBe('Memory');
    expect(componentFromCode(registry, 'class ChatInput(ChatComponent):\n    pass')?.meta.name).toBe('ChatInput');
    expect(componentFromCode(registry, 'class Nope(Component): pass')).toBeUndefined();
  });

  it('TypeConvert output_type switches the output', () => {
    const node = catalog.processing.TypeConverterComponent;
    const r = updateComponentNode(registry, { code: node.template.code.value, template: node.template, field: 'output_type', field_value: 'DataFrame' });
    expect(r.template.output_type.value).toBe('DataFrame');
    expect(r.outputs.map((o: any) => [o.name, o.method, o.types])).toEqual([['dataframe_output', 'convert_to_dataframe', ['DataFrame']]]);
  });

  it('Memory mode shows the Store fields and the stored_messages output', () => {
    const node = catalog.models_and_agents.Memory;
    const r = updateComponentNode(registry, { type: 'Memory', template: node.template, field: 'mode', field_value: 'Store' });
    expect(r.template.message.show).toBe(true);
    expect(r.template.n_messages.show).toBe(false);
    expect(r.outputs.map((o: any) => o.name)).toEqual(['stored_messages']);
  });

  it('Prompt double brackets re-extracts the variables in mustache syntax, keeping values', () => {
    const node = JSON.parse(JSON.stringify(catalog.models_and_agents.Prompt));
    node.template.template.value = 'Hi {{name}} and {other}';
    node.template.other = { value: 'kept' };
    const r = updateComponentNode(registry, { type: 'Prompt', template: node.template, field: 'use_double_brackets', field_value: true });
    expect(r.template.template.type).toBe('mustache');
    expect(r.custom_fields.template).toEqual(['name']);
    expect(r.template.name).toMatchObject({ type: 'str', input_types: ['Message'] });
  });

  it('Parser Stringify hides the template and adds clean_data; Data Operations shows the fields of the chosen operation', () => {
    const p = updateComponentNode(registry, { type: 'ParserComponent', template: catalog.processing.ParserComponent.template, field: 'mode', field_value: 'Stringify' });
    expect(p.template.pattern.show).toBe(false);
    expect(p.template.clean_data).toMatchObject({ type: 'bool', value: true });
    const d = updateComponentNode(registry, { type: 'DataOperations', template: catalog.processing.DataOperations.template, field: 'operations', field_value: [{ name: 'Rename Keys' }] });
    expect(d.template.rename_keys_input.show).toBe(true);
    expect(d.template.select_keys_input.show).toBe(false);
  });

  it('rejects code it cannot map', () => {
    expect(() => updateComponentNode(registry, { code: 'print(1)', field: 'x', field_value: 1 })).toThrow('Component type not found');
  });
});
