import { Component, setCurrentFields } from '../../component/component';
import { DataInput, DictInput, DropdownInput, MessageTextInput, Output, SortableListInput } from '../../component/fields';
import { Data } from '../../schema/data';

const OPERATIONS = [
  { name: 'Select Keys', icon: 'lasso-select' },
  { name: 'Literal Eval', icon: 'braces' },
  { name: 'Combine', icon: 'merge' },
  { name: 'Filter Values', icon: 'filter' },
  { name: 'Append or Update', icon: 'circle-plus' },
  { name: 'Remove Keys', icon: 'eraser' },
  { name: 'Rename Keys', icon: 'pencil-line' },
];

/** Data Operations: one selected operation on a Data object (select/remove/rename keys, filter, combine, …). */
export class DataOperationsComponent extends Component {
  static override readonly meta = {
    name: 'DataOperations',
    displayName: 'Data Operations',
    description: 'Perform various operations on a Data object.',
    icon: 'file-json',
    category: 'processing',
    module: 'lfx.components.processing.data_operations.DataOperationsComponent',
    modules: ['lfx.components.processing.data_operations.DataOperationsComponent'],
    aliases: ['DataOperationsComponent'],
    documentation: 'https://docs.langflow.org/components-processing#data-operations',
  };
  static override readonly inputs = [
    DataInput({ name: 'data', display_name: 'Data', info: 'Data object to filter.', required: true, list: true, is_list: true }),
    SortableListInput({ name: 'operations', display_name: 'Operations', info: 'List of operations to perform on the data.', placeholder: 'Select Operation', options: OPERATIONS, real_time_refresh: true, limit: 1 }),
    MessageTextInput({ name: 'select_keys_input', display_name: 'Select Keys', info: 'List of keys to select from the data.', show: false, list: true }),
    MessageTextInput({ name: 'filter_key', display_name: 'Filter Key', info: 'Key to filter by.', list: true, show: false }),
    DropdownInput({ name: 'operator', display_name: 'Comparison Operator', options: ['equals', 'not equals', 'contains', 'starts with', 'ends with'], info: 'The operator to apply for comparing the values.', value: 'equals', show: false }),
    DictInput({ name: 'filter_values', display_name: 'Filter Values', info: 'List of values to filter by.', show: false, list: true }),
    DictInput({ name: 'append_update_data', display_name: 'Append or Update', info: 'Data to Append or Updatethe existing data with.', show: false, value: { key: 'value' }, list: true }),
    MessageTextInput({ name: 'remove_keys_input', display_name: 'Remove Keys', info: 'List of keys to remove from the data.', show: false, list: true }),
    DictInput({ name: 'rename_keys_input', display_name: 'Rename Keys', info: 'List of keys to rename in the data.', show: false, list: true, value: { old_key: 'new_key' } }),
  ];
  static override readonly outputs = [Output({ display_name: 'Data', name: 'data_output', method: 'as_data', types: ['Data'] })];

  static readonly actionFields: Record<string, string[]> = {
    'Select Keys': ['select_keys_input'],
    'Literal Eval': [],
    Combine: [],
    'Filter Values': ['filter_key', 'filter_values', 'operator'],
    'Append or Update': ['append_update_data'],
    'Remove Keys': ['remove_keys_input'],
    'Rename Keys': ['rename_keys_input'],
  };

  static updateBuildConfig(node: Record<string, any>, field: string, value: unknown): void {
    if (field !== 'operations') return;
    const ops = Array.isArray(value) ? value.map((o: any) => (typeof o === 'string' ? o : o?.name)) : [];
    if (ops.length > 1) return;
    setCurrentFields(node.template, DataOperationsComponent.actionFields, ops[0] ?? null, ['operations', 'data']);
  }

  private list(): Data[] {
    const d = this.params.data;
    if (Array.isArray(d)) return d;
    return d ? [d] : [];
  }
  private single(op: string): Record<string, any> {
    const l = this.list();
    if (l.length > 1) throw new Error(`${op} operation is not supported for multiple data objects.`);
    if (!l[0]) throw new Error('Data input is required.');
    return { ...l[0].data };
  }
  private strList(v: unknown): string[] {
    if (Array.isArray(v)) return v.map(String).filter((x) => x !== '');
    return v === undefined || v === null || v === '' ? [] : [String(v)];
  }
  private dict(v: unknown): Record<string, any> {
    if (Array.isArray(v)) return Object.assign({}, ...v.filter((x) => x && typeof x === 'object'));
    return v && typeof v === 'object' ? (v as Record<string, any>) : {};
  }

