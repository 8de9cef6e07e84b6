import type { ComponentClass, EdgeRef, VertexInfo } from '../component/component';
import type { OutputSpec } from '../component/fields';
import type { ComponentRegistry } from '../component/registry';
import { coerceTemplateValue, Coercer, coercerFor } from './coerce';
import { GraphBuildError, GraphCycleError, UnknownComponentError } from './errors';
import type { FlowData, FlowInput, FlowNode, Tweaks } from './flow-types';
import { flowDataOf, parseEdge, ungroup } from './parse';
import { applyTweaks } from './tweaks';

export const INPUT_PREFIXES = ['ChatInput', 'TextInput', 'Webhook'];
export const OUTPUT_PREFIXES = ['ChatOutput', 'TextOutput', 'DataOutput'];

export interface CompiledEdge {
  source: number;
  target: number;
  sourceOutput: string;
  targetField: string;
  /** Loop-back edge into a looping output (not a scheduling dependency). */
  isFeedback: boolean;
}

export interface EdgeParam {
  field: string;
  source: number;
  sourceOutput: string;
  list: boolean;
  coerce?: Coercer;
  isFeedback: boolean;
}

export interface CompiledVertex {
  readonly index: number;
  readonly id: string;
  readonly type: string;
  readonly displayName: string;
  readonly cls: ComponentClass;
  /** Outputs as declared by the node, with methods resolved. */
  readonly outputs: OutputSpec[];
  /** Outputs computed on each build: those with an outgoing edge, or all on a leaf. */
  readonly outputsToCompute: OutputSpec[];
  readonly staticParams: Record<string, unknown>;
  readonly edgeParams: EdgeParam[];
  readonly loadFromDb: { field: string; variable: string }[];
  readonly hasSessionField: boolean;
  readonly hasStreamField: boolean;
  readonly isInput: boolean;
  readonly isOutput: boolean;
  readonly isChatInput: boolean;
  readonly isLoop: boolean;
  readonly frozen: boolean;
  readonly outEdges: CompiledEdge[];
  readonly inEdges: CompiledEdge[];
  /** Unique successor indexes through non-feedback edges. */
  readonly successors: number[];
  /** Unique predecessor indexes through non-feedback edges. */
  readonly predecessors: number[];
  /** For loop vertices: the loop body (vertices reachable from looping outputs, loop excluded). */
  readonly loopBody: number[];
  readonly info: VertexInfo;
}

export interface SortResult {
  /** Layered order (first layer = what runs first). */
  readonly layers: string[][];
  readonly toRun: Uint8Array;
  readonly toRunIds: string[];
  /** Initial pending-predecessor counts for each vertex in toRun. */
  readonly pending: Int32Array;
  /** Vertices started when the run begins. */
  readonly first: number[];
  /** Other roots, started after the first layer when the chat-input-first rule applied. */
  readonly deferredRoots: number[];
}

export interface FlowPlan {
  readonly flowId: string | null;
  readonly flowName: string | null;
  readonly vertices: CompiledVertex[];
  readonly byId: ReadonlyMap<string, number>;
  /** Flow data after ungrouping (kept for recompiling with tweaks). */
  readonly data: FlowData;
  readonly registry: ComponentRegistry;
  /** Sort results keyed by "start|stop". */
  readonly sortCache: Map<string, SortResult>;
  /** Plans compiled with tweaks, keyed by the tweaks' JSON (small LRU, see FlowEngine.run). */
  readonly tweakCache: Map<string, FlowPlan>;
}

export interface CompileOptions {
  flowId?: string | null;
  flowName?: string | null;
  tweaks?: Tweaks | null;
}

function idPrefix(id: string): string {
  const i = id.indexOf('-');
  return i < 0 ? id : id.slice(0, i);
}

/** Nodes whose type the registry cannot resolve (notes skipped, groups inlined). */
export function findUnsupportedNodes(flow: FlowInput, registry: ComponentRegistry): { id: string; type: string }[] {
  const data = ungroup(flowDataOf(flow));
  const out: { id: string; type: string }[] = [];
  for (const n of data.nodes) {
    if (n.type === 'noteNode' || !n.data) continue;
    const t = n.data.type;
    if (!registry.resolve(t, n.data.node?.metadata?.module, idPrefix(n.id))) out.push({ id: n.id, type: t });
  }
  return out;
}

