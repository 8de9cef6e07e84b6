/**
 * Template field declarations mirroring Langflow's Input classes (`lfx.inputs.inputs`).
 * Each helper returns the field spec exactly as it appears in a node's `template` (snake_case keys),
 * so the catalog can serialise it as-is and the compiler can read defaults from it.
 */
export interface FieldSpec {
  name: string;
  display_name: string;
  type: string;
  _input_type: string;
  value?: any;
  input_types?: string[];
  list?: boolean;
  show?: boolean;
  advanced?: boolean;
  required?: boolean;
  info?: string;
  options?: any[];
  load_from_db?: boolean;
  tool_mode?: boolean;
  multiline?: boolean;
  password?: boolean;
  placeholder?: string;
  dynamic?: boolean;
  real_time_refresh?: boolean;
  [k: string]: unknown;
}

export type FieldInit = Partial<FieldSpec> & { name: string };

function field(inputType: string, type: string, base: Partial<FieldSpec>, init: FieldInit): FieldSpec {
  const spec: FieldSpec = {
    _input_type: inputType,
    type,
    display_name: init.display_name ?? init.name,
    info: '',
    required: false,
    show: true,
    advanced: false,
    list: false,
    dynamic: false,
    placeholder: '',
    tool_mode: false,
    trace_as_metadata: true,
    title_case: false,
    ...base,
    ...init,
  };
  return spec;
}

const msg = ['Message'];
export const StrInput = (i: FieldInit) => field('StrInput', 'str', { value: '', load_from_db: false }, i);
export const MessageTextInput = (i: FieldInit) =>
  field('MessageTextInput', 'str', { value: '', input_types: msg, load_from_db: false, trace_as_input: true }, i);
export const MultilineInput = (i: FieldInit) =>
  field('MultilineInput', 'str', { value: '', input_types: msg, multiline: true, load_from_db: false, trace_as_input: true }, i);
export const MessageInput = (i: FieldInit) => field('MessageInput', 'str', { value: '', input_types: msg, trace_as_input: true }, i);
export const SecretStrInput = (i: FieldInit) =>
  field('SecretStrInput', 'str', { value: '', password: true, load_from_db: true, input_types: [] }, i);
export const HandleInput = (i: FieldInit) => field('HandleInput', 'other', { value: '' }, i);
export const DataInput = (i: FieldInit) => field('DataInput', 'other', { value: '', input_types: ['Data'] }, i);
export const DataFrameInput = (i: FieldInit) => field('DataFrameInput', 'other', { value: '', input_types: ['DataFrame'] }, i);
export const BoolInput = (i: FieldInit) => field('BoolInput', 'bool', { value: false }, i);
export const IntInput = (i: FieldInit) => field('IntInput', 'int', { value: 0 }, i);
export const FloatInput = (i: FieldInit) => field('FloatInput', 'float', { value: 0.0 }, i);
export const SliderInput = (i: FieldInit) => field('SliderInput', 'slider', { value: 0 }, i);
export const DropdownInput = (i: FieldInit) => field('DropdownInput', 'str', { value: '', options: [], combobox: false }, i);
export const TabInput = (i: FieldInit) => field('TabInput', 'tab', { value: '', options: [] }, i);
export const DictInput = (i: FieldInit) => field('DictInput', 'dict', { value: {} }, i);
export const NestedDictInput = (i: FieldInit) => field('NestedDictInput', 'NestedDict', { value: {} }, i);
export const TableInput = (i: FieldInit) => field('TableInput', 'table', { value: [] }, i);
export const SortableListInput = (i: FieldInit) => field('SortableListInput', 'sortableList', { value: [] }, i);
export const FileInput = (i: FieldInit) => field('FileInput', 'file', { value: '', file_path: '', fileTypes: [] }, i);
export const PromptInput = (i: FieldInit) => field('PromptInput', 'prompt', { value: '', trace_as_input: true }, i);
export const CodeInput = (i: FieldInit) => field('CodeInput', 'code', { value: '' }, i);
export const MultiselectInput = (i: FieldInit) => field('MultiselectInput', 'str', { value: [], options: [], list: true }, i);
export const ModelInput = (i: FieldInit) => field('ModelInput', 'model', { value: [], input_types: ['LanguageModel'] }, i);
export const QueryInput = (i: FieldInit) => field('QueryInput', 'query', { value: '', input_types: msg }, i);
export const LinkInput = (i: FieldInit) => field('LinkInput', 'link', { value: '' }, i);
export const McpInput = (i: FieldInit) => field('McpInput', 'mcp', { value: {} }, i);
export const AuthInput = (i: FieldInit) => field('AuthInput', 'auth', { value: '' }, i);

/** Declared output of a component (`lfx.template.field.base.Output`). */
export interface OutputSpec {
  name: string;
  display_name: string;
  /** Name of the component method that computes it. */
  method: string;
  types: string[];
  selected?: string;
  cache?: boolean;
  allows_loop?: boolean;
  loop_types?: string[] | null;
  group_outputs?: boolean;
  tool_mode?: boolean;
  required_inputs?: string[] | null;
  hidden?: boolean | null;
  options?: unknown;
  [k: string]: unknown;
}

export function Output(o: Omit<OutputSpec, 'types'> & { types?: string[] }): OutputSpec {
  return {
    types: o.types ?? ['Message'],
    selected: o.selected ?? (o.types ?? ['Message'])[0],
    cache: true,
    allows_loop: false,
    group_outputs: false,
    tool_mode: true,
    loop_types: null,
    required_inputs: null,
    options: null,
    hidden: null,
    ...o,
  } as OutputSpec;
}

/** An output as Langflow serialises it in a frontend node. */
export function outputJson(o: OutputSpec): Record<string, unknown> {
  return {
    types: o.types,
    selected: o.selected ?? o.types[0] ?? null,
    name: o.name,
    display_name: o.display_name,
    method: o.method,
    value: '__UNDEFINED__',
    cache: o.cache ?? true,
    required_inputs: o.required_inputs ?? null,
    allows_loop: o.allows_loop ?? false,
    group_outputs: o.group_outputs ?? false,
    options: o.options ?? null,
    tool_mode: o.tool_mode ?? true,
    hidden: o.hidden ?? null,
    ...(o.loop_types ? { loop_types: o.loop_types } : {}),
  };
}

