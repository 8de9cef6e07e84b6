/**
 * Masks secrets in transaction inputs/outputs, as Langflow does before showing them in the
 * Logs modal: a string under a sensitive key becomes `abcd...wxyz`, or `***REDACTED***` when it
 * has 12 characters or fewer. Nestflow applies it before the row is written, so secrets never
 * reach the table, and again when reading.
 */
const SENSITIVE = /(api_?key|password|passwd|secret|credential|private_?key|access_?key|authorization|bearer|(^|_)token$|^auth$)/;

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE.test(key.toLowerCase().replace(/-/g, '_'));
}

export function maskValue(value: string): string {
  if (value.length <= 12) return '***REDACTED***';
  return `${value.slice(0, 4)}...${value.slice(-4)}`;
}

function alreadyMasked(value: string): boolean {
  return value === '***REDACTED***' || /^.{4}\.\.\..{4}$/s.test(value);
}

/** A copy of `value` with sensitive string values masked, at any depth. */
export function maskSensitive<T>(value: T, depth = 0): T {
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskSensitive(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'string' && v !== '' && isSensitiveKey(k)) out[k] = alreadyMasked(v) ? v : maskValue(v);
    else out[k] = maskSensitive(v, depth + 1);
  }
  return out as T;
}
