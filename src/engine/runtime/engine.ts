import { randomUUID } from 'node:crypto';
import { AbortedError, abortError, Component, messageEventPayload, VertexControl } from '../component/component';
import type { RunContext } from '../component/context';
import type { EngineEventName, EventSink } from '../component/events';
import type { ComponentRegistry } from '../component/registry';
import { compileFlow, CompileOptions, CompiledVertex, FlowPlan, sortPlan, SortResult } from '../graph/compile';
import { ComponentBuildError } from '../graph/errors';
import type { FlowInput, Tweaks } from '../graph/flow-types';
import { isStreamOnlyTweaks } from '../graph/tweaks';
import type { EnginePorts, FileStorage } from '../ports/ports';
import { createInMemoryPorts } from '../ports/memory';
import { Message } from '../schema/message';
import { errorMessageFor } from './error-message';
import { vertexBuildResponse } from './results';

export type InputType = 'chat' | 'text' | 'any';
export type OutputType = 'chat' | 'text' | 'any' | 'debug';

export interface RunOptions {
  /** Text for the input vertices (only applied when not null/undefined). */
  inputValue?: string | null;
  /** Which input vertices get `inputValue` (substring of the lower-cased id). Default "chat". */
  inputType?: InputType;
  /** Files for ChatInput (`files` param). */
  files?: string[];
  /** Which vertices are reported in `outputs` (default "chat"). */
  outputType?: OutputType;
  /** Report only this vertex (id or display name). */
  outputComponent?: string | null;
  /** Default: the flow id. */
  sessionId?: string | null;
  /** Overrides the plan's flow id. */
  flowId?: string | null;
  userId?: string | null;
  /** Tweaks; a plan is recompiled only when they change more than `stream`. */
  tweaks?: Tweaks | null;
  /** X-LANGFLOW-GLOBAL-VAR-* values, name → value. */
  requestVariables?: Record<string, string>;
  startComponentId?: string | null;
  stopComponentId?: string | null;
  /**
   * The run's stream flag (/run: the query flag or a `stream` tweak), set on every vertex with a
   * `stream` field. Leave it undefined to keep each node's own `stream` value (Playground builds).
   */
  stream?: boolean;
  signal?: AbortSignal;
  /**
   * A cheaper alternative to `signal` for callers that stop runs themselves (deadline sweeps,
   * shutdown): the engine sets `handle.stop` while the run is going; calling it aborts the run
   * with that reason, as an aborted `signal` would.
   */
  handle?: RunHandle;
  /** This run's file storage port (e.g. a view scoped to the user's and flow's files) instead of the engine's. */
  fileStorage?: FileStorage;
  onEvent?: EventSink;
  /**
   * "run" (/api/v1/run): start from the chat/webhook input, the first failure fails the run.
   * "build" (Playground): the whole graph (or start/stop subset), a failure stops only its branch.
   */
  mode?: 'run' | 'build';
  /** Extra per-run settings merged over the engine settings. */
  settings?: Record<string, unknown>;
  runId?: string;
}

/** See RunOptions.handle. */
export interface RunHandle {
  stop?: (reason: unknown) => void;
}

export interface VertexRun {
  readonly id: string;
  readonly index: number;
  readonly type: string;
  readonly displayName: string;
  valid: boolean;
  /** output name → native value (Message, Data, DataFrame, …). */
  results: Record<string, unknown>;
  /** Component `status` (if it set one). */
  status: unknown;
  logs: { name: string; message: unknown; type: string }[];
  usedFrozenResult: boolean;
  durationMs: number;
  /** ms since epoch (engine clock) when the build ended. */
  finishedAt: number;
  error?: ComponentBuildError;
  /** Vertex ids switched off by this build (If-Else / Loop). */
  inactivated: string[];
  /** Vertex ids scheduled because this build finished. */
  next: string[];
  isInterface: boolean;
  /** The run's session id (for the `messages` of build responses). */
  sessionId?: string;
  /** The parameters the component was built with (transaction `inputs`); not copied. */
  params?: Record<string, unknown>;
}

