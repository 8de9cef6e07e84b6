/**
 * Builds flows in Langflow's export format from our registered component classes:
 * nodes (`genericNode`, data.type, data.node.template generated from the class inputs),
 * edges with œ-encoded handles plus the parsed `data.sourceHandle` / `data.targetHandle`.
 */
import { createHash } from 'crypto';
import type { ComponentClass } from '../component/component';
import { componentNode, promptVariableField } from '../catalog/catalog';
import type { ComponentRegistry } from '../component/registry';
import type { FlowData, FlowEdge, FlowNode } from '../graph/flow-types';
import { extractPromptVariables } from '../components/models_and_agents/prompt-template';
import { toolsetOutputJson, toolsMetadataField } from '../components/tools/toolkit';

export interface NodeOptions {
  /** Field values (template[field].value). */
  values?: Record<string, unknown>;
  /** Per-field property overrides (e.g. {advanced: false}). */
  fieldProps?: Record<string, Record<string, unknown>>;
  position: { x: number; y: number };
  /** Put the component in tool mode (single `component_as_tool` output). */
  toolMode?: boolean;
  displayName?: string;
  description?: string;
}

interface BuiltNode {
  id: string;
  type: 'genericNode';
  position: { x: number; y: number };
  data: Record<string, any>;
  measured: { width: number; height: number };
  selected: boolean;
  dragging: boolean;
}

/** Langflow's handle encoding: JSON with sorted keys, no spaces, `"` → `œ`. */
export function encodeHandle(obj: Record<string, unknown>): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v && typeof v === 'object') {
      const o: Record<string, unknown> = {};
      for (const k of Object.keys(v as object).sort()) o[k] = sorted((v as any)[k]);
      return o;
    }
    return v;
  };
  return JSON.stringify(sorted(obj)).replace(/"/g, 'œ');
}

function clone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

/** Deterministic 5-char node id suffix. */
function suffix(seed: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const h = createHash('sha256').update(seed).digest();
  let s = '';
  for (let i = 0; i < 5; i++) s += alphabet[h[i] % alphabet.length];
  return s;
}

/** Deterministic UUID-shaped id from a string. */
export function stableUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class FlowBuilder {
  private nodes: BuiltNode[] = [];
  private edges: Record<string, any>[] = [];
  private classes = new Map<string, ComponentClass>();

  constructor(
    private readonly registry: ComponentRegistry,
    private readonly seed: string,
  ) {}

  /** Adds a node for the registered component `type`; returns its id. */
  add(type: string, opts: NodeOptions): string {
    const cls = this.registry.get(type);
    if (!cls) throw new Error(`Starter project '${this.seed}': component type '${type}' is not registered`);
    const id = `${cls.meta.name}-${suffix(`${this.seed}/${type}/${this.nodes.length}`)}`;
    const values = opts.values ?? {};
    // the node exactly as the catalog (/api/v1/all) describes the component, then our values
    const node = componentNode(cls);
    const template: Record<string, any> = node.template;
    for (const f of cls.inputs) {
      const spec = template[f.name];
      if (Object.prototype.hasOwnProperty.call(values, f.name)) {
        spec.value = clone(values[f.name]);
        if (f.type === 'file') spec.file_path = clone(values[f.name]); // file fields are read from file_path
      }
      Object.assign(spec, opts.fieldProps?.[f.name] ?? {});
    }
    // Prompt: one field per template variable, listed in custom_fields.template
    if (cls.meta.name === 'Prompt' && typeof template.template?.value === 'string') {
      const vars = extractPromptVariables(template.template.value, !!template.use_double_brackets?.value);
      node.custom_fields = { template: vars };
      for (const v of vars) template[v] = promptVariableField(v, values[v] ?? '');
    }
    if (opts.toolMode) {
      node.outputs = [toolsetOutputJson()];
      node.base_classes = ['Tool'];
      node.tool_mode = true;
      template.tools_metadata = toolsMetadataField(cls);
    }
    if (opts.displayName) node.display_name = opts.displayName;
    if (opts.description) node.description = opts.description;
    const outputs: any[] = node.outputs;
    this.nodes.push({
      id,
      type: 'genericNode',
      position: { ...opts.position },
      data: { id, type: cls.meta.name, node, showNode: true, ...(outputs[0] ? { selected_output: outputs[0].name } : {}) },
      measured: { width: 320, height: 240 },
      selected: false,
      dragging: false,
    });
    this.classes.set(id, cls);
    return id;
  }

  private nodeById(id: string): BuiltNode {
    const n = this.nodes.find((x) => x.id === id);
    if (!n) throw new Error(`Unknown node ${id}`);
    return n;
  }

  /** Connects `source.output` to `target.field`. */
  connect(source: string, output: string, target: string, field: string): this {
    const s = this.nodeById(source);
    const t = this.nodeById(target);
    const out = (s.data.node.outputs as any[]).find((o) => o.name === output);
    if (!out) throw new Error(`${source} has no output '${output}'`);
    const f = t.data.node.template[field];
    if (!f) throw new Error(`${target} has no field '${field}'`);
    const inputTypes: string[] = f.input_types ?? [];
    if (inputTypes.length && !out.types.some((ty: string) => inputTypes.includes(ty))) {
      throw new Error(`Edge ${source}.${output} → ${target}.${field}: types ${out.types} do not match ${inputTypes}`);
    }
    const sourceHandle = { dataType: s.data.type, id: source, name: output, output_types: [...out.types] };
    const targetHandle = { fieldName: field, id: target, inputTypes: inputTypes, type: f.type };
    const sh = encodeHandle(sourceHandle);
    const th = encodeHandle(targetHandle);
    this.edges.push({
      animated: false,
      className: '',
      data: { sourceHandle, targetHandle },
      id: `xy-edge__${source}${sh}-${target}${th}`,
      selected: false,
      source,
      sourceHandle: sh,
      target,
      targetHandle: th,
    });
    return this;
  }

  build(): FlowData & { nodes: (FlowNode & { data: Record<string, any> })[]; edges: FlowEdge[]; viewport: { x: number; y: number; zoom: number } } {
    return { nodes: clone(this.nodes) as any, edges: clone(this.edges) as any, viewport: { x: 0, y: 0, zoom: 0.8 } };
  }
}
