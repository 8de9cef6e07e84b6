import { Component, ComponentMeta } from '../../component/component';
import { MessageTextInput, MultilineInput, Output, TableInput } from '../../component/fields';
import { Data } from '../../schema/data';
import { DataFrame } from '../../schema/dataframe';
import { buildChatModel } from '../../llm/model-config';
import type { JsonSchema } from '../../llm/types';
import { inputText, llmContext, messageContent } from './llm-support';
import { apiKeyField, modelField } from './model-fields';

export const STRUCTURED_OUTPUT_SYSTEM_PROMPT =
  'You are an AI that extracts structured JSON objects from unstructured text. ' +
  'Use a predefined schema with expected types (str, int, float, bool, dict). ' +
  'Extract ALL relevant instances that match the schema - if multiple patterns exist, capture them all. ' +
  'Fill missing or ambiguous values with defaults: null for missing values. ' +
  'Remove exact duplicates but keep variations that have different field values. ' +
  'Always return valid JSON in the expected format, never throw errors. ' +
  'If multiple objects can be extracted, return them all in the structured format.';

const TYPE_MAP: Record<string, JsonSchema> = {
  str: { type: 'string' },
  string: { type: 'string' },
  text: { type: 'string' },
  int: { type: 'integer' },
  integer: { type: 'integer' },
  float: { type: 'number' },
  number: { type: 'number' },
  bool: { type: 'boolean' },
  boolean: { type: 'boolean' },
  dict: { type: 'object' },
  list: { type: 'array', items: { type: 'string' } },
};

function truthy(v: unknown): boolean {
  if (typeof v === 'string') return ['true', '1', 'yes'].includes(v.trim().toLowerCase());
  return !!v;
}

/** JSON schema for `{objects: [Row, ...]}` from the output_schema table (name, description, type, multiple). */
export function schemaFromTable(rows: unknown): JsonSchema {
  const list = Array.isArray(rows) ? rows : [];
  const properties: Record<string, JsonSchema> = {};
  for (const r of list) {
    if (!r || typeof r !== 'object') continue;
    const name = String((r as any).name ?? '').trim();
    if (!name) continue;
    const base = TYPE_MAP[String((r as any).type ?? 'str').toLowerCase()] ?? { type: 'string' };
    let s: JsonSchema = { ...base };
    if (truthy((r as any).multiple)) s = { type: 'array', items: base };
    if ((r as any).description) s.description = String((r as any).description);
    properties[name] = s;
  }
  if (!Object.keys(properties).length) throw new Error('Output schema cannot be empty');
  return {
    type: 'object',
    properties: {
      objects: { type: 'array', items: { type: 'object', properties, required: Object.keys(properties) }, minItems: 1 },
    },
    required: ['objects'],
  };
}