export interface RunResult {
  readonly runId: string;
  readonly flowId: string | null;
  readonly sessionId: string;
  readonly inputValue: string | null;
  readonly plan: FlowPlan;
  readonly sort: SortResult;
  /** Last build of each built vertex, by id. */
  readonly vertices: Map<string, VertexRun>;
  /** Vertex ids in the order their builds finished (a loop body appears once per iteration). */
  readonly buildOrder: string[];
  /** Ids of the vertices reported in RunResponse.outputs (node order, built only). */
  readonly outputIds: string[];
  /** Build mode: the component errors that occurred (the run itself completed). */
  readonly errors: ComponentBuildError[];
}

export interface EngineConfig {
  registry: ComponentRegistry;
  ports?: Partial<EnginePorts>;
  settings?: Record<string, unknown>;
}

const NOOP_SINK: EventSink = () => undefined;

/** The flow engine: compile flows into plans, run plans. Stateless between runs except the ports. */
export class FlowEngine {
  readonly registry: ComponentRegistry;
  readonly ports: EnginePorts;
  readonly settings: Record<string, unknown>;

  constructor(cfg: EngineConfig) {
    this.registry = cfg.registry;
    this.ports = createInMemoryPorts(cfg.ports ?? {});
    this.settings = cfg.settings ?? {};
  }

  compile(flow: FlowInput, opts: CompileOptions = {}): FlowPlan {
    return compileFlow(flow, this.registry, opts);
  }

  /** The plan with tweaks applied (the global `stream` scalar excluded), cached per distinct tweaks. */
  tweakedPlan(plan: FlowPlan, tweaks: Tweaks): FlowPlan {
    const { stream: s, ...rest } = tweaks as Record<string, unknown>;
    const t = s !== null && typeof s === 'object' ? tweaks : rest;
    const key = JSON.stringify(t);
    const hit = plan.tweakCache.get(key);
    if (hit) {
      plan.tweakCache.delete(key);
      plan.tweakCache.set(key, hit);
      return hit;
    }
    const p = compileFlow(plan.data, plan.registry, { flowId: plan.flowId, flowName: plan.flowName, tweaks: t });
    plan.tweakCache.set(key, p);
    if (plan.tweakCache.size > TWEAK_CACHE_SIZE) plan.tweakCache.delete(plan.tweakCache.keys().next().value as string);
    return p;
  }

  async run(plan: FlowPlan, opts: RunOptions = {}): Promise<RunResult> {
    const tweaks = opts.tweaks;
    let stream = opts.stream;
    if (tweaks) {
      if (stream === undefined && typeof tweaks.stream === 'boolean') stream = tweaks.stream;
      if (!isStreamOnlyTweaks(tweaks)) plan = this.tweakedPlan(plan, tweaks);
    }
    const exec = new Execution(this, plan, opts, stream);
    return exec.start();
  }
}

/** Pick the /run start vertex: the first input whose id contains "webhook", else "chat". */
function defaultStart(plan: FlowPlan): string | null {
  const inputs = plan.vertices.filter((v) => v.isInput);
  const w = inputs.find((v) => v.id.toLowerCase().includes('webhook'));
  if (w) return w.id;
  const c = inputs.find((v) => v.id.toLowerCase().includes('chat'));
  return c ? c.id : null;
}

const TWEAK_CACHE_SIZE = 32;
const EMPTY: string[] = [];
const IDLE = 0, RUNNING = 1, DONE = 2, FAILED = 3;

class Execution implements RunContext {
  // RunContext
  readonly flowId: string;
  readonly flowName: string | null;
  readonly sessionId: string;
  readonly userId: string | null;
  readonly ports: EnginePorts;
  readonly stream: boolean;
  readonly requestVariables: Record<string, string>;
  private _state?: Map<string, unknown>;
  readonly settings: Record<string, unknown>;
  readonly hasEventSink: boolean;
  private readonly sink: EventSink;

