import type { Tweaks } from '../engine';

/**
 * What a queued job is. Plain JSON: it crosses Redis to a worker in queue mode.
 * - build: the Playground build (all events, a failing component stops only its branch)
 * - run: /api/v1/run through the queue (queue mode), streaming or not
 * - webhook: /api/v1/webhook, run in the background
 */
export type JobKind = 'build' | 'run' | 'webhook';

/** Which events a job writes to its log. */
export type JobEventMode =
  /** Every engine event (vertices_sorted, end_vertex, add_message, token, error, end). */
  | 'build'
  /** /run?stream=true: add_message, token, then end {result} or error {error}. */
  | 'run-stream'
  /** Only the outcome: end {result} or error {error}. */
  | 'result';

export interface JobSpec {
  id: string;
  kind: JobKind;
  events: JobEventMode;
  /** The flow row to load. */
  flowId: string;
  /** The flow's owner: the run executes as this user (variables, files). */
  userId: string;
  /** The flow id the run reports and stores messages under (build_public_tmp uses a derived one). */
  runFlowId?: string | null;
  /** A replacement graph (Playground builds send the unsaved editor state). */
  data?: unknown;
  inputValue?: string | null;
  inputType?: 'chat' | 'text' | 'any';
  outputType?: 'chat' | 'text' | 'any' | 'debug';
  outputComponent?: string | null;
  sessionId?: string | null;
  tweaks?: Tweaks | null;
  /** Raw webhook body: becomes the `data` tweak of every node whose id contains "Webhook". */
  webhookBody?: string | null;
  requestVariables?: Record<string, string>;
  files?: string[];
  startComponentId?: string | null;
  stopComponentId?: string | null;
  stream?: boolean;
  logBuilds?: boolean;
  /** client_request_time of the Playground (ms), for end-to-end timedelta. */
  clientRequestTime?: number | null;
  /** /run/advanced: one run per input, the listed outputs of each (end {result} is the advanced answer). */
  advanced?: { inputs: AdvancedInputSpec[]; outputs: string[] } | null;
}

export interface AdvancedInputSpec {
  components: string[];
  input_value: string | null;
  session: string | null;
  type: 'chat' | 'text' | 'any';
}

export type JobStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export const TERMINAL_STATUSES: ReadonlySet<JobStatus> = new Set(['completed', 'failed', 'cancelled']);

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

/** Who may read a job's events or cancel it. */
export interface JobOwner {
  /** The authenticated user that started it (null for a public playground client). */
  userId: string | null;
  /** build_public_tmp: the client_id cookie that started it. */
  clientId?: string | null;
}

/** A failed job's HTTP answer, for callers waiting on a queued /run. */
export interface JobFailure {
  status: number;
  detail: unknown;
}

export interface JobRecord {
  id: string;
  kind: JobKind;
  flowId: string;
  owner: JobOwner;
  status: JobStatus;
  createdAt: number;
  finishedAt?: number | null;
  failure?: JobFailure | null;
}

/** One entry of a job's event log: the Langflow event name and payload. */
export interface JobEvent {
  event: string;
  data: unknown;
}
