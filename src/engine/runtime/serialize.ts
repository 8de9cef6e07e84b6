import { Data } from '../schema/data';
import { DataFrame } from '../schema/dataframe';
import { Message } from '../schema/message';
import { pyStr } from '../schema/py';

/** JSON form of an engine value, as Langflow's `serialize` / `jsonable_encoder` would give it. */
export function serializeValue(v: unknown, depth = 0): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Message || v instanceof Data) return v.toJSON();
  if (v instanceof DataFrame) return v.toJSON();
  if (Array.isArray(v)) return v.map((x) => serializeValue(x, depth + 1));
  if (typeof v === 'object') {
    if (depth > 20) return pyStr(v);
    const anyV = v as any;
    if (typeof anyV.toJSON === 'function') return anyV.toJSON();
    if (anyV.constructor && anyV.constructor !== Object) {
      // opaque objects (LLM clients, tools): Langflow shows their repr
      const name = anyV.constructor.name;
      return typeof anyV.toString === 'function' && anyV.toString !== Object.prototype.toString ? String(anyV) : name;
    }
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) o[k] = serializeValue(anyV[k], depth + 1);
    return o;
  }
  return String(v);
}

/** Langflow LogType of a value: message|data|stream|object|array|text|unknown. */
export function logTypeOf(v: unknown): string {
  if (v instanceof Message) return v.isStream ? 'stream' : 'text';
  if (v instanceof Data) return 'object';
  if (v instanceof DataFrame || Array.isArray(v)) return 'array';
  if (typeof v === 'string') return 'text';
  if (v && typeof v === 'object') return 'object';
  return 'unknown';
}

/**
 * `outputs[name]` entry: {message, type}. Langflow reads the artifact's raw value when the component
 * has a status (always the case once it returned a Message), else the result itself: a Data is then
 * reported as "data" instead of "object".
 */
export function outputValue(v: unknown, statusSet = true): { message: unknown; type: string } {
  if (!statusSet && v instanceof Data && !(v instanceof Message)) return { message: serializeValue(v.data), type: 'data' };
  const type = logTypeOf(v);
  if (v instanceof Message) return { message: v.isStream ? '' : v.getText(), type };
  if (v instanceof Data) return { message: serializeValue(v.data), type };
  if (v instanceof DataFrame) return { message: v.rows.map((r) => serializeValue(r)), type };
  if (Array.isArray(v)) return { message: v.map((x) => serializeValue(x)), type };
  if (type === 'unknown') return { message: '', type };
  return { message: serializeValue(v), type };
}

/** `artifacts[name]` entry: {repr, raw, type}. */
export function artifactOf(v: unknown): { repr: string; raw: unknown; type: string } {
  if (v instanceof Message) {
    const t = v.getText();
    return { repr: t, raw: t, type: v.isStream ? 'stream' : 'text' };
  }
  if (v instanceof Data) return { repr: pyStr(v.data), raw: serializeValue(v.data), type: 'object' };
  if (v instanceof DataFrame) return { repr: pyStr(v.rows), raw: v.rows.map((r) => serializeValue(r)), type: 'array' };
  if (Array.isArray(v)) return { repr: pyStr(v), raw: v.map((x) => serializeValue(x)), type: 'array' };
  if (typeof v === 'string') return { repr: v, raw: v, type: 'text' };
  if (v && typeof v === 'object') return { repr: pyStr(v), raw: serializeValue(v), type: 'object' };
  return { repr: v === undefined || v === null ? 'None' : String(v), raw: v ?? null, type: 'unknown' };
}

/** Langflow's human duration: "N ms", "1.23 seconds", "M minutes, S seconds". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${Number(s.toFixed(2))} seconds`;
  const m = Math.floor(s / 60);
  return `${m} minutes, ${Math.round(s - m * 60)} seconds`;
}
