/**
 * JSON text exactly as Python's `json.dumps(value)` writes it with its defaults, which is what
 * Langflow puts on the wire for /run streaming and build events: separators ", " and ": ",
 * `ensure_ascii` (every character outside printable ASCII becomes \uXXXX, lower-case hex, astral
 * characters as surrogate pairs) and NaN/Infinity spelled as Python spells them.
 * Values are taken as JSON.stringify takes them: toJSON() is honoured, undefined members are skipped.
 */
export function pyJsonDumps(value: unknown): string {
  const out: string[] = [];
  write(value, out, 0);
  return out.join('');
}

const NON_ASCII = /[\u007f-\uffff]/g;
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\u007f-\uffff]/;

function escapeChar(c: string): string {
  return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
}

export function pyJsonString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  // JSON.stringify escapes quotes, backslashes and control characters as Python does
  // (\b \f \n \r \t, else \u00xx); what remains is ensure_ascii.
  return JSON.stringify(s).replace(NON_ASCII, escapeChar);
}

function write(v: unknown, out: string[], depth: number): void {
  if (depth > 200) throw new Error('Value nested too deeply to serialise');
  if (v === null || v === undefined) {
    out.push('null');
    return;
  }
  switch (typeof v) {
    case 'string':
      out.push(pyJsonString(v));
      return;
    case 'number':
      out.push(Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity');
      return;
    case 'boolean':
      out.push(v ? 'true' : 'false');
      return;
    case 'bigint':
      out.push(v.toString());
      return;
    case 'function':
    case 'symbol':
      out.push('null');
      return;
  }
  const obj = v as { toJSON?: () => unknown };
  if (typeof obj.toJSON === 'function') {
    write(obj.toJSON(), out, depth + 1);
    return;
  }
  if (Array.isArray(v)) {
    out.push('[');
    for (let i = 0; i < v.length; i++) {
      if (i) out.push(', ');
      const item = v[i];
      write(item === undefined || typeof item === 'function' ? null : item, out, depth + 1);
    }
    out.push(']');
    return;
  }
  out.push('{');
  let first = true;
  for (const key of Object.keys(v as object)) {
    const item = (v as Record<string, unknown>)[key];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    if (!first) out.push(', ');
    first = false;
    out.push(pyJsonString(key), ': ');
    write(item, out, depth + 1);
  }
  out.push('}');
}

/** One streamed event as Langflow frames it: json.dumps({"event": e, "data": d}) + "\n\n". */
export function eventFrame(event: string, data: unknown): string {
  return '{"event": ' + pyJsonString(event) + ', "data": ' + pyJsonDumps(data) + '}\n\n';
}