  private readonly V: CompiledVertex[];
  private readonly sort: SortResult;
  private readonly pending: number[];
  private readonly status: number[];
  private readonly excluded: number[];
  private readonly results: (Record<string, unknown> | undefined)[];
  private readonly runs: (VertexRun | undefined)[];
  private readonly exclusions = new Map<number, Map<string, number[]>>();
  private readonly loopWaiting: number[];
  private readonly buildOrder: string[] = [];
  private readonly errors: ComponentBuildError[] = [];
  private running = 0;
  private finished = false;
  private deferredStarted = false;
  private resolveRun!: (r: RunResult) => void;
  private rejectRun!: (e: unknown) => void;
  private readonly mode: 'run' | 'build';
  /**
   * Aborted when the caller's signal aborts or the run fails (stops components still running).
   * Created lazily, the first time a component reads `ctx.signal`.
   */
  private controller?: AbortController;
  private aborted = false;
  private abortReason: unknown = undefined;
  private _runId?: string;
  private readonly userSignal: AbortSignal | undefined;
  private onUserAbort?: () => void;
  private readonly inputValue: string | null;
  private readonly inputType: InputType;

  private readonly streamOverride: boolean | undefined;

  constructor(private engine: FlowEngine, readonly plan: FlowPlan, private opts: RunOptions, stream: boolean | undefined) {
    this.V = plan.vertices;
    this.mode = opts.mode ?? 'run';
    this.userSignal = opts.signal;
    this._runId = opts.runId;
    this.flowId = opts.flowId ?? plan.flowId ?? this.runId;
    this.flowName = plan.flowName;
    this.sessionId = opts.sessionId || this.flowId;
    this.userId = opts.userId ?? null;
    this.ports = opts.fileStorage ? { ...engine.ports, files: opts.fileStorage } : engine.ports;
    this.streamOverride = stream;
    this.stream = stream ?? false;
    this.requestVariables = opts.requestVariables ?? {};
    this.settings = opts.settings ? { ...engine.settings, ...opts.settings } : engine.settings;
    this.sink = opts.onEvent ?? NOOP_SINK;
    this.hasEventSink = !!opts.onEvent;
    this.inputValue = opts.inputValue ?? null;
    this.inputType = opts.inputType ?? 'chat';
    let start = opts.startComponentId ?? null;
    const stop = opts.stopComponentId ?? null;
    if (this.mode === 'run' && !start && !stop) start = defaultStart(plan);
    this.sort = sortPlan(plan, start, stop);
    const n = this.V.length;
    this.pending = Array.from(this.sort.pending);
    this.status = new Array<number>(n).fill(IDLE);
    this.excluded = new Array<number>(n).fill(0);
    this.loopWaiting = new Array<number>(n).fill(0);
    this.results = new Array(n);
    this.runs = new Array(n);
  }

  get state(): Map<string, unknown> {
    return (this._state ??= new Map());
  }

  get runId(): string {
    return (this._runId ??= randomUUID());
  }

