import { componentNode, ComponentRegistry, createDefaultRegistry, extractPromptVariables, promptVariableField } from '../engine';
import { encodeHandle } from '../engine/starter-projects';
import { badRequest } from '../common/http/http-error';

export interface CompactNode {
  id: string;
  type: string;
  values?: Record<string, unknown>;
}

export interface CompactEdge {
  source: string;
  source_output: string;
  target: string;
  target_input: string;
}

const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

/**
 * POST /flows/expand/: a compact flow ({nodes: [{id, type, values}], edges:
 * [{source, source_output, target, target_input}]}) becomes full flow data,
 * each node as the catalog (/all) describes its component with the given
 * values, each edge with Langflow's œ-encoded handles.
 */
export function expandCompactFlow(nodes: CompactNode[], edges: CompactEdge[], registry: ComponentRegistry): { nodes: any[]; edges: any[] } {
  const built = new Map<string, any>();
  const outNodes = nodes.map((compact, index) => {
    if (built.has(compact.id)) throw badRequest(`Duplicate node id '${compact.id}'`);
    const cls = registry.get(compact.type);
    if (!cls) throw badRequest(`Component type '${compact.type}' not found`);
    const node = componentNode(cls);
    const template: Record<string, any> = node.template;
    for (const [field, value] of Object.entries(compact.values ?? {})) {
      if (!template[field] || typeof template[field] !== 'object') throw badRequest(`Component '${compact.type}' has no field '${field}'`);
      template[field].value = clone(value);
      if (template[field].type === 'file') template[field].file_path = clone(value);
    }
    if (cls.meta.name === 'Prompt' && typeof template.template?.value === 'string') {
      let vars: string[];
      try {
        vars = extractPromptVariables(template.template.value, !!template.use_double_brackets?.value);
      } catch (error) {
        throw badRequest((error as Error).message);
      }
      node.custom_fields = { template: vars };
      for (const v of vars) template[v] = promptVariableField(v, compact.values?.[v] ?? '');
    }
    const out = {
      id: compact.id,
      type: 'genericNode',
      position: { x: index * 400, y: 0 },
      data: { id: compact.id, type: cls.meta.name, node, showNode: true, ...(node.outputs?.[0] ? { selected_output: node.outputs[0].name } : {}) },
    };
    built.set(compact.id, out);
    return out;
  });
  const outEdges = edges.map((edge) => {
    const source = built.get(edge.source);
    const target = built.get(edge.target);
    if (!source) throw badRequest(`Edge source '${edge.source}' is not a node`);
    if (!target) throw badRequest(`Edge target '${edge.target}' is not a node`);
    const output = (source.data.node.outputs as any[]).find((o) => o.name === edge.source_output);
    if (!output) throw badRequest(`Node '${edge.source}' has no output '${edge.source_output}'`);
    const field = target.data.node.template[edge.target_input];
    if (!field || typeof field !== 'object') throw badRequest(`Node '${edge.target}' has no input '${edge.target_input}'`);
    const sourceHandle = { dataType: source.data.type, id: edge.source, name: edge.source_output, output_types: [...(output.types ?? [])] };
    const targetHandle = { fieldName: edge.target_input, id: edge.target, inputTypes: [...(field.input_types ?? [])], type: field.type };
    const sh = encodeHandle(sourceHandle);
    const th = encodeHandle(targetHandle);
    return {
      id: `xy-edge__${edge.source}${sh}-${edge.target}${th}`,
      source: edge.source,
      sourceHandle: sh,
      target: edge.target,
      targetHandle: th,
      data: { sourceHandle, targetHandle },
      animated: false,
      className: '',
      selected: false,
    };
  });
  return { nodes: outNodes, edges: outEdges };
}

let registry: ComponentRegistry | undefined;
/** The engine's default registry, built once. */
export function defaultRegistry(): ComponentRegistry {
  return (registry ??= createDefaultRegistry());
}
