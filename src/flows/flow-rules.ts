/**
 * Langflow's flow rules as pure functions: unique names on import, endpoint
 * name checks, the webhook flag and secret stripping on export.
 */
import type { PydanticError } from '../common/validation/validation-errors';

export const ENDPOINT_NAME_PATTERN = /^[a-zA-Z0-9_-]+$/;
export const ENDPOINT_NAME_MESSAGE = 'Endpoint name must contain only letters, numbers, hyphens, and underscores';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "X" taken → "X (n+1)" over the existing "X (n)" copies, else "X (1)". */
export function uniqueFlowName(name: string, takenLikeCopies: string[]): string {
  const copy = new RegExp(`^${escapeRegExp(name)} \\((\\d+)\\)$`);
  const numbers = takenLikeCopies.map((n) => copy.exec(n)).filter(Boolean).map((m) => Number(m![1]));
  return `${name} (${numbers.length ? Math.max(...numbers) + 1 : 1})`;
}

/** "ep" taken → "ep-(max+1)" over the numeric suffixes of "ep-…", else "ep-1". */
export function uniqueEndpointName(endpoint: string, takenWithDash: string[]): string {
  const numbers = takenWithDash
    .filter((n) => n.startsWith(`${endpoint}-`))
    .map((n) => n.slice(endpoint.length + 1))
    .filter((suffix) => /^\d+$/.test(suffix))
    .map(Number);
  return `${endpoint}-${numbers.length ? Math.max(...numbers) + 1 : 1}`;
}

/** Project names: "P" taken → "P (max+1)" over every "(n)" among names starting with "P". */
export function uniqueProjectName(name: string, startingWith: string[]): string {
  const numbers = startingWith
    .map((n) => /\((\d+)\)\s*$/.exec(n))
    .filter(Boolean)
    .map((m) => Number(m![1]));
  return `${name} (${numbers.length ? Math.max(...numbers) + 1 : 1})`;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Langflow's webhook flag: some node's id contains "Webhook". */
export function hasWebhookNode(data: unknown): boolean {
  if (!isObject(data) || !Array.isArray(data.nodes)) return false;
  return data.nodes.some((node) => isObject(node) && typeof node.id === 'string' && node.id.includes('Webhook'));
}

/** Field names Langflow treats as API secrets: "api" with "key", or "api" with "token" but not "tokens". */
export function isApiSecretName(name: string): boolean {
  return name.includes('api') && (name.includes('key') || (name.includes('token') && !name.includes('tokens')));
}

/**
 * Export rule: in every node template, a password field whose name looks like
 * an API key or token gets `value: null`. Mutates and returns `data`.
 */
export function stripApiKeys<T>(data: T): T {
  if (!isObject(data) || !Array.isArray(data.nodes)) return data;
  for (const node of data.nodes) {
    const template = isObject(node) && isObject(node.data) && isObject(node.data.node) ? node.data.node.template : undefined;
    if (!isObject(template)) continue;
    for (const field of Object.values(template)) {
      if (isObject(field) && typeof field.name === 'string' && isApiSecretName(field.name) && field.password) {
        field.value = null;
      }
    }
  }
  return data;
}

/**
 * For anonymous viewers (public_flow): every password field's value is
 * nulled, whatever its name. Mutates and returns `data`.
 */
export function stripPasswordValues<T>(data: T): T {
  if (!isObject(data) || !Array.isArray(data.nodes)) return data;
  for (const node of data.nodes) {
    const template = isObject(node) && isObject(node.data) && isObject(node.data.node) ? node.data.node.template : undefined;
    if (!isObject(template)) continue;
    for (const field of Object.values(template)) if (isObject(field) && field.password) field.value = null;
  }
  return data;
}

/** FlowCreate's `data` check: a non-empty value must be an object with nodes and edges. */
export function validateFlowData(data: unknown, loc: (string | number)[]): PydanticError[] {
  if (data === undefined || data === null) return [];
  if (!isObject(data)) {
    return [{ type: 'dict_type', loc, msg: 'Input should be a valid dictionary', input: data }];
  }
  if (!Object.keys(data).length) return [];
  if (!('nodes' in data)) return [{ type: 'value_error', loc, msg: 'Value error, Flow must have nodes', input: {}, ctx: { error: {} } }];
  if (!('edges' in data)) return [{ type: 'value_error', loc, msg: 'Value error, Flow must have edges', input: {}, ctx: { error: {} } }];
  return [];
}

/** icon_bg_color: "#" plus 6 characters. */
export function validateIconBgColor(value: unknown, loc: (string | number)[]): PydanticError[] {
  if (value === undefined || value === null || value === '') return [];
  const fail = (msg: string): PydanticError[] => [{ type: 'value_error', loc, msg: `Value error, ${msg}`, input: value, ctx: { error: {} } }];
  if (typeof value !== 'string') return fail('Icon background color must be a string');
  if (!value.startsWith('#')) return fail('Icon background color must start with #');
  if (value.length !== 7) return fail('Icon background color must be 7 characters long');
  return [];
}

/** An icon written ":name:" must be an emoji short name (lowercase letters, digits, "_", "-", "+"). */
export function validateIcon(value: unknown, loc: (string | number)[]): PydanticError[] {
  if (typeof value !== 'string') return [];
  const starts = value.startsWith(':');
  const ends = value.endsWith(':');
  if (!starts && !ends) return [];
  if (starts && ends && value.length > 2 && /^[a-z0-9_+-]+$/.test(value.slice(1, -1))) return [];
  return [{ type: 'value_error', loc, msg: `Value error, Invalid emoji. ${value} is not a valid emoji.`, input: value, ctx: { error: {} } }];
}
