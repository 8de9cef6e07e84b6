import { baseClassesOf, ComponentClass } from '../component/component';
import type { FieldSpec } from '../component/fields';
import type { FlowData, FlowEdge, FlowNode } from '../graph/flow-types';

/**
 * Builds flows in Langflow's export format from component classes (for tests and benchmarks).
 * Nodes carry the class template (with overrides), outputs and base_classes; edges carry both the
 * parsed `data.*Handle` objects and the œ-encoded handle strings.
 */
export class FlowBuilder {
  readonly nodes: FlowNode[] = [];
  readonly edges: FlowEdge[] = [];

  node(
    cls: ComponentClass,
    id: string,
    values: Record<string, unknown> = {},
    extra: { frozen?: boolean; fields?: Record<string, Partial<FieldSpec>>; displayName?: string; type?: string } = {},
  ): this {
    const template: Record<string, any> = { _type: 'Component', code: { type: 'code', value: '', show: true, name: 'code' } };
    for (const f of cls.inputs) template[f.name] = { ...f };
    for (const [k, f] of Object.entries(extra.fields ?? {})) template[k] = { ...(template[k] ?? { name: k, type: 'str', show: true, display_name: k }), ...f };
    for (const [k, v] of Object.entries(values)) {
      template[k] = { ...(template[k] ?? { name: k, type: 'str', show: true, display_name: k, input_types: ['Message'] }), value: v };
    }
    this.nodes.push({
      id,
      type: 'genericNode',
      position: { x: 0, y: 0 },
      data: {
        id,
        type: extra.type ?? cls.meta.name,
        node: {
          display_name: extra.displayName ?? cls.meta.displayName,
          description: cls.meta.description,
          base_classes: baseClassesOf(cls),
          template,
          outputs: cls.outputs.map((o) => ({ ...o, value: '__UNDEFINED__' })),
          frozen: !!extra.frozen,
          metadata: {},
        },
      },
    });
    return this;
  }

  note(id: string): this {
    this.nodes.push({ id, type: 'noteNode', data: { id, type: 'note', node: { description: 'note', display_name: '', template: {} } } });
    return this;
  }

  edge(source: string, output: string, target: string, field: string, opts: { loop?: boolean } = {}): this {
    const s = this.nodes.find((n) => n.id === source);
    const t = this.nodes.find((n) => n.id === target);
    if (!s || !t) throw new Error(`edge ${source} -> ${target}: unknown node`);
    const out = (s.data.node!.outputs ?? []).find((o: any) => o.name === output);
    const sourceHandle = { dataType: s.data.type, id: source, name: output, output_types: out?.types ?? [] };
    let targetHandle: Record<string, unknown>;
    if (opts.loop) {
      const tout = (t.data.node!.outputs ?? []).find((o: any) => o.name === field);
      targetHandle = { dataType: t.data.type, id: target, name: field, output_types: tout?.types ?? [] };
    } else {
      const tf = t.data.node!.template![field] ?? {};
      targetHandle = { fieldName: field, id: target, inputTypes: tf.input_types ?? [], type: tf.type ?? 'str' };
    }
    const enc = (o: Record<string, unknown>) => JSON.stringify(sortKeys(o)).replace(/"/g, 'œ');
    this.edges.push({
      id: `xy-edge__${source}${enc(sourceHandle)}-${target}${enc(targetHandle)}`,
      source,
      target,
      sourceHandle: enc(sourceHandle),
      targetHandle: enc(targetHandle),
      data: { sourceHandle: sourceHandle as any, targetHandle: targetHandle as any },
    });
    return this;
  }

  build(): FlowData {
    return { nodes: this.nodes, edges: this.edges };
  }

  /** Whole exported-flow object. */
  flow(id = '00000000-0000-4000-8000-000000000001', name = 'Test Flow'): { id: string; name: string; data: FlowData } {
    return { id, name, data: this.build() };
  }
}

function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort()) r[k] = o[k];
  return r;
}
