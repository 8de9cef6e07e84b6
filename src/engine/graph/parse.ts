import type { FlowData, FlowEdge, FlowInput, FlowNode, SourceHandle, TargetHandle } from './flow-types';

export function flowDataOf(input: FlowInput): FlowData {
  const d: any = (input as any)?.data && Array.isArray((input as any).data.nodes) ? (input as any).data : input;
  if (!d || !Array.isArray(d.nodes)) throw new Error('Invalid flow: no nodes');
  return { nodes: d.nodes, edges: Array.isArray(d.edges) ? d.edges : [] };
}

/** Decode an œ-quoted handle string (`{œfieldNameœ:œxœ,…}`). */
export function decodeHandle(s: string): any {
  return JSON.parse(s.replace(/œ/g, '"'));
}

export interface ParsedEdge {
  source: string;
  target: string;
  /** Output name on the source (undefined for legacy handles: the source's first output). */
  sourceOutput?: string;
  /** Field on the target; for loop-back edges the target *output* name. */
  targetField: string;
  /** Target handle had the source-handle shape (edge into a looping output). */
  intoOutput: boolean;
  sourceTypes: string[];
  targetTypes: string[] | null;
  proxy?: { id: string; field: string };
  raw: FlowEdge;
}

/** Read an edge from `data.sourceHandle`/`data.targetHandle`, falling back to the handle strings. */
export function parseEdge(e: FlowEdge): ParsedEdge {
  let sh: SourceHandle | undefined = e.data?.sourceHandle;
  let th: TargetHandle | undefined = e.data?.targetHandle;
  if (!sh && typeof e.sourceHandle === 'string') sh = parseHandleString(e.sourceHandle, 'source') as SourceHandle;
  if (!th && typeof e.targetHandle === 'string') th = parseHandleString(e.targetHandle, 'target') as TargetHandle;
  if (!th) throw new Error(`Edge between ${e.source} and ${e.target} has invalid handles`);
  const intoOutput = th.fieldName === undefined && typeof th.name === 'string';
  return {
    source: e.source,
    target: e.target,
    sourceOutput: sh?.name,
    targetField: (intoOutput ? th.name : th.fieldName) as string,
    intoOutput,
    sourceTypes: sh?.output_types ?? sh?.baseClasses ?? [],
    targetTypes: intoOutput ? th.output_types ?? null : th.inputTypes ?? null,
    proxy: th.proxy,
    raw: e,
  };
}

function parseHandleString(s: string, kind: 'source' | 'target'): Record<string, unknown> | undefined {
  if (s.includes('œ') || s.startsWith('{')) {
    try {
      return decodeHandle(s);
    } catch {
      /* fall through */
    }
  }
  // legacy "Type;Base|name|id"
  const parts = s.split('|');
  if (kind === 'source') return { baseClasses: parts[0]?.split(';') ?? [], id: parts[parts.length - 1] };
  if (parts.length >= 3) return { type: parts[0], fieldName: parts[1], id: parts[2], inputTypes: null };
  return undefined;
}

/**
 * Inline group nodes (nodes with `data.node.flow`) recursively: inner nodes replace the group,
 * group template values flow to the proxied inner fields, edges are re-pointed.
 */
export function ungroup(data: FlowData): FlowData {
  if (!data.nodes.some((n) => n.data?.node?.flow)) return data;
  let nodes: FlowNode[] = [];
  let edges: FlowEdge[] = [...data.edges];
  for (const n of data.nodes) {
    const flow = n.data?.node?.flow;
    if (!flow) {
      nodes.push(n);
      continue;
    }
    const inner = ungroup(flowDataOf(flow.data as any));
    const frozen = !!n.data.node!.frozen;
    const innerNodes = inner.nodes.map((x) => {
      const c: FlowNode = { ...x, data: { ...x.data, node: { ...x.data.node, template: { ...(x.data.node?.template ?? {}) } } } };
      if (frozen) c.data.node!.frozen = true;
      (c as any).parent_node_id = n.id;
      return c;
    });
    const byId = new Map(innerNodes.map((x) => [x.id, x]));
    // group template values → inner fields
    for (const [, f] of Object.entries(n.data.node!.template ?? {})) {
      const p = (f as any)?.proxy;
      if (!p) continue;
      const tn = byId.get(p.id);
      const tf = tn?.data.node?.template?.[p.field];
      if (tn && tf && typeof tf === 'object') tn.data.node!.template![p.field] = { ...tf, value: (f as any).value };
    }
    // the group's output node: an inner node with no inner outgoing edge
    const hasOut = new Set(inner.edges.map((e) => e.source));
    const last = [...innerNodes].reverse().find((x) => !hasOut.has(x.id)) ?? innerNodes[innerNodes.length - 1];
    edges = edges.map((e) => {
      if (e.target === n.id) {
        const pe = parseEdge(e);
        const tmpl = n.data.node!.template?.[pe.targetField];
        const proxy = pe.proxy ?? tmpl?.proxy;
        if (proxy) {
          const th = { ...(e.data?.targetHandle ?? {}), id: proxy.id, fieldName: proxy.field } as TargetHandle;
          delete (th as any).proxy;
          return { ...e, target: proxy.id, data: { ...(e.data ?? {}), sourceHandle: e.data?.sourceHandle ?? pe.raw.data?.sourceHandle ?? parseSourceFallback(e), targetHandle: th } };
        }
      }
      if (e.source === n.id && last) {
        const sh = { ...(e.data?.sourceHandle ?? parseSourceFallback(e)), id: last.id } as SourceHandle;
        const th = e.data?.targetHandle ?? (parseEdge(e) as any).raw.data?.targetHandle;
        return { ...e, source: last.id, data: { ...(e.data ?? {}), sourceHandle: sh, targetHandle: th ?? { fieldName: parseEdge(e).targetField, id: e.target } } };
      }
      return e;
    });
    nodes = nodes.concat(innerNodes);
    edges = edges.concat(inner.edges);
  }
  return { nodes, edges };
}

function parseSourceFallback(e: FlowEdge): SourceHandle {
  const s = typeof e.sourceHandle === 'string' ? parseHandleString(e.sourceHandle, 'source') : undefined;
  return { id: e.source, ...(s ?? {}) } as SourceHandle;
}
