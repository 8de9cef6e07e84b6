/**
 * Langflow rewrites every query string so that `?a=x,y` means `?a=x&a=y`.
 * Values become arrays when repeated or comma-separated; the validation pipe
 * keeps the first part where a DTO wants a scalar.
 */
export function parseLangflowQuery(queryString: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (!queryString) return out;
  for (const [key, raw] of new URLSearchParams(queryString)) {
    const parts = raw.includes(',') ? raw.split(',') : [raw];
    const existing = out[key];
    if (existing === undefined) out[key] = parts.length === 1 ? parts[0] : parts;
    else out[key] = [...(Array.isArray(existing) ? existing : [existing]), ...parts];
  }
  return out;
}
