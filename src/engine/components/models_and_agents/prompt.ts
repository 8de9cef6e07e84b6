import { Component } from '../../component/component';
import { BoolInput, MessageTextInput, Output, PromptInput } from '../../component/fields';
import { toPromptText } from '../../schema/convert';
import { Message } from '../../schema/message';
import { validatePrompt } from '../../catalog/catalog';
import { extractPromptVariables, renderFString, renderMustache } from './prompt-template';

/**
 * Prompt Template. One dynamic field per `{variable}` of the template (listed in the node's
 * `custom_fields.template`); their values (Message → text, Data → get_text(), lists item by item) fill
 * the template. `use_double_brackets` switches to `{{variable}}` (mustache) syntax.
 */
export class PromptComponent extends Component {
  static override readonly meta = {
    name: 'Prompt',
    displayName: 'Prompt Template',
    description: 'Create a prompt template with dynamic variables.',
    icon: 'braces',
    category: 'models_and_agents',
    module: 'lfx.components.models_and_agents.prompt.PromptComponent',
    modules: ['lfx.components.models_and_agents.prompt.PromptComponent', 'lfx.components.prompts.prompt.PromptComponent'],
    aliases: ['PromptComponent', 'Prompt Template', 'PromptTemplate'],
    documentation: 'https://docs.langflow.org/components-prompts',
  };
  static override readonly inputs = [
    PromptInput({ name: 'template', display_name: 'Template' }),
    BoolInput({ name: 'use_double_brackets', display_name: 'Use Double Brackets', value: false, advanced: true, info: 'Use {{variable}} syntax instead of {variable}.', real_time_refresh: true }),
    MessageTextInput({ name: 'tool_placeholder', display_name: 'Tool Placeholder', tool_mode: true, advanced: true, info: 'A placeholder input for tool mode.' }),
  ];
  static override readonly outputs = [Output({ display_name: 'Prompt', name: 'prompt', method: 'build_prompt', types: ['Message'] })];

  static updateBuildConfig(node: Record<string, any>, field: string, value: unknown): void {
    if (field !== 'use_double_brackets') return;
    const t = node.template;
    if (!t.template) return;
    t.template.type = value === true ? 'mustache' : 'prompt';
    const old: string[] = node.custom_fields?.template ?? [];
    for (const f of old) delete t[f];
    if (node.custom_fields) node.custom_fields.template = [];
    try {
      validatePrompt({ name: 'template', template: String(t.template.value ?? ''), frontend_node: node, mustache: value === true });
    } catch {
      /* invalid template in the new mode: leave the old variable fields removed */
    }
  }

  build_prompt(): Message {
    const p = this.params;
    const template: string = typeof p.template === 'string' ? p.template : '';
    const mustache = p.use_double_brackets === true || p.mode === 'mustache';
    const vars = extractPromptVariables(template, mustache);
    const values: Record<string, string> = {};
    for (const name of vars) values[name] = toPromptText(p[name]);
    const text = mustache ? renderMustache(template, values) : renderFString(template, values);
    const m = new Message({ text, template, variables: values });
    this.status = m;
    return m;
  }
}
