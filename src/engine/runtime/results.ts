import { Message, timestampToIso } from '../schema/message';
import type { FlowPlan } from '../graph/compile';
import type { RunResult, VertexRun } from './engine';
import { artifactOf, formatDuration, outputValue, serializeValue } from './serialize';

const CHAT_TYPES = new Set(['ChatInput', 'ChatOutput']);

function firstMessage(r: VertexRun): Message | undefined {
  for (const k in r.results) if (r.results[k] instanceof Message) return r.results[k] as Message;
  return undefined;
}

/** Artifacts of a vertex: ChatOutputResponse-like for chat vertices, else {output: {repr, raw, type}}. */
export function vertexArtifacts(r: VertexRun): Record<string, unknown> {
  const m = CHAT_TYPES.has(r.type) ? firstMessage(r) : undefined;
  if (m) {
    return { message: m.getText(), sender: m.sender, sender_name: m.sender_name, files: m.files, type: 'object' };
  }
  const a: Record<string, unknown> = {};
  for (const k in r.results) a[k] = artifactOf(r.results[k]);
  return a;
}

export function vertexOutputs(r: VertexRun): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  let statusSet = r.status !== undefined && r.status !== null;
  for (const k in r.results) if (r.results[k] instanceof Message) statusSet = true;
  for (const k in r.results) o[k] = outputValue(r.results[k], statusSet);
  return o;
}

export function vertexResultsJson(r: VertexRun): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const k in r.results) o[k] = serializeValue(r.results[k]);
  return o;
}

export function vertexLogs(r: VertexRun): Record<string, unknown[]> {
  const o: Record<string, unknown[]> = {};
  for (const k in r.results) o[k] = r.logs.map((l) => ({ name: l.name, message: serializeValue(l.message), type: l.type }));
  return o;
}

/** `messages` entries of a ResultData (chat vertices only). */
export function vertexMessages(r: VertexRun, sessionId: string): Record<string, unknown>[] {
  if (!CHAT_TYPES.has(r.type)) return [];
  const m = firstMessage(r);
  if (!m) return [];
  return [
    {
      message: m.getText(),
      sender: m.sender,
      sender_name: m.sender_name,
      session_id: m.session_id ?? sessionId,
      stream_url: null,
      component_id: r.id,
      files: m.files,
      type: 'text',
    },
  ];
}

/** One `ResultData` of a RunResponse (§1.2). */
export function resultData(r: VertexRun, sessionId: string): Record<string, unknown> {
  return {
    results: vertexResultsJson(r),
    artifacts: vertexArtifacts(r),
    outputs: vertexOutputs(r),
    logs: vertexLogs(r),
    messages: vertexMessages(r, sessionId),
    timedelta: null,
    duration: null,
    component_display_name: r.displayName,
    component_id: r.id,
    used_frozen_result: r.usedFrozenResult,
  };
}

/** Langflow's RunResponse for /api/v1/run (non-stream body; also `end.data.result` when streaming). */
export function toRunResponse(result: RunResult): { session_id: string; outputs: unknown[] } {
  return {
    session_id: result.sessionId,
    outputs: [
      {
        inputs: result.inputValue !== null ? { input_value: result.inputValue } : {},
        outputs: result.outputIds.map((id) => resultData(result.vertices.get(id)!, result.sessionId)),
      },
    ],
  };
}

/** VertexBuildResponse for a build `end_vertex` event (§2.2). */
export function vertexBuildResponse(r: VertexRun, plan?: FlowPlan): Record<string, unknown> {
  void plan;
  const ts = new Date(r.finishedAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (!r.valid) {
    const firstOut = plan?.vertices[r.index]?.outputs[0]?.name ?? 'output';
    const msg = r.error?.message ?? 'Error';
    return {
      id: r.id,
      inactivated_vertices: [],
      next_vertices_ids: [],
      top_level_vertices: [],
      valid: false,
      params: msg,
      data: {
        results: {},
        outputs: { [firstOut]: { message: { errorMessage: msg, stackTrace: (r.error?.cause as Error)?.stack ?? '' }, type: 'error' } },
        logs: {},
        message: {},
        artifacts: {},
        timedelta: r.durationMs / 1000,
        duration: formatDuration(r.durationMs),
        used_frozen_result: false,
      },
      timestamp: ts,
    };
  }
  const artifacts = vertexArtifacts(r);
  const first = Object.values(r.results)[0];
  return {
    id: r.id,
    inactivated_vertices: r.inactivated,
    next_vertices_ids: r.next,
    top_level_vertices: r.next,
    valid: true,
    params: first instanceof Message ? first.getText() : first === undefined || first === null ? 'None' : String(artifactOf(first).repr),
    data: {
      results: vertexResultsJson(r),
      outputs: vertexOutputs(r),
      logs: vertexLogs(r),
      messages: vertexMessages(r, r.sessionId ?? ''),
      message: artifacts,
      artifacts,
      timedelta: r.durationMs / 1000,
      duration: formatDuration(r.durationMs),
      used_frozen_result: r.usedFrozenResult,
    },
    timestamp: ts,
  };
}

export { timestampToIso };
