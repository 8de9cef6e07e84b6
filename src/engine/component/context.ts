import type { EnginePorts } from '../ports/ports';
import type { EngineEventName } from './events';

/** Per-run context shared by every component build in one run. */
export interface RunContext {
  readonly flowId: string;
  readonly flowName: string | null;
  readonly sessionId: string;
  readonly userId: string | null;
  readonly runId: string;
  readonly ports: EnginePorts;
  readonly signal: AbortSignal;
  /** The run's `stream` flag (Langflow's implicit global `stream` tweak); false when not given. Components read `params.stream`. */
  readonly stream: boolean;
  /** Request-scoped global variables (X-LANGFLOW-GLOBAL-VAR-* headers), name → value. */
  readonly requestVariables: Readonly<Record<string, string>>;
  /** Langflow's graph `ctx`: state kept across builds in one run (loop state, router counters). */
  readonly state: Map<string, unknown>;
  /** Host-provided settings (e.g. `openaiBaseUrl`). */
  readonly settings: Readonly<Record<string, unknown>>;
  /** True when an event sink is attached (skip building event payloads otherwise). */
  readonly hasEventSink: boolean;
  emit(event: EngineEventName, data: unknown): void;
  /** request variables → VariableResolver; throws "<name> variable not found." */
  resolveVariable(name: string): Promise<string>;
}
