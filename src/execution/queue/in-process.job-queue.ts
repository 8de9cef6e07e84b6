import { HttpError } from '../../common/http/http-error';
import type { JobSpec } from '../job.types';

/** Jobs waiting beyond this are refused (503) rather than piling up in memory. */
export const MAX_PENDING_JOBS = 10_000;
import type { JobProcessor, JobQueue } from './job-queue';

/** Jobs run in this process, at most `concurrency` at once, in arrival order. */
export class InProcessJobQueue implements JobQueue {
  private readonly pending: JobSpec[] = [];
  private processor: JobProcessor | null = null;
  private concurrency = 1;
  private running = 0;
  private paused = false;

  async enqueue(spec: JobSpec): Promise<void> {
    if (this.pending.length >= MAX_PENDING_JOBS) throw new HttpError(503, 'Too many jobs are waiting to run; try again later');
    this.pending.push(spec);
    this.pump();
  }

  startWorker(processor: JobProcessor, concurrency: number): void {
    this.processor = processor;
    this.concurrency = concurrency;
    this.pump();
  }

  async pauseWorker(): Promise<void> {
    this.paused = true;
  }

  localJobCount(): number {
    return this.running + this.pending.length;
  }

  drainPending(): JobSpec[] {
    return this.pending.splice(0);
  }

  private pump(): void {
    const processor = this.processor;
    if (!processor || this.paused) return;
    while (this.running < this.concurrency && this.pending.length) {
      const spec = this.pending.shift()!;
      this.running++;
      // A job starts on a later tick, so enqueue() answers first (webhooks reply 202 before running).
      setImmediate(() => {
        processor(spec)
          .catch(() => undefined)
          .finally(() => {
            this.running--;
            this.pump();
          });
      });
    }
  }

  async ping(): Promise<void> {
    return;
  }

  async close(): Promise<void> {
    this.paused = true;
  }
}
