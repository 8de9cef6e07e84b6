import { Inject, Injectable, Optional } from '@nestjs/common';
import { vertexOutputs } from '../engine/runtime/results';
import {
  ComponentBuildError,
  compileFlow,
  serializeValue,
  createDefaultRegistry,
  FlowEngine,
  FlowPlan,
  InMemoryFileStorage,
  InMemoryMessageStore,
  InMemoryVariableResolver,
  InMemoryVertexCache,
  systemClock,
  Tweaks,
} from '../engine';
import type { EnginePorts, FileStorage, RunOptions, RunResult } from '../engine';
import { EngineFileStorage } from '../files/engine-file-storage';
import { DbMessageStore } from '../monitor/db-message-store';
import { RunRecorder } from '../monitor/run-recorder';
import type { JobSpec } from './job.types';
import { RUN_HOOKS, RunHooks } from './run-hooks';
import { APP_CONFIG, ServerConfig } from '../config/config.module';
import { VariablesService } from '../variables/variables.service';
import { FlowHeader, FlowSource } from './flow-source';
import { Lru } from './lru';

/** Ports other areas provide (message store, variables, files), merged over the in-memory defaults. */
export const ENGINE_PORTS = Symbol('ENGINE_PORTS');

/**
 * The providers behind ENGINE_PORTS. Swap each in-memory port for the real one here as the
 * owning area lands (monitor: DbMessageStore, variables: VariablesService, files: EngineFileStorage).
 */
export const enginePortsProvider = {
  provide: ENGINE_PORTS,
  useFactory: (variables: VariablesService, files: EngineFileStorage, messages: DbMessageStore): Partial<EnginePorts> => ({
    messages,
    variables: variables.resolver,
    files,
  }),
  inject: [VariablesService, EngineFileStorage, DbMessageStore],
};

/** log_builds: every finished vertex of a build becomes a vertex_build row and a transaction (monitor's RunRecorder). */
export const runHooksProvider = {
  provide: RUN_HOOKS,
  useFactory: (recorder: RunRecorder): RunHooks => ({
    buildRecorder: (spec: JobSpec) => {
      const flowId = spec.runFlowId ?? spec.flowId;
      return (event, data) => {
        if (event !== 'end_vertex') return;
        const b = (data as { build_data: Record<string, any> }).build_data;
        const valid = !!b.valid;
        recorder.recordVertexBuild({
          flow_id: flowId,
          vertex_id: b.id,
          valid,
          params: typeof b.params === 'string' ? b.params : null,
          data: b.data,
          artifacts: b.data?.artifacts ?? null,
        });
        recorder.recordTransaction({
          flow_id: flowId,
          vertex_id: b.id,
          target_id: Array.isArray(b.next_vertices_ids) && b.next_vertices_ids.length ? b.next_vertices_ids[0] : null,
          inputs: null,
          outputs: b.data?.outputs ?? null,
          status: valid ? 'success' : 'error',
          error: valid ? null : String(b.params ?? ''),
        });
      };
    },
    recordRun: (flowId: string, result: RunResult | null, error: unknown) => {
      if (result) {
        for (const id of result.buildOrder) {
          const r = result.vertices.get(id);
          if (!r) continue;
          recorder.recordTransaction({
            flow_id: flowId,
            vertex_id: r.id,
            target_id: r.next[0] ?? null,
            inputs: r.params ? (serializeValue(r.params) as Record<string, unknown>) : null,
            outputs: vertexOutputs(r),
            status: r.valid ? 'success' : 'error',
            error: r.valid ? null : r.error?.message ?? null,
          });
        }
      }
      if (error instanceof ComponentBuildError) {
        recorder.recordTransaction({ flow_id: flowId, vertex_id: error.vertexId, inputs: null, outputs: null, status: 'error', error: error.message });
      }
    },
  }),
  inject: [RunRecorder],
};

/**
 * Engine ports are shared by every run; this view limits a run's file access to its own
 * namespaces (the user's id and the flow's ids). Made per run, scoped on first use.
 */
export class RunScopedFiles implements FileStorage {
  private scopedView: FileStorage | null = null;
  constructor(private readonly files: FileStorage, private readonly namespaces: string[]) {}

  private view(): FileStorage {
    if (!this.scopedView) {
      const f = this.files as FileStorage & { scoped?: (ns: string[]) => FileStorage };
      this.scopedView = typeof f.scoped === 'function' ? f.scoped(this.namespaces) : f;
    }
    return this.scopedView;
  }
  read(path: string): Promise<Buffer> {
    return this.view().read(path);
  }
  write(path: string, data: Buffer | string): Promise<string> {
    return this.view().write(path, data);
  }
  async exists(path: string): Promise<boolean> {
    const v = this.view();
    return v.exists ? v.exists(path) : false;
  }
}

