import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuthUser } from '../../common/decorators/current-user.decorator';
import { HttpError, notFound } from '../../common/http/http-error';
import { parseBuildBody } from '../../build/build-request';
import { FlowPlan, sortPlan } from '../../engine';
import { EngineHost } from '../../execution/engine.provider';
import { ExecutionService } from '../../execution/execution.service';
import { FlowHeader, FlowSource } from '../../execution/flow-source';
import { JobEvent, JobSpec } from '../../execution/job.types';
import { Lru } from '../../execution/lru';

export interface VerticesOrderResponse {
  ids: string[];
  run_id: string;
  vertices_to_run: string[];
}

/** Graphs sent to /vertices, reused by the next /vertices/{id} of the same user and flow (Langflow caches the graph per flow). */
const GRAPH_CACHE_SIZE = 200;
const GRAPH_CACHE_TTL_MS = 30 * 60_000;

/**
 * Langflow's deprecated per-vertex build API, on the execution jobs: /vertices sorts the graph
 * (the Freeze action reads `vertices_to_run`), /vertices/{id} builds one vertex with what it needs
 * upstream as a build job (recorded like a Playground build) and answers its VertexBuildResponse.
 */
@Injectable()
export class LegacyBuildService {
  private readonly graphs = new Lru<string, { data: unknown; at: number }>(GRAPH_CACHE_SIZE);

  constructor(
    private readonly execution: ExecutionService,
    private readonly host: EngineHost,
    private readonly flows: FlowSource,
  ) {}

  /** POST /api/v1/build/{flow_id}/vertices */
  async order(caller: AuthUser, flowId: string, body: unknown, start: string | null, stop: string | null): Promise<VerticesOrderResponse> {
    const flow = await this.ownFlow(caller, flowId);
    const data = graphOf(body);
    let plan: FlowPlan;
    let sorted: ReturnType<typeof sortPlan>;
    try {
      plan = data ? this.host.compile(data, flow.id, flow.name) : await this.host.planFor(flow);
      sorted = sortPlan(plan, stop ? null : start, stop);
    } catch (error) {
      // Langflow answers graph errors here with 500 and the message.
      throw new HttpError(500, (error as Error).message || String(error));
    }
    const key = `${caller.id}:${flow.id}`;
    if (data) this.graphs.set(key, { data, at: Date.now() });
    else this.graphs.delete(key);
    return { ids: sorted.layers[0] ?? [], run_id: randomUUID(), vertices_to_run: sorted.toRunIds };
  }

  /** POST /api/v1/build/{flow_id}/vertices/{vertex_id} */
  async buildVertex(caller: AuthUser, flowId: string, vertexId: string, body: unknown, start: string | null, stop: string | null): Promise<Record<string, unknown>> {
    const flow = await this.ownFlow(caller, flowId);
    const raw = body && typeof body === 'object' && !Array.isArray(body) ? { ...(body as Record<string, unknown>) } : {};
    delete raw.data;
    const parsed = parseBuildBody(raw);
    const cached = this.graphs.get(`${caller.id}:${flow.id}`);
    const data = cached && Date.now() - cached.at < GRAPH_CACHE_TTL_MS ? cached.data : undefined;
    const spec: JobSpec = {
      id: randomUUID(),
      kind: 'build',
      events: 'build',
      flowId: flow.id,
      userId: caller.id,
      runFlowId: flow.id,
      data,
      inputValue: parsed.inputs?.input_value ?? null,
      inputType: parsed.inputs?.type ?? 'any',
      sessionId: parsed.inputs?.session || flow.id,
      files: parsed.files ?? undefined,
      startComponentId: stop ? null : start,
      // The vertex and what it depends on; a stop component further down is not built here.
      stopComponentId: vertexId,
      logBuilds: true,
      clientRequestTime: parsed.inputs?.client_request_time ?? null,
    };
    await this.execution.submit(spec, { userId: caller.id }, flow.id);
    const { record, events } = await this.execution.collect(spec.id);
    const built = lastBuildOf(events, vertexId);
    if (built) return built;
    if (record.failure) {
      // /run maps "not found" graph errors to 404; this route answers them with 500, as Langflow's build_vertex.
      const { status, detail } = record.failure;
      throw new HttpError(status >= 400 && status !== 404 ? status : 500, detail);
    }
    if (record.status === 'cancelled') throw new HttpError(500, 'The vertex build was cancelled');
    throw new HttpError(500, firstError(events) ?? `Vertex ${vertexId} was not built`);
  }

  private async ownFlow(caller: AuthUser, flowId: string): Promise<FlowHeader> {
    const flow = await this.flows.byId(flowId);
    if (!flow || flow.user_id !== caller.id) throw notFound(`Flow with id ${flowId} not found`);
    return flow;
  }
}

/**
 * The graph to sort: Langflow's embedded `{"data": {nodes, edges}}`; Nestflow also takes the
 * `{nodes, edges}` the web UI posts (Langflow ignores it and sorts the saved flow) when it has nodes.
 * Undefined means the saved flow.
 */
function graphOf(body: unknown): Record<string, unknown> | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  if (b.data !== undefined && b.data !== null) {
    const d = b.data as Record<string, unknown>;
    const errors: unknown[] = [];
    if (typeof d !== 'object' || Array.isArray(d)) {
      errors.push({ type: 'model_type', loc: ['body', 'data'], msg: 'Input should be a valid dictionary or instance of FlowDataRequest', input: b.data });
    } else {
      if (!Array.isArray(d.nodes)) errors.push({ type: 'missing', loc: ['body', 'data', 'nodes'], msg: 'Field required', input: d });
      if (!Array.isArray(d.edges)) errors.push({ type: 'missing', loc: ['body', 'data', 'edges'], msg: 'Field required', input: d });
    }
    if (errors.length) throw new HttpError(422, errors);
    return d;
  }
  if (Array.isArray(b.nodes) && b.nodes.length && Array.isArray(b.edges)) return { nodes: b.nodes, edges: b.edges };
  return undefined;
}

function lastBuildOf(events: JobEvent[], vertexId: string): Record<string, unknown> | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    const build = e.event === 'end_vertex' ? (e.data as { build_data?: Record<string, unknown> } | null)?.build_data : undefined;
    if (build && build.id === vertexId) return build;
  }
  return undefined;
}

function firstError(events: JobEvent[]): string | undefined {
  for (const e of events) {
    if (e.event === 'error') {
      const d = e.data as { text?: unknown; error?: unknown } | null;
      if (typeof d?.text === 'string' && d.text) return d.text;
      if (typeof d?.error === 'string' && d.error) return d.error;
    }
    if (e.event === 'end_vertex') {
      const b = (e.data as { build_data?: { valid?: boolean; params?: unknown } } | null)?.build_data;
      if (b && b.valid === false && typeof b.params === 'string') return b.params;
    }
  }
  return undefined;
}
