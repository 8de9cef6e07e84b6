import type { IncomingHttpHeaders } from 'node:http';
import { badRequest, HttpError } from '../common/http/http-error';
import type { Tweaks } from '../engine';

/** Langflow's SimplifiedAPIRequest, after its lenient parsing. */
export interface SimplifiedRunRequest {
  input_value: string | null;
  input_type: 'chat' | 'text' | 'any';
  output_type: 'chat' | 'text' | 'any' | 'debug';
  output_component: string;
  tweaks: Tweaks | null;
  session_id: string | null;
}

const INPUT_TYPES = new Set(['chat', 'text', 'any']);
const OUTPUT_TYPES = new Set(['chat', 'text', 'any', 'debug']);

export function defaultRunRequest(): SimplifiedRunRequest {
  return { input_value: null, input_type: 'chat', output_type: 'chat', output_component: '', tweaks: null, session_id: null };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Langflow re-parses the raw body: the embedded form {"input_request": {...}} and a flat body both
 * work, and a flat body that fails validation becomes an all-defaults request (no 422).
 */
export function parseRunRequest(body: unknown): SimplifiedRunRequest {
  const source = isObject(body) && isObject(body.input_request) ? body.input_request : body;
  if (!isObject(source)) return defaultRunRequest();
  const r = defaultRunRequest();
  const s = source;
  const str = (v: unknown) => v === undefined || v === null || typeof v === 'string';
  if (!str(s.input_value) || !str(s.session_id) || (s.output_component !== undefined && typeof s.output_component !== 'string' && s.output_component !== null)) {
    return defaultRunRequest();
  }
  if (s.input_type !== undefined && !INPUT_TYPES.has(s.input_type as string)) return defaultRunRequest();
  if (s.output_type !== undefined && !OUTPUT_TYPES.has(s.output_type as string)) return defaultRunRequest();
  if (s.tweaks !== undefined && s.tweaks !== null && !isObject(s.tweaks)) return defaultRunRequest();
  r.input_value = (s.input_value as string | null | undefined) ?? null;
  r.session_id = (s.session_id as string | null | undefined) ?? null;
  r.output_component = (s.output_component as string | null | undefined) ?? '';
  if (s.input_type !== undefined) r.input_type = s.input_type as SimplifiedRunRequest['input_type'];
  if (s.output_type !== undefined) r.output_type = s.output_type as SimplifiedRunRequest['output_type'];
  r.tweaks = (s.tweaks as Tweaks | null | undefined) ?? null;
  return r;
}

/** 400 when an input_value is sent both in the request and as a tweak of the same input (Langflow's rule). */
export function checkTweakInputConflict(r: SimplifiedRunRequest): void {
  if (!r.tweaks || r.input_value === null) return;
  for (const [key, value] of Object.entries(r.tweaks)) {
    if (!isObject(value) || value.input_value === undefined || value.input_value === null) continue;
    if ((key.includes('ChatInput') || key.includes('Chat Input')) && r.input_type === 'chat') {
      throw badRequest('If you pass an input_value to the chat input, you cannot pass a tweak with the same name.');
    }
    if ((key.includes('TextInput') || key.includes('Text Input')) && r.input_type === 'text') {
      throw badRequest('If you pass an input_value to the text input, you cannot pass a tweak with the same name.');
    }
  }
}

const GLOBAL_VAR_PREFIX = 'x-langflow-global-var-';

/** X-LANGFLOW-GLOBAL-VAR-<NAME> headers → {NAME: value} (name upper-cased, dashes kept). */
export function requestVariablesFrom(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith(GLOBAL_VAR_PREFIX) || value === undefined) continue;
    const key = name.slice(GLOBAL_VAR_PREFIX.length).toUpperCase();
    if (key) out[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** FastAPI's bool query parsing: true/1/yes/on and false/0/no/off; anything else is 422. */
export function parseBoolQuery(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  const v = String(Array.isArray(value) ? value[0] : value).toLowerCase();
  if (['true', '1', 'yes', 'on', 't', 'y'].includes(v)) return true;
  if (['false', '0', 'no', 'off', 'f', 'n'].includes(v)) return false;
  throw boolError(name, value);
}

function boolError(name: string, input: unknown): HttpError {
  return new HttpError(422, [{ type: 'bool_parsing', loc: ['query', name], msg: 'Input should be a valid boolean, unable to interpret input', input }]);
}
