import { baseClassesOf, ComponentClass } from '../component/component';
import { FieldSpec, outputJson } from '../component/fields';
import type { ComponentRegistry } from '../component/registry';
import { extractPromptVariables } from '../components/models_and_agents/prompt-template';

export type FrontendNode = Record<string, any>;

/** The `code` field Langflow puts in every template; native components carry a marker instead of Python source. */
function codeField(cls: ComponentClass): Record<string, unknown> {
  return {
    type: 'code',
    required: true,
    placeholder: '',
    list: false,
    show: true,
    multiline: true,
    value: `# Nestflow native component: ${cls.meta.name}\n`,
    fileTypes: [],
    file_path: '',
    password: false,
    name: 'code',
    advanced: true,
    dynamic: true,
    info: '',
    load_from_db: false,
    title_case: false,
  };
}

/** One component as a Langflow frontend node (what /api/v1/all lists and flows embed as `data.node`). */
export function componentNode(cls: ComponentClass): FrontendNode {
  const m = cls.meta;
  const template: Record<string, unknown> = { _type: 'Component' };
  template.code = codeField(cls);
  for (const f of cls.inputs) template[f.name] = fieldJson(f);
  return {
    template,
    description: m.description,
    icon: m.icon ?? '',
    base_classes: baseClassesOf(cls),
    display_name: m.displayName,
    documentation: m.documentation ?? '',
    minimized: false,
    custom_fields: {},
    output_types: [],
    pinned: false,
    conditional_paths: [],
    frozen: false,
    outputs: cls.outputs.map(outputJson),
    field_order: m.fieldOrder ?? cls.inputs.map((f) => f.name),
    beta: !!m.beta,
    legacy: !!m.legacy,
    edited: false,
    metadata: { module: m.module ?? `nestflow.components.${m.category}.${m.name}`, keywords: m.keywords ?? [] },
    tool_mode: false,
  };
}

function fieldJson(f: FieldSpec): Record<string, unknown> {
  const o: Record<string, unknown> = { ...f };
  if (o.value && typeof o.value === 'object') o.value = JSON.parse(JSON.stringify(o.value));
  return o;
}

/**
 * The registry in the shape of Langflow's GET /api/v1/all:
 * `{"<category>": {"<ComponentName>": node}}` (categories and names sorted).
 */
export function buildCatalog(registry: ComponentRegistry): Record<string, Record<string, FrontendNode>> {
  const out: Record<string, Record<string, FrontendNode>> = {};
  const classes = registry.list().slice().sort((a, b) => a.meta.category.localeCompare(b.meta.category) || a.meta.name.localeCompare(b.meta.name));
  for (const cls of classes) {
    (out[cls.meta.category] ??= {})[cls.meta.name] = componentNode(cls);
  }
  return out;
}

export interface ValidatePromptRequest {
  name: string;
  template: string;
  custom_fields?: Record<string, string[]> | null;
  frontend_node?: FrontendNode | null;
  mustache?: boolean;
}

export interface ValidatePromptResponse {
  input_variables: string[];
  frontend_node: FrontendNode | null;
}

/** A variable field as Langflow's DefaultPromptField serialises it. */
export function promptVariableField(name: string, value: unknown = ''): Record<string, unknown> {
  return {
    field_type: 'str',
    required: false,
    placeholder: '',
    list: false,
    show: true,
    multiline: true,
    value,
    fileTypes: [],
    file_path: '',
    name,
    display_name: name,
    advanced: false,
    input_types: ['Message'],
    dynamic: false,
    info: '',
    load_from_db: false,
    title_case: false,
    type: 'str',
  };
}

/**
 * POST /api/v1/validate/prompt: extract the template variables and update the frontend node
 * (one field per variable, stale variable fields removed, `custom_fields[name]` updated).
 * Without `frontend_node` it returns `{input_variables: [], frontend_node: null}` (as Langflow does).
 * Throws on an invalid template (the HTTP layer answers 400 with the message).
 */
export function validatePrompt(req: ValidatePromptRequest): ValidatePromptResponse {
  if (!req.frontend_node) return { input_variables: [], frontend_node: null };
  const node = req.frontend_node;
  const vars = extractPromptVariables(req.template ?? '', !!req.mustache);
  const template: Record<string, any> = (node.template ??= {});
  const customFields: Record<string, string[]> = (node.custom_fields ??= {});
  const name = req.name;
  const old = [...(customFields[name] ?? [])];
  const current: string[] = (customFields[name] = [...old]);
  for (const v of vars) {
    const prev = template[v];
    template[v] = promptVariableField(v, prev && typeof prev === 'object' ? prev.value ?? '' : '');
    if (!current.includes(v)) current.push(v);
  }
  for (const v of old) {
    if (vars.includes(v)) continue;
    const i = current.indexOf(v);
    if (i >= 0) current.splice(i, 1);
    delete template[v];
  }
  if (template.input_variables && typeof template.input_variables === 'object') template.input_variables.value = vars;
  if (template[name] && typeof template[name] === 'object') template[name].value = req.template;
  return { input_variables: vars, frontend_node: node };
}
