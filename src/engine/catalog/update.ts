import type { ComponentClass } from '../component/component';
import type { ComponentRegistry } from '../component/registry';
import { componentNode, FrontendNode } from './catalog';

/**
 * Which registered component a node's `code` stands for: the Nestflow marker of our catalog, else the
 * Python `name = "..."` attribute, else the class name (Langflow flows embed the Python source).
 */
export function componentFromCode(registry: ComponentRegistry, code: string | null | undefined): ComponentClass | undefined {
  if (!code) return undefined;
  const marker = /#\s*Nestflow native component:\s*(\S+)/.exec(code);
  if (marker) return registry.get(marker[1]);
  const name = /^\s+name(?:\s*:\s*str)?\s*=\s*["']([^"']+)["']/m.exec(code);
  if (name && registry.get(name[1])) return registry.get(name[1]);
  for (const m of code.matchAll(/^class\s+(\w+)\s*\(/gm)) {
    const c = registry.get(m[1]) ?? registry.list().find((x) => (x.meta.module ?? '').endsWith(`.${m[1]}`));
    if (c) return c;
  }
  return undefined;
}

export interface UpdateComponentRequest {
  code?: string | null;
  /** The node's current template (values are kept). */
  template?: Record<string, any> | null;
  field: string;
  field_value: unknown;
  tool_mode?: boolean;
  /** Component type key, when known (skips the code lookup). */
  type?: string;
  /** The node's current outputs, kept unless the component changes them. */
  outputs?: unknown[];
}

/**
 * POST /api/v1/custom_component/update: set `field` to `field_value` on the node's template and let
 * the component adjust fields and outputs (real_time_refresh fields: TypeConvert output type, Memory
 * and Parser modes, Prompt double brackets, Data Operations, storage locations). Returns the full node.
 */
export function updateComponentNode(registry: ComponentRegistry, req: UpdateComponentRequest): FrontendNode {
  const cls = (req.type ? registry.get(req.type) : undefined) ?? componentFromCode(registry, req.code ?? req.template?.code?.value);
  if (!cls) throw new Error('Component type not found for this code.');
  const node = componentNode(cls);
  if (req.template) {
    const merged: Record<string, any> = { ...node.template };
    for (const [k, v] of Object.entries(req.template)) if (v && typeof v === 'object' && !k.startsWith('_frontend_node')) merged[k] = { ...v };
    node.template = merged;
  }
  if (Array.isArray(req.outputs) && req.outputs.length) node.outputs = req.outputs;
  const f = node.template[req.field];
  if (f && typeof f === 'object') f.value = req.field_value;
  if (req.tool_mode !== undefined) node.tool_mode = req.tool_mode;
  cls.updateBuildConfig?.(node, req.field, req.field_value);
  return node;
}
