import { Logger } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { logRedisErrors, redisOptionsFrom } from '../redis-options';
import type { JobSpec } from '../job.types';
import type { JobProcessor, JobQueue } from './job-queue';

export const QUEUE_NAME = 'nestflow-jobs';

/**
 * Jobs on BullMQ: any process with the worker role takes them. Each job is tried once: the
 * processor never throws (failures are the job's status and events), and a job whose worker died
 * is failed by the next worker that sees it stalled instead of running twice (see JobRunner).
 */
export class BullMqJobQueue implements JobQueue {
  private readonly logger = new Logger('BullMqJobQueue');
  private readonly queue: Queue;
  private worker: Worker | null = null;
  private active = 0;

  constructor(private readonly url: string, private readonly prefix: string) {
    this.queue = new Queue(QUEUE_NAME, {
      connection: redisOptionsFrom(url, { maxRetriesPerRequest: 3 }),
      prefix: `${prefix}:bull`,
      defaultJobOptions: { removeOnComplete: true, removeOnFail: true, attempts: 1 },
    });
    logRedisErrors(this.queue, this.logger, 'queue');
  }

  async enqueue(spec: JobSpec): Promise<void> {
    await this.queue.add(spec.kind, spec, { jobId: spec.id });
  }

  startWorker(processor: JobProcessor, concurrency: number): void {
    if (this.worker) return;
    this.worker = new Worker(
      QUEUE_NAME,
      async (job) => {
        this.active++;
        try {
          await processor(job.data as JobSpec);
        } finally {
          this.active--;
        }
      },
      {
        connection: redisOptionsFrom(this.url, { maxRetriesPerRequest: null }),
        prefix: `${this.prefix}:bull`,
        concurrency,
        maxStalledCount: 1,
      },
    );
    logRedisErrors(this.worker, this.logger, 'worker');
  }

  async pauseWorker(): Promise<void> {
    if (this.worker) await this.worker.pause(true).catch(() => undefined);
  }

  localJobCount(): number {
    return this.active;
  }

  drainPending(): JobSpec[] {
    return [];
  }

  async ping(): Promise<void> {
    const client = (await this.queue.client) as unknown as { ping(): Promise<unknown> };
    await client.ping();
  }

  async close(): Promise<void> {
    if (this.worker) await this.worker.close().catch(() => undefined);
    await this.queue.close().catch(() => undefined);
  }
}
