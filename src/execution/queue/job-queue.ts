import type { JobSpec } from '../job.types';

/** Runs one job to its end (never throws: failures end up in the job's status and events). */
export type JobProcessor = (spec: JobSpec) => Promise<void>;

/**
 * Where jobs wait for a worker. In-process (the default) runs them in this process with a
 * concurrency bound; BullMQ (LANGFLOW_REDIS_URL) hands them to any process whose role runs workers.
 */
export interface JobQueue {
  enqueue(spec: JobSpec): Promise<void>;
  /** Start taking jobs (processes with the worker role). */
  startWorker(processor: JobProcessor, concurrency: number): void;
  /** Stop taking new jobs; running ones are left to the caller to drain. */
  pauseWorker(): Promise<void>;
  /** Jobs this process is running or holds queued. */
  localJobCount(): number;
  /** Jobs enqueued here but not started (in-process only), for failing them on shutdown. */
  drainPending(): JobSpec[];
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const JOB_QUEUE = Symbol('JOB_QUEUE');
