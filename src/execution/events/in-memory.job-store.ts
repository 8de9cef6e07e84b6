import type { JobEvent, JobFailure, JobRecord, JobStatus } from '../job.types';
import { isTerminal } from '../job.types';
import { CancelRequested } from './job-store';
import type { JobEventListener, JobEventWriter, JobStore, JobSubscription } from './job-store';

interface Entry {
  record: JobRecord;
  events: JobEvent[];
  listeners: Set<Listener>;
  cursor: number;
  cancelRequested: boolean;
  purge?: NodeJS.Timeout;
}

interface Listener {
  next: number;
  listener: JobEventListener;
  done: boolean;
}

/** How long a finished job's events stay readable (Langflow purges after about 5 minutes). */
export const FINISHED_JOB_TTL_MS = 5 * 60_000;

/** Jobs of one process, in memory. Finished jobs are purged after FINISHED_JOB_TTL_MS. */
export class InMemoryJobStore implements JobStore {
  private readonly jobs = new Map<string, Entry>();
  private cancelHandler: (jobId: string) => void = () => undefined;

  constructor(private readonly ttlMs = FINISHED_JOB_TTL_MS) {}

  async create(record: JobRecord): Promise<void> {
    this.jobs.set(record.id, { record: { ...record }, events: [], listeners: new Set(), cursor: 0, cancelRequested: false });
  }

  async get(jobId: string): Promise<JobRecord | null> {
    const e = this.jobs.get(jobId);
    return e ? { ...e.record } : null;
  }

  async markRunning(jobId: string): Promise<boolean> {
    const e = this.jobs.get(jobId);
    if (!e || e.record.status !== 'queued') return false;
    if (e.cancelRequested) throw new CancelRequested();
    e.record.status = 'running';
    return true;
  }

  writer(jobId: string, _firstIndex = 0): JobEventWriter {
    return {
      append: (event, data) => {
        const e = this.jobs.get(jobId);
        if (!e || isTerminal(e.record.status)) return;
        const item = { event, data };
        const index = e.events.push(item) - 1;
        for (const l of e.listeners) {
          if (l.next === index && !l.done) {
            l.next++;
            l.listener.onEvent(item, index);
          }
        }
      },
      close: async (status: JobStatus, failure?: JobFailure | null) => this.finish(jobId, status, failure ?? null),
    };
  }

  private finish(jobId: string, status: JobStatus, failure: JobFailure | null): void {
    const e = this.jobs.get(jobId);
    if (!e || isTerminal(e.record.status)) return;
    e.record.status = status;
    e.record.failure = failure;
    e.record.finishedAt = Date.now();
    const record = { ...e.record };
    for (const l of [...e.listeners]) {
      if (l.done) continue;
      this.catchUp(e, l);
      l.done = true;
      l.listener.onClose(record);
    }
    e.listeners.clear();
    e.purge = setTimeout(() => this.jobs.delete(jobId), this.ttlMs);
    e.purge.unref();
  }

  async read(jobId: string, from: number, limit = Number.MAX_SAFE_INTEGER): Promise<JobEvent[]> {
    const e = this.jobs.get(jobId);
    return e ? e.events.slice(from, from + limit) : [];
  }

  /** Delivery starts on a microtask, so `subscribe` returns before the first callback (as with Redis). */
  subscribe(jobId: string, from: number, listener: JobEventListener): JobSubscription {
    const e = this.jobs.get(jobId);
    const l: Listener = { next: Math.max(0, from), listener, done: false };
    if (!e) {
      queueMicrotask(() => !l.done && listener.onClose(missingRecord(jobId)));
      return { unsubscribe: () => void (l.done = true) };
    }
    e.listeners.add(l);
    queueMicrotask(() => {
      if (l.done) return;
      this.catchUp(e, l);
      if (isTerminal(e.record.status) && !l.done) {
        l.done = true;
        e.listeners.delete(l);
        listener.onClose({ ...e.record });
      }
    });
    return {
      unsubscribe: () => {
        l.done = true;
        e.listeners.delete(l);
      },
    };
  }

  private catchUp(e: Entry, l: Listener): void {
    while (l.next < e.events.length && !l.done) {
      const i = l.next++;
      l.listener.onEvent(e.events[i], i);
    }
  }

  async cursor(jobId: string): Promise<number> {
    return this.jobs.get(jobId)?.cursor ?? 0;
  }

  async setCursor(jobId: string, value: number): Promise<void> {
    const e = this.jobs.get(jobId);
    if (e) e.cursor = value;
  }

  async requestCancel(jobId: string): Promise<void> {
    const e = this.jobs.get(jobId);
    if (!e) return;
    e.cancelRequested = true;
    this.cancelHandler(jobId);
  }

  async cancelRequested(jobId: string): Promise<boolean> {
    return this.jobs.get(jobId)?.cancelRequested ?? false;
  }

  onCancel(handler: (jobId: string) => void): void {
    this.cancelHandler = handler;
  }

  async forget(jobId: string): Promise<void> {
    const e = this.jobs.get(jobId);
    if (e?.purge) clearTimeout(e.purge);
    this.jobs.delete(jobId);
  }

  async ping(): Promise<void> {
    return;
  }

  async close(): Promise<void> {
    for (const e of this.jobs.values()) if (e.purge) clearTimeout(e.purge);
    this.jobs.clear();
  }
}

function missingRecord(jobId: string): JobRecord {
  return { id: jobId, kind: 'build', flowId: '', owner: { userId: null }, status: 'failed', createdAt: 0, failure: null };
}
