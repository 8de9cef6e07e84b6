/**
 * Tool mode, generically, for every component (Langflow's `component_as_tool` output, method
 * `to_toolkit`). A node in tool mode has the single output `component_as_tool`; building it returns
 * one EngineTool per tool-capable output of the component class:
 *   - name: the output's method name cleaned to [a-zA-Z0-9_-] (e.g. evaluate_expression), unless
 *     `tools_metadata` renames it; entries with `status: false` are left out
 *   - description: the component description (or the tools_metadata description)
 *   - arguments: the inputs flagged `tool_mode` (JSON schema; description = the input's info)
 * Invoking a tool builds a fresh instance of the same component with the node's parameters plus the
 * arguments, calls the output method, emits build_start / build_end {id}, and returns text for the
 * model (Message text, Data as JSON, DataFrame rows as JSON). Errors are returned as text.
 */
import type { Component, ComponentClass } from '../../component/component';
import type { RunContext } from '../../component/context';
import type { FieldSpec, OutputSpec } from '../../component/fields';
import { Output, outputJson } from '../../component/fields';
import type { JsonSchema, ToolSpec } from '../../llm/types';
import { valueToToolText } from '../models/llm-support';
import { toText } from '../../schema/convert';

export interface ToolInvokeOptions {
  signal?: AbortSignal;
}

/** A tool as it travels along `Tool` edges into an Agent's `tools` field. */
export interface EngineTool {
  readonly name: string;
  readonly description: string;
  readonly parameters: JsonSchema;
  readonly tags: string[];
  /** Vertex id of the component behind the tool (for build_start / build_end). */
  readonly componentId?: string;
  readonly displayName?: string;
  /** Runs the tool; returns what the model sees. Throws on failure (the agent turns it into text). */
  invoke(args: Record<string, unknown>, opts?: ToolInvokeOptions): Promise<string>;
  /** The native result of the last invocation (for content blocks). */
  readonly isEngineTool: true;
}

export function isEngineTool(v: unknown): v is EngineTool {
  return !!v && typeof v === 'object' && (v as any).isEngineTool === true && typeof (v as any).invoke === 'function';
}

/** build_start / build_end {id} for a tool run, unless the run has already ended (cancelled). */
export function emitToolEvent(ctx: RunContext | undefined, event: 'build_start' | 'build_end', id: string | undefined): void {
  if (ctx?.hasEventSink && !ctx.signal?.aborted) ctx.emit(event, { id });
}

export function toolSpec(t: EngineTool): ToolSpec {
  return { name: t.name, description: t.description, parameters: t.parameters };
}

export function cleanToolName(s: string): string {
  return s.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'tool';
}

function jsonType(f: FieldSpec): JsonSchema {
  let base: JsonSchema;
  switch (f.type) {
    case 'int':
      base = { type: 'integer' };
      break;
    case 'float':
    case 'slider':
      base = { type: 'number' };
      break;
    case 'bool':
      base = { type: 'boolean' };
      break;
    case 'dict':
    case 'NestedDict':
      base = { type: 'object' };
      break;
    default:
      base = { type: 'string' };
  }
  if (Array.isArray(f.options) && f.options.length && f.options.every((o) => typeof o === 'string') && base.type === 'string') {
    base.enum = f.options;
  }
  return f.list || f.is_list ? { type: 'array', items: base } : base;
}

/** JSON schema of the tool-mode inputs of a component class. */
export function toolArgsSchema(cls: ComponentClass): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const f of cls.inputs) {
    if (!f.tool_mode) continue;
    const s = jsonType(f);
    s.description = f.info || f.display_name || f.name;
    s.title = titleCase(f.name);
    if (f.value !== undefined && f.value !== '' && !(Array.isArray(f.value) && !f.value.length)) s.default = f.value;
    properties[f.name] = s;
    if (f.required) required.push(f.name);
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}

function titleCase(s: string): string {
  return s
    .split('_')
    .map((w) => (w ? w[0].toUpperCase() + w.slice(1) : w))
    .join(' ');
}

