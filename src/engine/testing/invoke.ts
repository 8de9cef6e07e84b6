import type { Component, ComponentClass, VertexInfo } from '../component/component';
import type { RunContext } from '../component/context';
import type { EngineEventName } from '../component/events';
import type { EnginePorts } from '../ports/ports';
import { createInMemoryPorts } from '../ports/memory';

export interface InvokeOptions {
  ports?: Partial<EnginePorts>;
  sessionId?: string;
  flowId?: string;
  vertexId?: string;
  events?: [EngineEventName, unknown][];
  state?: Map<string, unknown>;
  stopped?: string[];
}

/**
 * Build one component outside a flow (unit tests): class defaults, then `params`; calls the method of
 * `output` (default: the first output) and returns its value.
 */
export async function invokeComponent(cls: ComponentClass, params: Record<string, unknown>, output?: string, opts: InvokeOptions = {}): Promise<any> {
  const ports = createInMemoryPorts(opts.ports ?? {});
  const events = opts.events;
  const ctx: RunContext = {
    flowId: opts.flowId ?? 'flow-1',
    flowName: null,
    sessionId: opts.sessionId ?? 'session-1',
    userId: null,
    runId: 'run-1',
    ports,
    signal: new AbortController().signal,
    stream: false,
    requestVariables: {},
    state: opts.state ?? new Map(),
    settings: {},
    hasEventSink: !!events,
    emit: (e, d) => events?.push([e, d]),
    resolveVariable: async (n) => {
      const v = await ports.variables.get(n, {});
      if (v === undefined) throw new Error(`${n} variable not found.`);
      return v;
    },
  };
  const c: Component = new cls();
  const defaults: Record<string, unknown> = {};
  for (const f of cls.inputs) if (f.value !== undefined) defaults[f.name] = f.value;
  c.params = { ...defaults, ...params };
  c.ctx = ctx;
  const id = opts.vertexId ?? `${cls.meta.name}-test1`;
  c.vertex = { id, type: cls.meta.name, displayName: cls.meta.displayName, outputs: cls.outputs, outgoing: [], incoming: [], frozen: false } as VertexInfo;
  const stopped = opts.stopped ?? [];
  c.control = { stop: (o) => void stopped.push(o), start: (o) => void stopped.splice(stopped.indexOf(o) >>> 0, 1) };
  const out = output ? cls.outputs.find((o) => o.name === output) : cls.outputs[0];
  const method = out?.method ?? output;
  if (!method || typeof (c as any)[method] !== 'function') throw new Error(`No method for output ${output}`);
  return await (c as any)[method]();
}
