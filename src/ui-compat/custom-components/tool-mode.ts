import type { ComponentClass, FrontendNode } from '../../engine';
import { Output, outputJson } from '../../engine/component/fields';
import { cleanToolName, toolArgsSchema, toolOutputs } from '../../engine/components/tools/toolkit';

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
  node.outputs = [outputJson(Output({ name: 'component_as_tool', display_name: 'Toolset', method: 'to_toolkit', types: ['Tool'], selected: 'Tool', tool_mode: true }))];
  node.base_classes = ['Tool'];
  const existing = node.template[TOOLS_METADATA];
  if (existing && typeof existing === 'object' && Array.isArray(existing.value) && existing.value.length) return;
  const args = toolArgsSchema(cls).properties ?? {};
  node.template[TOOLS_METADATA] = {
    _input_type: 'ToolsInput',
    advanced: false,
    display_name: 'Actions',
    dynamic: false,
    info: 'Modify tool names and descriptions to help agents understand when to use each tool.',
    is_list: true,
    list_add_label: 'Add More',
    name: TOOLS_METADATA,
    placeholder: '',
    real_time_refresh: true,
    required: false,
    show: true,
    title_case: false,
    tool_mode: false,
    trace_as_metadata: true,
    type: 'tools',
    value: toolOutputs(cls).map((o) => {
      const name = cleanToolName(o.method);
      return {
        args: JSON.parse(JSON.stringify(args)),
        description: cls.meta.description,
        display_description: cls.meta.description,
        display_name: name,
        name,
        readonly: false,
        status: true,
        tags: [name],
      };
    }),
  };
}