  /** The run's AbortSignal (caller abort, or the run failed). */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }

  private abortWith(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.abortReason = reason;
    this.controller?.abort(reason);
  }

  private abortError(): Error {
    const r = this.abortReason;
    return r instanceof Error ? r : new AbortedError(typeof r === 'string' ? r : undefined);
  }

  emit(event: EngineEventName, data: unknown): void {
    if (this.hasEventSink) this.sink(event, data);
  }

  async resolveVariable(name: string): Promise<string> {
    if (Object.prototype.hasOwnProperty.call(this.requestVariables, name)) return this.requestVariables[name];
    const v = await this.ports.variables.get(name, { userId: this.userId, flowId: this.flowId });
    if (v === undefined || v === null) throw new Error(`${name} variable not found.`);
    return v;
  }

  start(): Promise<RunResult> {
    return new Promise<RunResult>((resolve, reject) => {
      this.resolveRun = resolve;
      this.rejectRun = reject;
      const us = this.userSignal;
      if (us) {
        if (us.aborted) return this.fail(abortError(us));
        this.onUserAbort = () => this.fail(abortError(us));
        us.addEventListener('abort', this.onUserAbort, { once: true });
      }
      const handle = this.opts.handle;
      if (handle) handle.stop = (reason) => this.fail(reason instanceof Error ? reason : new AbortedError(typeof reason === 'string' ? reason : undefined));
      if (this.hasEventSink) this.emit('vertices_sorted', { ids: this.sort.layers[0] ?? [], to_run: this.sort.toRunIds });
      const first = this.sort.first;
      if (!first.length) return this.finish();
      for (const i of first) this.launch(i);
    });
  }

  private canLaunch(i: number): boolean {
    return this.sort.toRun[i] === 1 && this.excluded[i] === 0 && this.status[i] === IDLE && this.pending[i] === 0 && !this.finished;
  }

  private launch(i: number): void {
    if (this.finished) return;
    if (this.aborted) return this.fail(this.abortError());
    this.status[i] = RUNNING;
    this.running++;
    this.buildVertex(i).then(
      (r) => this.onBuilt(i, r),
      (e) => this.onFailed(i, e),
    );
  }

  private onBuilt(i: number, r: VertexRun): void {
    if (this.finished) return;
    const V = this.V;
    const v = V[i];
    this.running--;
    this.status[i] = DONE;
    this.runs[i] = r;
    this.results[i] = r.results;
    this.buildOrder.push(v.id);
    const next: number[] = [];
    const toRun = this.sort.toRun;

    if (v.isLoop && this.loopContinues(i, r)) this.resetLoopBody(i);

    for (const s of v.successors) {
      if (!toRun[s]) continue;
      if (this.pending[s] > 0) this.pending[s]--;
      if (this.canLaunch(s)) next.push(s);
    }
    for (const e of v.outEdges) {
      if (!e.isFeedback) continue;
      const L = e.target;
      if (!toRun[L] || !this.loopWaiting[L]) continue;
      if (this.pending[L] > 0) this.pending[L]--;
      if (this.pending[L] === 0) {
        this.loopWaiting[L] = 0;
        if (this.canLaunch(L)) next.push(L);
      }
    }
    if (!this.deferredStarted && this.sort.deferredRoots.length && this.sort.first.includes(i)) {
      this.deferredStarted = true;
      for (const x of this.sort.deferredRoots) if (this.canLaunch(x)) next.push(x);
    }
    if (this.reactivated.length) {
      for (const x of this.reactivated) if (this.canLaunch(x) && !next.includes(x)) next.push(x);
      this.reactivated = [];
    }
    r.next = next.map((x) => V[x].id);
    if (this.hasEventSink) this.emit('end_vertex', { build_data: vertexBuildResponse(r, this.plan) });
    for (const x of next) if (this.status[x] === IDLE) this.launch(x);
    if (this.running === 0) this.finish();
  }

  private onFailed(i: number, e: unknown): void {
    if (this.finished) return;
    this.status[i] = FAILED;
    const v = this.V[i];
    if (isAbort(e) || this.aborted) {
      this.running--;
      return this.fail(this.aborted ? this.abortError() : (e as Error));
    }
    const err =
      e instanceof ComponentBuildError
        ? e
        : new ComponentBuildError(v.id, v.displayName, e instanceof Error ? e.message : String(e), e);
    this.errors.push(err);
    const r: VertexRun = {
      id: v.id, index: i, type: v.type, displayName: v.displayName, valid: false, results: {}, status: undefined,
      logs: [], usedFrozenResult: false, durationMs: 0, finishedAt: this.ports.clock.now().getTime(), error: err,
      inactivated: [], next: [], isInterface: v.isInput || v.isOutput, sessionId: this.sessionId,
    };
    this.runs[i] = r;
    // Langflow stores the ErrorMessage (when a session exists) and emits it as `error` before the
    // vertex result; in a run the first failure then fails the run, in a build only this branch stops.
    const em = errorMessageFor(v, err, this.sessionId, this.flowId, this.ports.clock.now());
    const done = (m: Message) => {
      if (this.finished) return;
      if (this.hasEventSink) this.emit('error', messageEventPayload(m));
      this.running--;
      if (this.mode === 'run') return this.fail(err);
      if (this.hasEventSink) this.emit('end_vertex', { build_data: vertexBuildResponse(r, this.plan) });
      if (this.running === 0) this.finish();
    };
    if (this.sessionId) this.ports.messages.add(em).then(done, () => done(em));
    else done(em);
  }

  private fail(e: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.detach();
    this.abortWith(e);
    this.rejectRun(e);
  }

  private detach(): void {
    if (this.onUserAbort) this.userSignal!.removeEventListener('abort', this.onUserAbort);
    if (this.opts.handle) this.opts.handle.stop = undefined;
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.detach();
    if (this.hasEventSink) this.emit('end', {});
    const vertices = new Map<string, VertexRun>();
    for (const r of this.runs) if (r) vertices.set(r.id, r);
    // The run id is only made (randomUUID) if someone reads it: /run answers never do.
    const exec = this;
    this.resolveRun({
      get runId() {
        return exec.runId;
      },
      flowId: this.flowId,
      sessionId: this.sessionId,
      inputValue: this.inputValue,
      plan: this.plan,
      sort: this.sort,
      vertices,
      buildOrder: this.buildOrder,
      outputIds: this.selectOutputs(),
      errors: this.errors,
    });
  }

  private selectOutputs(): string[] {
    const V = this.V;
    const built = (v: CompiledVertex) => this.status[v.index] === DONE;
    const oc = this.opts.outputComponent;
    if (oc) return V.filter((v) => built(v) && (v.id === oc || v.displayName === oc)).map((v) => v.id);
    const type = this.opts.outputType ?? 'chat';
    let sel: CompiledVertex[];
    if (type === 'debug') sel = V.filter(built);
    else if (type === 'any') sel = V.filter((v) => v.isOutput && built(v));
    else sel = V.filter((v) => v.isOutput && built(v) && v.id.toLowerCase().includes(type));
    if (!sel.length && type !== 'debug') sel = V.filter((v) => v.isOutput && built(v));
    return sel.map((v) => v.id);
  }

  // ---- branching ----
  private reactivated: number[] = [];

  /** `stop(output)` of vertex i: exclude every vertex downstream of that output. */
  stopOutput(i: number, output: string, c: Control): void {
    let m = this.exclusions.get(i);
    if (!m) this.exclusions.set(i, (m = new Map()));
    if (m.has(output)) return;
    const list = this.descendantsOf(i, output);
    m.set(output, list);
    for (const x of list) {
      this.excluded[x]++;
      if (!c.inactivated.includes(this.V[x].id)) c.inactivated.push(this.V[x].id);
    }
  }

  /** `start(output)` of vertex i: lift the exclusion of that output's branch. */
  startOutput(i: number, output: string): void {
    const m = this.exclusions.get(i);
    const list = m?.get(output);
    if (!list) return;
    m!.delete(output);
    for (const x of list) {
      this.excluded[x]--;
      this.reactivated.push(x);
    }
  }

  private clearExclusions(i: number): void {
    const m = this.exclusions.get(i);
    if (!m) return;
    for (const list of m.values())
      for (const x of list) {
        this.excluded[x]--;
        this.reactivated.push(x);
      }
    this.exclusions.delete(i);
  }

  /** Vertices reachable through edges from `output` of `i` (not crossing `i`). */
  private descendantsOf(i: number, output: string): number[] {
    const V = this.V;
    const seen = new Set<number>();
    const stack: number[] = [];
    for (const e of V[i].outEdges) if (e.sourceOutput === output && !e.isFeedback) stack.push(e.target);
    while (stack.length) {
      const x = stack.pop()!;
      if (x === i || seen.has(x)) continue;
      seen.add(x);
      for (const s of V[x].successors) stack.push(s);
    }
    return [...seen];
  }

  // ---- loops ----
  private loopContinues(i: number, r: VertexRun): boolean {
    const v = this.V[i];
    const loopOuts = v.outputs.filter((o) => o.allows_loop).map((o) => o.name);
    const m = this.exclusions.get(i);
    return loopOuts.some((o) => !m?.has(o)) && !!r.valid;
  }

  private resetLoopBody(i: number): void {
    const V = this.V;
    const toRun = this.sort.toRun;
    const body = V[i].loopBody;
    const inBody = new Set(body);
    for (const b of body) {
      if (!toRun[b]) continue;
      this.status[b] = IDLE;
      this.results[b] = undefined;
      let c = 0;
      for (const p of V[b].predecessors) if (toRun[p] && (p === i || inBody.has(p))) c++;
      this.pending[b] = c;
    }
    let fb = 0;
    for (const e of V[i].inEdges) if (e.isFeedback && toRun[e.source]) fb++;
    if (fb > 0) {
      this.status[i] = IDLE;
      this.pending[i] = fb;
      this.loopWaiting[i] = 1;
    }
  }

  // ---- one vertex ----
  private vertexRun(i: number, results: Record<string, unknown>, status: unknown, logs: VertexRun['logs'], frozen: boolean, t0: number, inactivated: string[]): VertexRun {
    const v = this.V[i];
    return {
      id: v.id,
      index: i,
      type: v.type,
      displayName: v.displayName,
      valid: true,
      results,
      status,
      logs,
      usedFrozenResult: frozen,
      durationMs: performance.now() - t0,
      finishedAt: this.ports.clock.now().getTime(),
      inactivated,
      next: EMPTY,
      isInterface: v.isInput || v.isOutput,
      sessionId: this.sessionId,
    };
  }

  private async buildVertex(i: number): Promise<VertexRun> {
    const v = this.V[i];
    const t0 = performance.now();
    if (this.exclusions.size) this.clearExclusions(i);
    if (v.frozen && !v.isLoop) {
      const cached = await this.ports.cache.get(this.flowId, v.id);
      if (cached) return this.vertexRun(i, cached.results, cached.artifacts?.status, [], true, t0, []);
    }
    const params: Record<string, any> = Object.assign({}, v.staticParams);
    if (v.hasSessionField) params.session_id = this.sessionId;
    if (v.hasStreamField && this.streamOverride !== undefined) params.stream = this.streamOverride;
    if (v.isInput && this.inputValue !== null && (this.inputType === 'any' || v.id.toLowerCase().includes(this.inputType))) {
      params.input_value = this.inputValue;
    }
    if (v.isChatInput && this.opts.files) params.files = this.opts.files;
    try {
      for (const f of v.loadFromDb) params[f.field] = await this.resolveVariable(f.variable);
      let lists: string[] | undefined;
      for (const ep of v.edgeParams) {
        if (ep.isFeedback) {
          const r = this.status[ep.source] === DONE ? this.results[ep.source] : undefined;
          params[ep.field] = r ? r[ep.sourceOutput] : undefined;
          continue;
        }
        const r = this.results[ep.source];
        if (!r) continue;
        let val = r[ep.sourceOutput];
        if (val === undefined) continue;
        if (ep.coerce) val = ep.coerce(val, ep.field);
        if (ep.list) {
          if (!lists?.includes(ep.field)) {
            (lists ??= []).push(ep.field);
            params[ep.field] = [];
          }
          if (Array.isArray(val)) params[ep.field].push(...val);
          else params[ep.field].push(val);
        } else params[ep.field] = val;
      }
      const comp: Component = new v.cls();
      comp.params = params;
      comp.ctx = this;
      comp.vertex = v.info;
      const control = new Control(this, i);
      comp.control = control;
      const results: Record<string, unknown> = {};
      for (const o of v.outputsToCompute) {
        if (this.aborted) throw this.abortError();
        const fn = (comp as any)[o.method];
        if (typeof fn !== 'function') throw new Error(`Method ${o.method} not found in ${v.type}`);
        let val = fn.call(comp);
        if (val && typeof val.then === 'function') val = await val;
        if (val instanceof Message && !val.flow_id) val.flow_id = this.flowId;
        results[o.name] = val;
      }
      if (this.aborted) throw this.abortError();
      const r = this.vertexRun(i, results, comp.status, comp.logs, false, t0, control.inactivated);
      r.params = params;
      if (v.frozen && !v.isLoop) await this.ports.cache.set(this.flowId, v.id, { results, artifacts: { status: comp.status }, timestamp: r.finishedAt });
      return r;
    } catch (e) {
      if (isAbort(e) || this.aborted) throw this.aborted ? this.abortError() : e;
      throw new ComponentBuildError(v.id, v.displayName, e instanceof Error ? e.message : String(e), e);
    }
  }
}

/** The stop/start handle given to each component build. */
class Control implements VertexControl {
  readonly inactivated: string[] = [];
  constructor(private readonly ex: Execution, private readonly i: number) {}
  stop(output: string): void {
    this.ex.stopOutput(this.i, output, this);
  }
  start(output: string): void {
    this.ex.startOutput(this.i, output);
  }

}

function isAbort(e: unknown): boolean {
  return e instanceof AbortedError || (e instanceof Error && e.name === 'AbortError');
}

