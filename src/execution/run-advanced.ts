import { HttpError } from '../common/http/http-error';
import type { FlowPlan, RunResult, Tweaks } from '../engine';
import { resultData } from '../engine';
import type { AdvancedInputSpec } from './job.types';

/** One entry of /run/advanced `inputs` (Langflow's InputValueRequest: extra keys are refused). */
export type AdvancedInput = AdvancedInputSpec;

export interface AdvancedRunRequest {
  inputs: AdvancedInput[];
  outputs: string[];
  tweaks: Tweaks;
  stream: boolean;
  session_id: string | null;
}

const INPUT_KEYS = new Set(['components', 'input_value', 'session', 'type', 'client_request_time']);
const INPUT_TYPES = new Set(['chat', 'text', 'any']);

type ErrorItem = { type: string; loc: (string | number)[]; msg: string; input: unknown; ctx?: Record<string, unknown> };

/** Validates the embedded body of /run/advanced with pydantic's error shapes (422). */
export function parseAdvancedRequest(body: unknown): AdvancedRunRequest {
  const b = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const errors: ErrorItem[] = [];
  const req: AdvancedRunRequest = { inputs: [{ components: [], input_value: '', session: null, type: 'any' }], outputs: [], tweaks: {}, stream: false, session_id: null };
  if (b.inputs !== undefined && b.inputs !== null) {
    if (!Array.isArray(b.inputs)) errors.push({ type: 'list_type', loc: ['body', 'inputs'], msg: 'Input should be a valid list', input: b.inputs });
    else {
      req.inputs = b.inputs.map((raw, i) => {
        const loc = ['body', 'inputs', i];
        const item: AdvancedInput = { components: [], input_value: null, session: null, type: 'any' };
        if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
          errors.push({ type: 'model_type', loc, msg: 'Input should be a valid dictionary or instance of InputValueRequest', input: raw });
          return item;
        }
        const r = raw as Record<string, unknown>;
        for (const k of Object.keys(r)) if (!INPUT_KEYS.has(k)) errors.push({ type: 'extra_forbidden', loc: [...loc, k], msg: 'Extra inputs are not permitted', input: r[k] });
        if (r.components !== undefined && r.components !== null) {
          if (!Array.isArray(r.components) || r.components.some((c) => typeof c !== 'string')) errors.push({ type: 'list_type', loc: [...loc, 'components'], msg: 'Input should be a valid list', input: r.components });
          else item.components = r.components as string[];
        }
        for (const k of ['input_value', 'session'] as const) {
          if (r[k] !== undefined && r[k] !== null && typeof r[k] !== 'string') errors.push({ type: 'string_type', loc: [...loc, k], msg: 'Input should be a valid string', input: r[k] });
          else item[k] = (r[k] as string | null | undefined) ?? null;
        }
        if (r.type !== undefined && r.type !== null) {
          if (!INPUT_TYPES.has(r.type as string)) errors.push({ type: 'literal_error', loc: [...loc, 'type'], msg: "Input should be 'chat', 'text' or 'any'", input: r.type, ctx: { expected: "'chat', 'text' or 'any'" } });
          else item.type = r.type as AdvancedInput['type'];
        }
        return item;
      });
    }
  }
  if (b.outputs !== undefined && b.outputs !== null) {
    if (!Array.isArray(b.outputs) || b.outputs.some((o) => typeof o !== 'string')) errors.push({ type: 'list_type', loc: ['body', 'outputs'], msg: 'Input should be a valid list', input: b.outputs });
    else req.outputs = b.outputs as string[];
  }
  if (b.tweaks !== undefined && b.tweaks !== null) {
    if (typeof b.tweaks !== 'object' || Array.isArray(b.tweaks)) errors.push({ type: 'dict_type', loc: ['body', 'tweaks'], msg: 'Input should be a valid dictionary', input: b.tweaks });
    else req.tweaks = b.tweaks as Tweaks;
  }
  if (b.stream !== undefined && b.stream !== null) {
    if (typeof b.stream !== 'boolean') errors.push({ type: 'bool_type', loc: ['body', 'stream'], msg: 'Input should be a valid boolean', input: b.stream });
    else req.stream = b.stream;
  }
  if (b.session_id !== undefined && b.session_id !== null) {
    if (typeof b.session_id !== 'string') errors.push({ type: 'string_type', loc: ['body', 'session_id'], msg: 'Input should be a valid string', input: b.session_id });
    else req.session_id = b.session_id;
  }
  if (errors.length) throw new HttpError(422, errors);
  return req;
}

/**
 * Tweaks that put `input_value` into the input vertices an advanced input selects: by id or
 * display name when `components` is given, and by type (`any`, else id contains the type).
 */
export function inputTweaks(plan: FlowPlan, input: AdvancedInput, tweaks: Tweaks): Tweaks {
  const out: Tweaks = { ...tweaks };
  if (input.input_value === null) return out;
  for (const v of plan.vertices) {
    if (!v.isInput) continue;
    if (input.components.length && !input.components.includes(v.id) && !input.components.includes(v.displayName)) continue;
    if (input.type !== 'any' && !v.id.toLowerCase().includes(input.type)) continue;
    const own = out[v.id];
    out[v.id] = { ...(own && typeof own === 'object' ? (own as object) : {}), input_value: input.input_value };
  }
  return out;
}

/** One RunOutputs entry: the requested outputs (ids or display names; [] = every output vertex), node order. */
export function advancedOutputs(result: RunResult, input: AdvancedInput, outputs: string[]): Record<string, unknown> {
  const selected = result.plan.vertices.filter((v) => {
    if (!result.vertices.has(v.id)) return false;
    return outputs.length ? outputs.includes(v.id) || outputs.includes(v.displayName) : v.isOutput;
  });
  return {
    inputs: input.input_value !== null ? { input_value: input.input_value } : {},
    outputs: selected.map((v) => resultData(result.vertices.get(v.id)!, result.sessionId)),
  };
}

/** Runs every input of an advanced request with `runOne` and assembles Langflow's answer. */
export async function runAdvanced(
  base: FlowPlan,
  req: { inputs: AdvancedInput[]; outputs: string[]; tweaks: Tweaks },
  runOne: (input: AdvancedInput, tweaks: Tweaks) => Promise<RunResult>,
): Promise<{ outputs: unknown[]; session_id: string | null }> {
  const outputs: unknown[] = [];
  let sessionId: string | null = null;
  for (const input of req.inputs) {
    const result = await runOne(input, inputTweaks(base, input, req.tweaks));
    sessionId = result.sessionId;
    outputs.push(advancedOutputs(result, input, req.outputs));
  }
  return { outputs, session_id: sessionId };
}