  select_keys(evaluate = false): Data {
    const d = this.single('Select Keys');
    const keys = this.strList(this.params.select_keys_input);
    let filtered: Record<string, any>;
    if (keys.length === 1 && keys[0] === 'data') filtered = d.data;
    else {
      if (!keys.every((k) => k in d)) throw new Error(`Select key not found in data. Available keys: ${pyList(Object.keys(d))}`);
      filtered = {};
      for (const k of Object.keys(d)) if (keys.includes(k)) filtered[k] = d[k];
    }
    return new Data(evaluate ? literalEval(filtered) : filtered);
  }
  remove_keys(): Data {
    const d = this.single('Remove Keys');
    for (const k of this.strList(this.params.remove_keys_input)) delete d[k];
    return new Data(d);
  }
  rename_keys(): Data {
    const d = this.single('Rename Keys');
    for (const [o, n] of Object.entries(this.dict(this.params.rename_keys_input))) {
      if (!(o in d)) throw new Error(`Key '${o}' not found in data. Skipping rename.`);
      d[n as string] = d[o];
      delete d[o];
    }
    return new Data(d);
  }
  evaluate_data(): Data {
    return new Data(literalEval(this.single('Literal Eval')));
  }
  combine_data(): Data {
    const l = this.list();
    if (l.length <= 1) return l[0] ?? new Data({});
    const out: Record<string, any> = {};
    for (const x of l) {
      for (const [k, v] of Object.entries(x.data)) {
        if (!(k in out)) out[k] = v;
        else if (Array.isArray(out[k])) Array.isArray(v) ? out[k].push(...v) : out[k].push(v);
        else out[k] = Array.isArray(v) ? [out[k], ...v] : [out[k], v];
      }
    }
    return new Data(out);
  }
  multi_filter_data(): Data {
    const d = this.single('Filter Values');
    const fv = this.dict(this.params.filter_values);
    for (const key of this.strList(this.params.filter_key)) {
      if (!(key in d)) throw new Error(`Filter key '${key}' not found in data. Available keys: ${pyList(Object.keys(d))}`);
      if (!Array.isArray(d[key])) throw new TypeError(`Filter key '${key}' is not a list.`);
      for (const [fk, val] of Object.entries(fv)) {
        if (val === null || val === undefined || !fk || !val) continue;
        d[key] = d[key].filter((item: any) => item && typeof item === 'object' && fk in item && compare(item[fk], String(val), this.params.operator ?? 'equals'));
      }
    }
    return new Data(d);
  }
  append_update(): Data {
    const d = this.single('Append or Update');
    Object.assign(d, this.dict(this.params.append_update_data));
    return new Data(d);
  }

  as_data(): Data {
    const ops = this.params.operations;
    if (!Array.isArray(ops) || !ops.length) return new Data({});
    const names = ops.map((o: any) => (typeof o === 'string' ? o : o?.name));
    if (names.length !== 1) return new Data({});
    const map: Record<string, () => Data> = {
      'Select Keys': () => this.select_keys(false),
      'Literal Eval': () => this.evaluate_data(),
      Combine: () => this.combine_data(),
      'Filter Values': () => this.multi_filter_data(),
      'Append or Update': () => this.append_update(),
      'Remove Keys': () => this.remove_keys(),
      'Rename Keys': () => this.rename_keys(),
    };
    const f = map[names[0]];
    if (!f) return new Data({});
    const r = f();
    this.status = r;
    return r;
  }
}

function compare(item: unknown, v: string, op: string): boolean {
  const s = String(item);
  switch (op) {
    case 'equals': return s === v;
    case 'not equals': return s !== v;
    case 'contains': return s.includes(v);
    case 'starts with': return s.startsWith(v);
    case 'ends with': return s.endsWith(v);
    default: return false;
  }
}

function pyList(a: string[]): string {
  return '[' + a.map((x) => `'${x}'`).join(', ') + ']';
}

function literalEval(v: any): any {
  if (Array.isArray(v)) return v.map(literalEval);
  if (v && typeof v === 'object') {
    const o: Record<string, any> = {};
    for (const [k, x] of Object.entries(v)) o[k] = literalEval(x);
    return o;
  }
  if (typeof v === 'string') {
    const t = v.trim();
    if (/^(true|false|none)$/i.test(t)) return t.toLowerCase() === 'true' ? true : t.toLowerCase() === 'false' ? false : null;
    if (/^\d+$/.test(t.replace('.', ''))) return Number(t);
    if (/^[[{('"]/.test(t)) {
      try {
        return JSON.parse(t.replace(/'/g, '"').replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false').replace(/\bNone\b/g, 'null'));
      } catch {
        return v;
      }
    }
  }
  return v;
}
