import type { ComponentClass, FrontendNode } from '../../engine';
import { outputJson } from '../../engine/component/fields';
import { toolsetOutputJson, toolsMetadataField } from '../../engine/components/tools/toolkit';

const TOOLS_METADATA = 'tools_metadata';

/**
 * Langflow's tool-mode switch on a refreshed node: in tool mode the node has the single Toolset
 * output (`component_as_tool`, what the engine builds as tools) and a `tools_metadata` field listing
 * one action per tool output (an existing list is kept); out of tool mode the field goes away.
 */
export function applyToolMode(node: FrontendNode, cls: ComponentClass, on: boolean): void {
  node.tool_mode = on;
  if (!on) {
    delete node.template[TOOLS_METADATA];
    if ((node.outputs ?? []).some((o: { name?: string }) => o?.name === 'component_as_tool')) node.outputs = cls.outputs.map(outputJson);
    return;
  }
  node.outputs = [toolsetOutputJson()];
  node.base_classes = ['Tool'];
  const existing = node.template[TOOLS_METADATA];
  if (existing && typeof existing === 'object' && Array.isArray(existing.value) && existing.value.length) return;
  node.template[TOOLS_METADATA] = toolsMetadataField(cls);
}