/**
 * Compile a Langflow flow into an immutable plan: parse nodes and edges, resolve component
 * classes, precompute parameters, check for cycles. Cache the plan per flow version and run it many times.
 */
export function compileFlow(flow: FlowInput, registry: ComponentRegistry, opts: CompileOptions = {}): FlowPlan {
  let data = ungroup(flowDataOf(flow));
  if (opts.tweaks && Object.keys(opts.tweaks).length) data = applyTweaks(data, opts.tweaks);
  const flowId = opts.flowId ?? ((flow as any)?.id as string | undefined) ?? null;
  const flowName = opts.flowName ?? ((flow as any)?.name as string | undefined) ?? null;

  const nodes: FlowNode[] = data.nodes.filter((n) => n.type !== 'noteNode' && n.data && n.data.type !== 'note');
  const unknown: { id: string; type: string }[] = [];
  const classes: ComponentClass[] = [];
  for (const n of nodes) {
    const cls = registry.resolve(n.data.type, n.data.node?.metadata?.module, idPrefix(n.id));
    if (!cls) unknown.push({ id: n.id, type: n.data.type });
    classes.push(cls as ComponentClass);
  }
  if (unknown.length) throw new UnknownComponentError(unknown);

  const byId = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (byId.has(n.id)) throw new GraphBuildError(`Duplicate node id ${n.id}`);
    byId.set(n.id, i);
  });

  // outputs per node
  const outputsOf: OutputSpec[][] = nodes.map((n, i) => resolveOutputs(n, classes[i]));

  // edges
  const edges: CompiledEdge[] = [];
  const seen = new Set<string>();
  for (const e of data.edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (s === undefined || t === undefined) continue; // edges to notes / missing nodes
    const pe = parseEdge(e);
    const sourceOutput = pe.sourceOutput ?? outputsOf[s][0]?.name;
    if (!sourceOutput) throw new GraphBuildError(`Edge between ${e.source} and ${e.target} has invalid handles`);
    const isFeedback = pe.intoOutput || outputsOf[t].some((o) => o.name === pe.targetField && o.allows_loop && s !== t && !(pe.targetField in (nodes[t].data.node?.template ?? {})));
    const key = `${s}|${sourceOutput}|${t}|${pe.targetField}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ source: s, target: t, sourceOutput, targetField: pe.targetField, isFeedback });
  }

  const outEdges: CompiledEdge[][] = nodes.map(() => []);
  const inEdges: CompiledEdge[][] = nodes.map(() => []);
  for (const e of edges) {
    outEdges[e.source].push(e);
    inEdges[e.target].push(e);
  }

  const vertices: CompiledVertex[] = nodes.map((n, i) => {
    const cls = classes[i];
    const spec = n.data.node ?? {};
    const template: Record<string, any> = spec.template ?? {};
    const classInputs = new Map(cls.inputs.map((f) => [f.name, f]));
    const displayName = spec.display_name ?? cls.meta.displayName;
    const staticParams: Record<string, unknown> = {};
    const loadFromDb: { field: string; variable: string }[] = [];
    const edgeFields = new Set(inEdges[i].filter((e) => !e.isFeedback).map((e) => e.targetField));
    // class defaults first
    for (const f of cls.inputs) if (f.value !== undefined) staticParams[f.name] = cloneDefault(f.value);
    for (const [name, f] of Object.entries(template)) {
      if (name === '_type' || name === 'code' || !f || typeof f !== 'object') continue;
      if (f.type === 'other') continue;
      if (f.show === false && !f.override_skip) continue; // hidden: class default
      let v = coerceTemplateValue(f);
      if (v === undefined) continue;
      // Langflow parses string params whose key mentions kwargs/config as JSON
      if (typeof v === 'string' && v.trim() !== '' && (name.includes('kwargs') || name.includes('config'))) v = parseJsonOr(v);
      staticParams[name] = v;
      if (f.load_from_db && typeof v === 'string' && v !== '' && !edgeFields.has(name)) loadFromDb.push({ field: name, variable: v });
    }
    const edgeParams: EdgeParam[] = inEdges[i].map((e) => {
      const decl = classInputs.get(e.targetField);
      const tf = template[e.targetField];
      const inputType = decl?._input_type ?? tf?._input_type;
      return {
        field: e.targetField,
        source: e.source,
        sourceOutput: e.sourceOutput,
        list: !!(decl?.list ?? tf?.list),
        coerce: e.isFeedback ? undefined : coercerFor(inputType),
        isFeedback: e.isFeedback,
      };
    });
    const prefix = idPrefix(n.id);
    const isInput = spec.is_input ?? (!!cls.meta.isInput || INPUT_PREFIXES.includes(prefix));
    const isOutput = spec.is_output ?? (!!cls.meta.isOutput || OUTPUT_PREFIXES.includes(prefix));
    const outputs = outputsOf[i];
    const used = new Set(outEdges[i].map((e) => e.sourceOutput));
    const outputsToCompute = used.size ? outputs.filter((o) => used.has(o.name)) : outputs;
    const succ = unique(outEdges[i].filter((e) => !e.isFeedback).map((e) => e.target));
    const pred = unique(inEdges[i].filter((e) => !e.isFeedback).map((e) => e.source));
    return {
      index: i,
      id: n.id,
      type: cls.meta.name,
      displayName,
      cls,
      outputs,
      outputsToCompute,
      staticParams,
      edgeParams,
      loadFromDb,
      hasSessionField: 'session_id' in template || classInputs.has('session_id'),
      hasStreamField: 'stream' in template || classInputs.has('stream'),
      isInput,
      isOutput,
      isChatInput: prefix === 'ChatInput' || cls.meta.name === 'ChatInput',
      isLoop: outputs.some((o) => o.allows_loop),
      frozen: !!spec.frozen,
      outEdges: outEdges[i],
      inEdges: inEdges[i],
      successors: succ,
      predecessors: pred,
      loopBody: [],
      info: undefined as unknown as VertexInfo,
    };
  });

  // VertexInfo for components
  for (const v of vertices) {
    const ref = (e: CompiledEdge): EdgeRef => ({
      sourceId: vertices[e.source].id,
      sourceType: vertices[e.source].type,
      sourceDisplayName: vertices[e.source].displayName,
      sourceOutput: e.sourceOutput,
      targetId: vertices[e.target].id,
      targetType: vertices[e.target].type,
      targetField: e.targetField,
    });
    (v as any).info = Object.freeze({
      id: v.id,
      type: v.type,
      displayName: v.displayName,
      outputs: v.outputs,
      outgoing: v.outEdges.map(ref),
      incoming: v.inEdges.map(ref),
      frozen: v.frozen,
    });
  }

  // loop bodies
  for (const v of vertices) {
    if (!v.isLoop) continue;
    const loopOuts = new Set(v.outputs.filter((o) => o.allows_loop).map((o) => o.name));
    const body = new Set<number>();
    const stack = v.outEdges.filter((e) => loopOuts.has(e.sourceOutput) && !e.isFeedback).map((e) => e.target);
    while (stack.length) {
      const x = stack.pop()!;
      if (x === v.index || body.has(x)) continue;
      body.add(x);
      for (const s of vertices[x].successors) stack.push(s);
    }
    (v as any).loopBody = [...body];
  }

  checkAcyclic(vertices);

  return { flowId, flowName, vertices, byId, data, registry, sortCache: new Map(), tweakCache: new Map() };
}

function resolveOutputs(n: FlowNode, cls: ComponentClass): OutputSpec[] {
  const declared = n.data.node?.outputs;
  const byName = new Map(cls.outputs.map((o) => [o.name, o]));
  if (!Array.isArray(declared) || !declared.length) return [...cls.outputs];
  const proto = cls.prototype as any;
  return declared.map((o: any) => {
    const c = byName.get(o.name);
    let method: string = o.method;
    if (!method || typeof proto[method] !== 'function') method = c?.method ?? method;
    return {
      ...(c ?? {}),
      name: o.name,
      display_name: o.display_name ?? c?.display_name ?? o.name,
      method,
      types: Array.isArray(o.types) && o.types.length ? o.types : c?.types ?? [],
      allows_loop: o.allows_loop ?? c?.allows_loop ?? false,
      cache: o.cache ?? c?.cache ?? true,
      group_outputs: o.group_outputs ?? c?.group_outputs ?? false,
    } as OutputSpec;
  });
}

function checkAcyclic(vertices: CompiledVertex[]): void {
  const n = vertices.length;
  const indeg = new Int32Array(n);
  for (const v of vertices) for (const s of v.successors) indeg[s]++;
  const q: number[] = [];
  for (let i = 0; i < n; i++) if (indeg[i] === 0) q.push(i);
  let seen = 0;
  while (q.length) {
    const x = q.pop()!;
    seen++;
    for (const s of vertices[x].successors) if (--indeg[s] === 0) q.push(s);
  }
  if (seen === n) return;
  // find one cycle among the remaining vertices
  const remaining = new Set<number>();
  for (let i = 0; i < n; i++) if (indeg[i] > 0) remaining.add(i);
  const start = [...remaining][0];
  const path: number[] = [];
  const onPath = new Map<number, number>();
  let cur = start;
  while (!onPath.has(cur)) {
    onPath.set(cur, path.length);
    path.push(cur);
    cur = vertices[cur].successors.find((s) => remaining.has(s))!;
  }
  const cycle = path.slice(onPath.get(cur)!).concat(cur).map((i) => vertices[i].id);
  throw new GraphCycleError(cycle);
}

function parseJsonOr(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

function unique(a: number[]): number[] {
  return [...new Set(a)];
}

function cloneDefault(v: unknown): unknown {
  if (v && typeof v === 'object') return JSON.parse(JSON.stringify(v));
  return v;
}

/**
 * Which vertices run and in which layers (§2.4): start/stop filtering, layered Kahn sort,
 * chat-input-first. Cached on the plan.
 */
export function sortPlan(plan: FlowPlan, startId?: string | null, stopId?: string | null): SortResult {
  const key = `${startId ?? ''}|${stopId ?? ''}`;
  const hit = plan.sortCache.get(key);
  if (hit) return hit;
  const V = plan.vertices;
  const n = V.length;
  const toRun = new Uint8Array(n);
  const idx = (id: string) => {
    const i = plan.byId.get(id);
    if (i === undefined) throw new GraphBuildError(`Vertex ${id} not found`);
    return i;
  };
  const ancestors = (roots: number[]) => {
    const stack = [...roots];
    while (stack.length) {
      const x = stack.pop()!;
      if (toRun[x]) continue;
      toRun[x] = 1;
      for (const p of V[x].predecessors) stack.push(p);
      if (V[x].isLoop) for (const e of V[x].inEdges) if (e.isFeedback) stack.push(e.source);
    }
  };
  if (stopId) {
    ancestors([idx(stopId)]);
  } else if (startId) {
    const reach = new Uint8Array(n);
    const stack = [idx(startId)];
    while (stack.length) {
      const x = stack.pop()!;
      if (reach[x]) continue;
      reach[x] = 1;
      for (const s of V[x].successors) stack.push(s);
    }
    const roots: number[] = [];
    for (let i = 0; i < n; i++) if (reach[i]) roots.push(i);
    ancestors(roots);
  } else toRun.fill(1);

  const pending = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (!toRun[i]) continue;
    let c = 0;
    for (const p of V[i].predecessors) if (toRun[p]) c++;
    pending[i] = c;
  }
  // layered Kahn
  const indeg = Int32Array.from(pending);
  let layer: number[] = [];
  for (let i = 0; i < n; i++) if (toRun[i] && indeg[i] === 0) layer.push(i);
  const layers: number[][] = [];
  while (layer.length) {
    layers.push(layer);
    const next: number[] = [];
    for (const x of layer) for (const s of V[x].successors) if (toRun[s] && --indeg[s] === 0) next.push(s);
    layer = next;
  }
  let first = layers[0] ?? [];
  let deferredRoots: number[] = [];
  const chatRoots = first.filter((i) => V[i].isChatInput);
  if (chatRoots.length > 1) throw new GraphBuildError('Only one chat input is allowed in the graph');
  if (chatRoots.length === 1 && first.length > 1) {
    deferredRoots = first.filter((i) => i !== chatRoots[0]);
    layers[0] = deferredRoots;
    layers.unshift(chatRoots);
    first = chatRoots;
  }
  const toRunIds: string[] = [];
  for (const l of layers) for (const i of l) toRunIds.push(V[i].id);
  const res: SortResult = {
    layers: layers.map((l) => l.map((i) => V[i].id)),
    toRun,
    toRunIds,
    pending,
    first,
    deferredRoots,
  };
  plan.sortCache.set(key, res);
  return res;
}