/**
 * The one place the engine is put together for Nest: its component registry and its ports.
 * Ports that another area has not delivered yet use the engine's in-memory implementations.
 */
export function createEnginePorts(config: ServerConfig): EnginePorts {
  return {
    messages: new InMemoryMessageStore(),
    variables: new InMemoryVariableResolver({}, config.fallbackToEnvVar),
    files: new InMemoryFileStorage(),
    clock: systemClock,
    http: { fetch: (url, init) => fetch(url, init) },
    cache: new InMemoryVertexCache(),
  };
}

/** The engine and the compiled-plan cache (per flow version, and per tweak set). */
@Injectable()
export class EngineHost {
  readonly engine: FlowEngine;
  private readonly plans: Lru<string, { version: string; plan: FlowPlan }>;
  private readonly tweaked: Lru<string, FlowPlan>;

  constructor(
    @Inject(APP_CONFIG) config: ServerConfig,
    private readonly flows: FlowSource,
    @Optional() @Inject(ENGINE_PORTS) ports?: Partial<EnginePorts>,
  ) {
    this.engine = new FlowEngine({
      registry: createDefaultRegistry(),
      ports: { ...createEnginePorts(config), ...(ports ?? {}) },
      settings: { knowledgeBasesDir: config.knowledgeBasesDir },
    });
    this.plans = new Lru(config.execution.planCacheSize);
    this.tweaked = new Lru(config.execution.planCacheSize);
  }

  /**
   * Runs a plan with file access limited to `scope` (the user's and the flow's namespaces): the
   * run gets a scoped file view and shares every other port (no engine per run).
   */
  run(plan: FlowPlan, options: RunOptions, scope: readonly (string | null | undefined)[]): Promise<RunResult> {
    const files = new RunScopedFiles(this.engine.ports.files, scope.filter((x): x is string => !!x));
    return this.engine.run(plan, { ...options, fileStorage: files });
  }

  /** The plan of a stored flow, compiled once per version (flow id + updated_at). */
  async planFor(flow: FlowHeader): Promise<FlowPlan> {
    const hit = this.plans.get(flow.id);
    if (hit && hit.version === flow.version) return hit.plan;
    const text = await this.flows.data(flow.id);
    const plan = this.compile(parseFlowData(text), flow.id, flow.name);
    this.plans.set(flow.id, { version: flow.version, plan });
    return plan;
  }

  /** The plan with tweaks applied (cached by tweak set); `stream` tweaks are left to the run flag. */
  async tweakedPlanFor(flow: FlowHeader, tweaks: Tweaks | null | undefined): Promise<FlowPlan> {
    const base = await this.planFor(flow);
    const rest = withoutStream(tweaks);
    if (!rest) return base;
    const key = `${flow.id}|${flow.version}|${JSON.stringify(rest)}`;
    const hit = this.tweaked.get(key);
    if (hit) return hit;
    const plan = compileFlow(base.data, base.registry, { flowId: base.flowId, flowName: base.flowName, tweaks: rest });
    this.tweaked.set(key, plan);
    return plan;
  }

  compile(data: unknown, flowId: string | null, flowName: string | null, tweaks?: Tweaks | null): FlowPlan {
    return compileFlow(data as never, this.engine.registry, { flowId, flowName, tweaks: withoutStream(tweaks) });
  }
}

/** Tweaks minus a scalar `stream` (the run flag carries it); null when nothing is left. */
export function withoutStream(tweaks: Tweaks | null | undefined): Tweaks | null {
  if (!tweaks) return null;
  const rest: Tweaks = {};
  let n = 0;
  for (const [k, v] of Object.entries(tweaks)) {
    if (k === 'stream' && (v === null || typeof v !== 'object')) continue;
    rest[k] = v;
    n++;
  }
  return n ? rest : null;
}

/** The run's stream flag: a boolean `stream` tweak wins over the query flag (Langflow's implicit tweak). */
export function streamFlag(tweaks: Tweaks | null | undefined, requested: boolean): boolean {
  const t = tweaks?.stream;
  return typeof t === 'boolean' ? t : requested;
}

export class FlowDataError extends Error {}

export function parseFlowData(text: string | null): unknown {
  if (!text) throw new FlowDataError('Flow has no data');
  try {
    return JSON.parse(text);
  } catch {
    throw new FlowDataError('Flow data is not valid JSON');
  }
}