/** Structured Output (`StructuredOutput`): forces the model to answer with JSON matching a table-defined schema. */
export class StructuredOutputComponent extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'StructuredOutput',
    displayName: 'Structured Output',
    description: 'Uses an LLM to generate structured data. Ideal for extraction and consistency.',
    icon: 'braces',
    category: 'llm_operations',
    aliases: ['StructuredOutputComponent'],
    modules: [
      'lfx.components.llm_operations.structured_output.StructuredOutputComponent',
      'lfx.components.processing.structured_output.StructuredOutputComponent',
    ],
    module: 'lfx.components.llm_operations.structured_output.StructuredOutputComponent',
    documentation: 'https://docs.langflow.org/components-processing#structured-output',
  };
  static override readonly inputs = [
    modelField(),
    apiKeyField(),
    MultilineInput({ name: 'input_value', display_name: 'Input Message', info: 'The input message to the language model.', tool_mode: true, required: true }),
    MultilineInput({
      name: 'system_prompt',
      display_name: 'Format Instructions',
      info: 'The instructions to the language model for formatting the output.',
      value: STRUCTURED_OUTPUT_SYSTEM_PROMPT,
      required: true,
      advanced: true,
    }),
    MessageTextInput({ name: 'schema_name', display_name: 'Schema Name', info: 'Provide a name for the output data schema.', advanced: true }),
    TableInput({
      name: 'output_schema',
      display_name: 'Output Schema',
      info: 'Define the structure and data types for the model output.',
      required: true,
      value: [{ name: 'field', description: 'description of field', type: 'str', multiple: 'False' }],
      table_schema: [
        { name: 'name', display_name: 'Name', type: 'str', description: 'Specify the name of the output field.', default: 'field', edit_mode: 'inline' },
        { name: 'description', display_name: 'Description', type: 'str', description: 'Describe the purpose of the output field.', default: 'description of field', edit_mode: 'popover' },
        { name: 'type', display_name: 'Type', type: 'str', edit_mode: 'inline', description: 'Indicate the data type of the output field (e.g., str, int, float, bool, dict).', options: ['str', 'int', 'float', 'bool', 'dict'], default: 'str' },
        { name: 'multiple', display_name: 'As List', type: 'boolean', description: 'Set to True if this output field should be a list of the specified type.', default: 'False', edit_mode: 'inline' },
      ],
    }),
  ];
  static override readonly outputs = [
    Output({ name: 'structured_output', display_name: 'Structured Output', method: 'build_structured_output', types: ['Data'] }),
    Output({ name: 'dataframe_output', display_name: 'Structured Output', method: 'build_structured_dataframe', types: ['DataFrame'] }),
  ];

  private objects?: Record<string, unknown>[];

  /** The extracted objects (one model call per build, shared by both outputs). */
  async buildStructuredObjects(): Promise<Record<string, unknown>[]> {
    if (this.objects) return this.objects;
    const schema = schemaFromTable(this.params.output_schema);
    const model = await buildChatModel(this.params, llmContext(this));
    const system = inputText(this.params.system_prompt);
    const content = await messageContent(this, this.params.input_value);
    const res = await model.chat({
      messages: [...(system ? [{ role: 'system' as const, content: system }] : []), { role: 'user', content }],
      responseFormat: { type: 'json_schema', name: sanitizeName(inputText(this.params.schema_name)) || 'OutputModel', schema },
      signal: this.ctx.signal,
    });
    const parsed = parseJsonLoose(res.text);
    let objects: unknown = parsed && typeof parsed === 'object' && 'objects' in (parsed as any) ? (parsed as any).objects : parsed;
    if (objects && !Array.isArray(objects)) objects = [objects];
    if (!Array.isArray(objects) || !objects.length) throw new Error('No structured output returned');
    this.objects = objects as Record<string, unknown>[];
    return this.objects;
  }

  async build_structured_output(): Promise<Data> {
    const objects = await this.buildStructuredObjects();
    const out = objects.length === 1 ? new Data({ ...objects[0] }) : new Data({ results: objects });
    this.status = out.data;
    return out;
  }

  async build_structured_dataframe(): Promise<DataFrame> {
    const objects = await this.buildStructuredObjects();
    const df = new DataFrame(objects.map((o) => ({ ...o })));
    this.status = df.rows;
    return df;
  }
}

function sanitizeName(s: string): string {
  return s.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
}

/** JSON.parse that also accepts a fenced ```json block or text around one object. */
export function parseJsonLoose(text: string): unknown {
  const t = text.trim();
  try {
    return JSON.parse(t);
  } catch {
    /* fall through */
  }
  const fence = /```(?:json)?\s*([\s\S]*?)```/.exec(t);
  if (fence) {
    try {
      return JSON.parse(fence[1]);
    } catch {
      /* fall through */
    }
  }
  const a = t.indexOf('{');
  const b = t.lastIndexOf('}');
  if (a >= 0 && b > a) {
    try {
      return JSON.parse(t.slice(a, b + 1));
    } catch {
      /* fall through */
    }
  }
  throw new Error(`The model did not return valid JSON: ${t.slice(0, 200)}`);
}