/** Outputs that become tools: every class output flagged tool_mode except the toolkit itself. */
export function toolOutputs(cls: ComponentClass): OutputSpec[] {
  return cls.outputs.filter((o) => o.tool_mode !== false && o.method !== 'to_toolkit' && o.name !== 'component_as_tool');
}

function coerceArg(f: FieldSpec | undefined, v: unknown): unknown {
  if (!f) return v;
  if (f.list || f.is_list) {
    if (Array.isArray(v)) return v;
    if (v === undefined || v === null || v === '') return [];
    if (typeof v === 'string') {
      const t = v.trim();
      if (t.startsWith('[')) {
        try {
          const parsed = JSON.parse(t);
          if (Array.isArray(parsed)) return parsed;
        } catch {
          /* plain string */
        }
      }
      return [v];
    }
    return [v];
  }
  switch (f.type) {
    case 'int':
      return v === '' || v === null || v === undefined ? v : Math.trunc(Number(v));
    case 'float':
    case 'slider':
      return v === '' || v === null || v === undefined ? v : Number(v);
    case 'bool':
      return typeof v === 'string' ? v.toLowerCase() === 'true' : !!v;
    case 'str':
      return typeof v === 'string' ? v : v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : toText(v);
    default:
      return v;
  }
}

interface MetadataEntry {
  name?: string;
  description?: string;
  tags?: string[];
  status?: boolean;
}

/** Builds the tools of a component instance (the engine calls this for `component_as_tool`). */
export function buildToolkit(comp: Component): EngineTool[] {
  const cls = comp.constructor as ComponentClass;
  const parameters = toolArgsSchema(cls);
  const inputs = new Map(cls.inputs.map((f) => [f.name, f]));
  const meta: MetadataEntry[] = Array.isArray(comp.params?.tools_metadata) ? comp.params.tools_metadata : [];
  const tools: EngineTool[] = [];
  for (const out of toolOutputs(cls)) {
    const original = cleanToolName(out.method);
    const entry = meta.find((m) => (Array.isArray(m.tags) && m.tags[0] === original) || m.name === original);
    if (entry && entry.status === false) continue;
    const name = cleanToolName(entry?.name || original);
    const description = entry?.description || cls.meta.description || out.display_name;
    tools.push({
      isEngineTool: true,
      name,
      description,
      parameters,
      tags: entry?.tags ?? [original],
      componentId: comp.vertex?.id,
      displayName: comp.displayName,
      invoke: async (args, opts) => {
        const ctx = comp.ctx;
        const id = comp.vertex?.id;
        emitToolEvent(ctx, 'build_start', id);
        try {
          const inst: Component = new cls();
          const params: Record<string, any> = { ...comp.params };
          for (const [k, v] of Object.entries(args ?? {})) params[k] = coerceArg(inputs.get(k), v);
          inst.params = params;
          inst.ctx = ctx;
          inst.vertex = comp.vertex;
          inst.control = { stop: () => undefined, start: () => undefined };
          if (opts?.signal?.aborted) throw new Error('The run was cancelled.');
          const fn = (inst as any)[out.method];
          if (typeof fn !== 'function') throw new Error(`Method ${out.method} not found in ${cls.meta.name}`);
          const value = await fn.call(inst);
          return valueToToolText(value);
        } finally {
          emitToolEvent(ctx, 'build_end', id);
        }
      },
    });
  }
  return tools;
}

/** The single output of a node in tool mode (Langflow's Toolset). */
export function toolsetOutputJson(): Record<string, unknown> {
  return outputJson(Output({ name: 'component_as_tool', display_name: 'Toolset', method: 'to_toolkit', types: ['Tool'], selected: 'Tool', tool_mode: true }));
}

/** The `tools_metadata` field of a node in tool mode: one action per tool output of the class. */
export function toolsMetadataField(cls: ComponentClass): Record<string, unknown> {
  const args = toolArgsSchema(cls).properties ?? {};
  return {
    _input_type: 'ToolsInput',
    advanced: false,
    display_name: 'Actions',
    dynamic: false,
    info: 'Modify tool names and descriptions to help agents understand when to use each tool.',
    is_list: true,
    list_add_label: 'Add More',
    name: 'tools_metadata',
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
