import type { FieldSpec, OutputSpec } from './fields';
import type { RunContext } from './context';
import { Message } from '../schema/message';

/** Static description of a component type (what Langflow puts beside `template` in a node). */
export interface ComponentMeta {
  /** Registry key = Langflow's `data.type` / class `name` (e.g. "ChatInput", "ParserComponent"). */
  name: string;
  displayName: string;
  description: string;
  icon?: string;
  /** /api/v1/all category (e.g. "input_output", "processing", "flow_controls"). */
  category: string;
  documentation?: string;
  /** Other `data.type` keys that map to this class (e.g. "parser" for ParserComponent). */
  aliases?: string[];
  /** `metadata.module` values that map to this class. */
  modules?: string[];
  /** Overrides the union of output types. */
  baseClasses?: string[];
  beta?: boolean;
  legacy?: boolean;
  keywords?: string[];
  /** Field order for the catalog (defaults to declaration order). */
  fieldOrder?: string[];
  /** Python-side class/module names, for metadata. */
  module?: string;
  /** Interface flags (Langflow's InterfaceVertex). */
  isInput?: boolean;
  isOutput?: boolean;
}

/** Graph-side info about the vertex being built. */
export interface VertexInfo {
  readonly id: string;
  /** Component type key (data.type). */
  readonly type: string;
  readonly displayName: string;
  /** Outputs as declared by the flow node (falls back to the class outputs). */
  readonly outputs: readonly OutputSpec[];
  /** Outgoing edges: source output name, target vertex id and type, target field. */
  readonly outgoing: readonly EdgeRef[];
  /** Incoming edges: source vertex id/type/display name, source output, target field. */
  readonly incoming: readonly EdgeRef[];
  readonly frozen: boolean;
}

export interface EdgeRef {
  sourceId: string;
  sourceType: string;
  sourceDisplayName: string;
  sourceOutput: string;
  targetId: string;
  targetType: string;
  targetField: string;
}

/** Engine-side hooks a component instance can call (bound per vertex build). */
export interface VertexControl {
  stop(outputName: string): void;
  start(outputName: string): void;
}

export type ComponentClass = (new () => Component) & {
  readonly meta: ComponentMeta;
  readonly inputs: readonly FieldSpec[];
  readonly outputs: readonly OutputSpec[];
  /**
   * Optional editor hook (Langflow's `update_build_config` + `update_outputs`), called by
   * POST /api/v1/custom_component/update after `node.template[field].value` was set: adjust field
   * visibility, dynamic fields and `node.outputs` in place.
   */
  readonly updateBuildConfig?: (node: Record<string, any>, field: string, value: unknown) => void;
};

/** Show the fields of the selected action (plus the defaults), hide the other actions' fields. */
export function setCurrentFields(
  template: Record<string, any>,
  actionFields: Record<string, string[]>,
  selected: string | null | undefined,
  defaults: string[] = [],
): void {
  const all = new Set(Object.values(actionFields).flat());
  const on = new Set([...(selected ? actionFields[selected] ?? [] : []), ...defaults]);
  for (const f of all) if (template[f] && typeof template[f] === 'object') template[f].show = on.has(f);
  for (const f of defaults) if (template[f] && typeof template[f] === 'object') template[f].show = true;
}

/**
 * Base class of every native component.
 *
 * Subclasses declare `static meta`, `static inputs` (template fields, see fields.ts) and
 * `static outputs` (each naming a `method`), and implement those methods (sync or async).
 * A fresh instance is created for every vertex build; before the first output method runs the
 * engine sets `params` (resolved input values: field values, then edges, coerced per input class),
 * `ctx` (the run context with ports, session id, AbortSignal, event emitter), `vertex` and `control`.
 */
export abstract class Component {
  static readonly meta: ComponentMeta;
  static readonly inputs: readonly FieldSpec[] = [];
  static readonly outputs: readonly OutputSpec[] = [];

  params!: Record<string, any>;
  ctx!: RunContext;
  vertex!: VertexInfo;
  control!: VertexControl;
  /** What Langflow calls `self.status` (shown as the vertex artifact / repr). */
  status: unknown = undefined;
  /** Per-output log entries ({name, message, type}). */
  logs: { name: string; message: unknown; type: string }[] = [];

  /** The display name of the node (as in the flow, else the class display name). */
  get displayName(): string {
    return this.vertex?.displayName ?? (this.constructor as ComponentClass).meta.displayName;
  }
  get sessionId(): string {
    return this.params?.session_id || this.ctx.sessionId;
  }

  /** Turn off a branch: every vertex downstream of that output is excluded (Langflow `stop`). */
  stop(outputName: string): void {
    this.control.stop(outputName);
  }
  /** Turn a branch back on (Langflow `start`). */
  start(outputName: string): void {
    this.control.start(outputName);
  }

  /** Throws the abort reason when the run was cancelled. Call it in long loops. */
  checkAborted(): void {
    if (this.ctx.signal.aborted) throw abortError(this.ctx.signal);
  }

  /** True when one of this vertex's outputs feeds a ChatOutput (Langflow streams only then). */
  isConnectedToChatOutput(): boolean {
    return this.vertex.outgoing.some((e) => e.targetType === 'ChatOutput' || e.targetId.startsWith('ChatOutput'));
  }

  log(message: unknown, name = 'Log'): void {
    this.logs.push({ name, message, type: typeof message === 'string' ? 'text' : 'object' });
  }

  /**
   * Store a message through the message store — insert when it has no id (the store assigns one),
   * else update — emit `add_message`, and return the stored copy (with its id).
   */
  async storeMessage(message: Message): Promise<Message> {
    const store = this.ctx.ports.messages;
    const stored = message.id ? await store.update(message) : await store.add(message);
    message.id = stored.id;
    if (this.ctx.hasEventSink) this.ctx.emit('add_message', messageEventPayload(stored));
    return stored;
  }

  /**
   * Tool mode: the `component_as_tool` output (method `to_toolkit`) of any component. Builds one
   * tool per tool-capable output; implemented in components/tools/toolkit.ts (loaded lazily).
   */
  to_toolkit(): unknown[] | Promise<unknown[]> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('../components/tools/toolkit').buildToolkit(this);
  }

  /** Emit a streamed chunk for a stored message. */
  emitToken(chunk: string, messageId: string | null): void {
    if (this.ctx.hasEventSink) this.ctx.emit('token', { chunk, id: messageId });
  }
}

/** `add_message` payload: the full Message dump plus top-level id and flow_id. */
export function messageEventPayload(m: Message): Record<string, unknown> {
  return { ...m.toJSON(), id: m.id, flow_id: m.flow_id };
}

export class AbortedError extends Error {
  constructor(message = 'The run was cancelled.') {
    super(message);
    this.name = 'AbortError';
  }
}

export function abortError(signal: AbortSignal): Error {
  const r = signal.reason;
  if (r instanceof Error) return r;
  return new AbortedError(typeof r === 'string' ? r : undefined);
}

/** Union of output types, as Langflow's `base_classes`. */
export function baseClassesOf(cls: ComponentClass): string[] {
  if (cls.meta.baseClasses) return [...cls.meta.baseClasses];
  const s = new Set<string>();
  for (const o of cls.outputs) for (const t of o.types) s.add(t);
  return [...s];
}
