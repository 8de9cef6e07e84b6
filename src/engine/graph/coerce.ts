import { toMessage, toText } from '../schema/convert';

/** Param-handler coercion of a template value by field `type` (§2.3). Returns undefined to drop. */
export function coerceTemplateValue(f: Record<string, any>): unknown {
  const type = f.type;
  let v = type === 'file' ? f.file_path ?? f.value : f.value;
  if (v === null || v === undefined) return f.required ? undefined : f.default ?? undefined;
  switch (type) {
    case 'str':
    case 'prompt':
    case 'mustache':
      if (typeof v === 'string') return v.replace(/\\n/g, '\n');
      if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x.replace(/\\n/g, '\n') : x));
      return v;
    case 'int': {
      if (v === '') return undefined;
      const n = Number(v);
      return Number.isFinite(n) ? Math.trunc(n) : v;
    }
    case 'float':
    case 'slider': {
      if (v === '') return undefined;
      const n = Number(v);
      return Number.isFinite(n) ? n : v;
    }
    case 'bool':
      return typeof v === 'string' ? v !== '' && v.toLowerCase() !== 'false' : Boolean(v);
    case 'dict':
    case 'NestedDict':
      if (Array.isArray(v)) return Object.assign({}, ...v.filter((x) => x && typeof x === 'object'));
      if (typeof v === 'string') {
        if (!v.trim()) return {};
        try {
          return JSON.parse(v);
        } catch {
          return v;
        }
      }
      return v;
    case 'file':
      if (v === '') return undefined;
      return v;
    default:
      return v;
  }
}

export type Coercer = (v: unknown, field: string) => unknown;

const textCoercer: Coercer = (v, field) => (Array.isArray(v) ? v.map((x) => toText(x, field)) : toText(v, field));
const toMsg = (v: unknown) =>
  typeof v === 'string' || (v && typeof v === 'object' && (v as object).constructor === Object) ? toMessage(v) : v;
/** MessageInput: str/dict → Message; Message, Data, DataFrame pass through. */
const messageCoercer: Coercer = (v) => (v === null || v === undefined ? v : Array.isArray(v) ? v.map(toMsg) : toMsg(v));
const intCoercer: Coercer = (v) => (v === '' || v === null || v === undefined ? v : Math.trunc(Number(v)));
const floatCoercer: Coercer = (v) => (v === '' || v === null || v === undefined ? v : Number(v));
const boolCoercer: Coercer = (v) => Boolean(v);

/** Input-class coercion (§3.4) applied to edge values, by `_input_type`. Undefined = pass through. */
export function coercerFor(inputType: string | undefined): Coercer | undefined {
  switch (inputType) {
    case 'MessageTextInput':
    case 'MultilineInput':
    case 'SecretStrInput':
    case 'StrInput':
    case 'QueryInput':
    case 'DropdownInput':
    case 'MultilineSecretInput':
      return textCoercer;
    case 'MessageInput':
      return messageCoercer;
    case 'IntInput':
      return intCoercer;
    case 'FloatInput':
    case 'SliderInput':
      return floatCoercer;
    case 'BoolInput':
      return boolCoercer;
    default:
      return undefined;
  }
}
