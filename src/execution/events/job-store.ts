import type { JobEvent, JobRecord, JobStatus, JobFailure } from '../job.types';

/** Receives a job's events in order, from the index asked for; then `onClose` once the job ended. */
export interface JobEventListener {
  onEvent(event: JobEvent, index: number): void;
  /** The job reached a terminal status and every event up to it was delivered. */
  onClose(record: JobRecord): void;
}

export interface JobSubscription {
  unsubscribe(): void;
}

/** Appends one job's events. Exactly one writer per job (the worker running it). */
export interface JobEventWriter {
  append(event: string, data: unknown): void;
  /** Sets the terminal status (after the last event) and flushes. */
  close(status: JobStatus, failure?: JobFailure | null): Promise<void>;
}

/**
 * Job records, per-job event logs and cancel signals, shared by every replica that uses the
 * same backend: in memory for one process, Redis (streams + pub/sub) for several.
 *
 * Event indexes start at 0; a client that saw N events resumes with `from = N`.
 */
export interface JobStore {
  create(record: JobRecord): Promise<void>;
  get(jobId: string): Promise<JobRecord | null>;
  /**
   * Moves a queued job to running; false when it is no longer queued (cancelled, or taken by a
   * dead worker). Rejects with CancelRequested when a cancel came before it started.
   */
  markRunning(jobId: string): Promise<boolean>;
  /** The job's writer; `firstIndex` is the number of events already in its log (0 for a job that has not run). */
  writer(jobId: string, firstIndex?: number): JobEventWriter;
  /** Events from index `from` on (up to `limit`), without waiting. */
  read(jobId: string, from: number, limit?: number): Promise<JobEvent[]>;
  /** Delivers events from `from` on, live, until the job ends or `unsubscribe`. */
  subscribe(jobId: string, from: number, listener: JobEventListener): JobSubscription;
  /** The polling cursor (Langflow's polling consumes events: each poll returns what is new). */
  cursor(jobId: string): Promise<number>;
  setCursor(jobId: string, value: number): Promise<void>;
  /** Asks whichever process runs the job to stop it. */
  requestCancel(jobId: string): Promise<void>;
  /** True when a cancel was requested (checked by a worker when it picks a job up). */
  cancelRequested(jobId: string): Promise<boolean>;
  /** Registers the local handler for cancel requests of jobs this process runs. */
  onCancel(handler: (jobId: string) => void): void;
  /** Drops a finished job now (a queued /run whose caller has its answer). */
  forget(jobId: string): Promise<void>;
  /** Readiness probe (Redis ping). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const JOB_STORE = Symbol('JOB_STORE');

/** markRunning found a cancel request for a job that had not started. */
export class CancelRequested extends Error {
  constructor() {
    super('cancel requested');
  }
}
