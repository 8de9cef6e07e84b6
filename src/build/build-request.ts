import { HttpError } from '../common/http/http-error';
import { parseBoolQuery } from '../execution/run-request';

export type EventDelivery = 'streaming' | 'polling' | 'direct';

/** Body of POST /build/{flow_id}/flow (embedded; every key optional). */
export interface BuildBody {
  inputs: { input_value: string | null; session: string | null; type: 'chat' | 'text' | 'any'; components: string[]; client_request_time: number | null } | null;
  data: Record<string, unknown> | null;
  files: string[] | null;
}

export interface BuildQuery {
  start_component_id: string | null;
  stop_component_id: string | null;
  log_builds: boolean;
  flow_name: string | null;
  event_delivery: EventDelivery;
}

type ErrorItem = { type: string; loc: (string | number)[]; msg: string; input: unknown; ctx?: Record<string, unknown> };

const INPUT_KEYS = new Set(['components', 'input_value', 'session', 'type', 'client_request_time']);
const DELIVERIES = ['streaming', 'polling', 'direct'];

function first(v: unknown): string | undefined {
  return Array.isArray(v) ? (v[0] as string) : (v as string | undefined);
}

export function parseEventDelivery(raw: unknown, fallback: EventDelivery): EventDelivery {
  const v = first(raw);
  if (v === undefined) return fallback;
  if (!DELIVERIES.includes(v)) {
    throw new HttpError(422, [
      { type: 'enum', loc: ['query', 'event_delivery'], msg: "Input should be 'streaming', 'polling' or 'direct'", input: v, ctx: { expected: "'streaming', 'polling' or 'direct'" } },
    ]);
  }
  return v as EventDelivery;
}

export function parseBuildQuery(q: Record<string, unknown>): BuildQuery {
  return {
    start_component_id: first(q.start_component_id) || null,
    stop_component_id: first(q.stop_component_id) || null,
    log_builds: parseBoolQuery(q.log_builds, 'log_builds', true),
    flow_name: first(q.flow_name) || null,
    event_delivery: parseEventDelivery(q.event_delivery, 'polling'),
  };
}

/** Validates the build body with pydantic's error shapes (InputValueRequest forbids extra keys). */
export function parseBuildBody(body: unknown): BuildBody {
  const b = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const errors: ErrorItem[] = [];
  const out: BuildBody = { inputs: null, data: null, files: null };
  if (b.inputs !== undefined && b.inputs !== null) {
    if (typeof b.inputs !== 'object' || Array.isArray(b.inputs)) {
      errors.push({ type: 'model_type', loc: ['body', 'inputs'], msg: 'Input should be a valid dictionary or instance of InputValueRequest', input: b.inputs });
    } else {
      const r = b.inputs as Record<string, unknown>;
      const inputs: NonNullable<BuildBody['inputs']> = { input_value: null, session: null, type: 'any', components: [], client_request_time: null };
      for (const k of Object.keys(r)) if (!INPUT_KEYS.has(k)) errors.push({ type: 'extra_forbidden', loc: ['body', 'inputs', k], msg: 'Extra inputs are not permitted', input: r[k] });
      for (const k of ['input_value', 'session'] as const) {
        if (r[k] !== undefined && r[k] !== null && typeof r[k] !== 'string') errors.push({ type: 'string_type', loc: ['body', 'inputs', k], msg: 'Input should be a valid string', input: r[k] });
        else inputs[k] = (r[k] as string | null | undefined) ?? null;
      }
      if (r.type !== undefined && r.type !== null) {
        if (!['chat', 'text', 'any'].includes(r.type as string)) errors.push({ type: 'literal_error', loc: ['body', 'inputs', 'type'], msg: "Input should be 'chat', 'text' or 'any'", input: r.type, ctx: { expected: "'chat', 'text' or 'any'" } });
        else inputs.type = r.type as 'chat' | 'text' | 'any';
      }
      if (r.components !== undefined && r.components !== null) {
        if (!Array.isArray(r.components)) errors.push({ type: 'list_type', loc: ['body', 'inputs', 'components'], msg: 'Input should be a valid list', input: r.components });
        else inputs.components = r.components.map(String);
      }
      if (r.client_request_time !== undefined && r.client_request_time !== null) {
        if (typeof r.client_request_time !== 'number' || !Number.isInteger(r.client_request_time)) errors.push({ type: 'int_type', loc: ['body', 'inputs', 'client_request_time'], msg: 'Input should be a valid integer', input: r.client_request_time });
        else inputs.client_request_time = r.client_request_time;
      }
      out.inputs = inputs;
    }
  }
  if (b.data !== undefined && b.data !== null) {
    if (typeof b.data !== 'object' || Array.isArray(b.data)) errors.push({ type: 'model_type', loc: ['body', 'data'], msg: 'Input should be a valid dictionary or instance of FlowDataRequest', input: b.data });
    else {
      const d = b.data as Record<string, unknown>;
      if (!Array.isArray(d.nodes)) errors.push({ type: 'missing', loc: ['body', 'data', 'nodes'], msg: 'Field required', input: d });
      if (!Array.isArray(d.edges)) errors.push({ type: 'missing', loc: ['body', 'data', 'edges'], msg: 'Field required', input: d });
      out.data = d;
    }
  }
  if (b.files !== undefined && b.files !== null) {
    if (!Array.isArray(b.files) || b.files.some((f) => typeof f !== 'string')) errors.push({ type: 'list_type', loc: ['body', 'files'], msg: 'Input should be a valid list', input: b.files });
    else out.files = b.files as string[];
  }
  if (errors.length) throw new HttpError(422, errors);
  return out;
}

/** Where a reconnecting client resumes: `?from=N` (events already received), else Last-Event-ID (+1). */
export function resumeIndex(query: Record<string, unknown>, lastEventId: string | string[] | undefined): number | null {
  const from = first(query.from);
  if (from !== undefined) {
    const n = Number(from);
    if (!Number.isInteger(n) || n < 0) {
      throw new HttpError(422, [{ type: 'int_parsing', loc: ['query', 'from'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: from }]);
    }
    return n;
  }
  const last = first(lastEventId);
  if (last !== undefined && /^\d+$/.test(last)) return Number(last) + 1;
  return null;
}
