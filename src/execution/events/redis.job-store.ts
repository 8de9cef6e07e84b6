import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import type { JobEvent, JobFailure, JobRecord, JobStatus } from '../job.types';
import { isTerminal } from '../job.types';
import { CancelRequested } from './job-store';
import type { JobEventListener, JobEventWriter, JobStore, JobSubscription } from './job-store';

/** Keys live this long while a job is pending or running ... */
const ACTIVE_TTL_S = 24 * 3600;
/** ... and this long after it finished. */
const FINISHED_TTL_S = 10 * 60;

/** How often live listeners re-check their job in case a pub/sub message was lost. */
const SWEEP_MS = 5_000;

const MARK_RUNNING = `if redis.call('HGET', KEYS[1], 'st') ~= 'queued' then return 0 end
if redis.call('EXISTS', KEYS[2]) == 1 then return 2 end
redis.call('HSET', KEYS[1], 'st', 'running') return 1`;

interface LocalListener {
  jobId: string;
  next: number;
  listener: JobEventListener;
  ready: boolean;
  busy: boolean;
  dirty: boolean;
  done: boolean;
  /** The record as last read (the close message only carries the final status). */
  record?: JobRecord;
}

/**
 * Jobs shared by every replica through Redis:
 * - `<p>:job:<id>` hash: the record (`rec`), status (`st`), failure (`fail`), finish time (`fin`), poll cursor (`cur`)
 * - `<p>:job:<id>:ev` stream: event N has the entry id `0-(N+1)`, so any replica reads from any index
 * - channel `<p>:ev:<id>`: "N\n<event json>" as each event is added, "c" when the job ended
 * - `<p>:job:<id>:cancel` + channel `<p>:cancel`: cancel requests (the key covers jobs not started yet)
 * One writer per job (the worker running it) issues XADD then PUBLISH on one connection, so a
 * subscriber told about event N can always read it; a subscriber reads the status before the
 * stream, so once it sees a terminal status it has every event.
 */
export class RedisJobStore implements JobStore {
  private readonly logger = new Logger('RedisJobStore');
  private readonly listeners = new Map<string, Set<LocalListener>>();
  private cancelHandler: (jobId: string) => void = () => undefined;
  private readonly cancelChannel: string;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly cmd: Redis,
    private readonly sub: Redis,
    private readonly prefix: string,
  ) {
    this.cancelChannel = `${prefix}:cancel`;
    this.sub.on('message', (channel: string, message: string) => this.onMessage(channel, message));
    // Pub/sub drops what is published while the subscriber reconnects: every few seconds each
    // listener re-reads the status and any events it missed, so none waits forever.
    this.sweeper = setInterval(() => {
      for (const set of this.listeners.values()) for (const l of set) if (l.ready && !l.busy) void this.catchUp(l);
    }, SWEEP_MS);
    this.sweeper.unref();
    const subscribeToCancels = () =>
      void this.sub.subscribe(this.cancelChannel).catch((e) => this.logger.error(`cannot subscribe to cancels: ${e.message}`));
    // ioredis replays only subscriptions that succeeded: one that failed while Redis was down at
    // start would never come back, so subscribe whenever the connection becomes ready.
    this.sub.on('ready', subscribeToCancels);
    if (this.sub.status === 'ready') subscribeToCancels();
  }

  private key(jobId: string): string {
    return `${this.prefix}:job:${jobId}`;
  }
  private streamKey(jobId: string): string {
    return `${this.prefix}:job:${jobId}:ev`;
  }
  private channel(jobId: string): string {
    return `${this.prefix}:ev:${jobId}`;
  }

  async create(record: JobRecord): Promise<void> {
    const key = this.key(record.id);
    await this.cmd.multi().hset(key, 'rec', JSON.stringify(record), 'st', record.status, 'cur', '0').expire(key, ACTIVE_TTL_S).exec();
  }

  async get(jobId: string): Promise<JobRecord | null> {
    return toRecord(await this.cmd.hmget(this.key(jobId), 'rec', 'st', 'fail', 'fin'));
  }

  async markRunning(jobId: string): Promise<boolean> {
    const r = await this.cmd.eval(MARK_RUNNING, 2, this.key(jobId), `${this.key(jobId)}:cancel`);
    if (r === 2) throw new CancelRequested();
    return r === 1;
  }

  writer(jobId: string, firstIndex = 0): JobEventWriter {
    let index = firstIndex;
    const streamKey = this.streamKey(jobId);
    const channel = this.channel(jobId);
    const onError = (e: Error) => this.logger.error(`job ${jobId}: cannot write event: ${e.message}`);
    return {
      append: (event: string, data: unknown) => {
        const json = JSON.stringify({ event, data });
        const id = `0-${++index}`;
        if (index === 1 || index === firstIndex + 1) this.cmd.pipeline().xadd(streamKey, id, 'e', json).expire(streamKey, ACTIVE_TTL_S).publish(channel, `${index - 1}\n${json}`).exec().catch(onError);
        else this.cmd.pipeline().xadd(streamKey, id, 'e', json).publish(channel, `${index - 1}\n${json}`).exec().catch(onError);
      },
      close: async (status: JobStatus, failure?: JobFailure | null) => {
        const key = this.key(jobId);
        const fin = Date.now();
        await this.cmd
          .multi()
          .hset(key, 'st', status, 'fail', failure ? JSON.stringify(failure) : '', 'fin', String(fin))
          .expire(key, FINISHED_TTL_S)
          .expire(streamKey, FINISHED_TTL_S)
          .publish(channel, `c\n${index}\n${JSON.stringify({ status, failure: failure ?? null, finishedAt: fin })}`)
          .exec();
      },
    };
  }

  async read(jobId: string, from: number, limit?: number): Promise<JobEvent[]> {
    const start = `0-${Math.max(0, from) + 1}`;
    const rows = limit === undefined
      ? await this.cmd.xrange(this.streamKey(jobId), start, '+')
      : await this.cmd.xrange(this.streamKey(jobId), start, '+', 'COUNT', limit);
    return rows.map(([, fields]) => JSON.parse(fields[1]) as JobEvent);
  }

  /** The record, then the events from `from`, in one round trip (status first: see the class comment). */
  private async snapshot(jobId: string, from: number): Promise<[JobRecord | null, JobEvent[]]> {
    const res = await this.cmd
      .pipeline()
      .hmget(this.key(jobId), 'rec', 'st', 'fail', 'fin')
      .xrange(this.streamKey(jobId), `0-${Math.max(0, from) + 1}`, '+')
      .exec();
    if (!res) return [null, []];
    const [[e1, fields], [e2, rows]] = res as [[Error | null, (string | null)[]], [Error | null, [string, string[]][]]];
    if (e1) throw e1;
    if (e2) throw e2;
    return [toRecord(fields), rows.map(([, f]) => JSON.parse(f[1]) as JobEvent)];
  }

  subscribe(jobId: string, from: number, listener: JobEventListener): JobSubscription {
    const l: LocalListener = { jobId, next: Math.max(0, from), listener, ready: false, busy: false, dirty: false, done: false };
    let set = this.listeners.get(jobId);
    const first = !set;
    if (!set) this.listeners.set(jobId, (set = new Set()));
    set.add(l);
    const subscribed = first ? this.sub.subscribe(this.channel(jobId)) : Promise.resolve();
    subscribed.then(
      () => {
        l.ready = true;
        void this.catchUp(l);
      },
      (e: Error) => {
        this.logger.error(`job ${jobId}: cannot subscribe: ${e.message}`);
        this.drop(l);
      },
    );
    return { unsubscribe: () => this.drop(l) };
  }

  private drop(l: LocalListener): void {
    l.done = true;
    const set = this.listeners.get(l.jobId);
    if (!set || !set.delete(l)) return;
    if (set.size === 0) {
      this.listeners.delete(l.jobId);
      void this.sub.unsubscribe(this.channel(l.jobId)).catch(() => undefined);
    }
  }

  /** Reads the status, then every event from `next`: closes the listener once the status is terminal. */
  private async catchUp(l: LocalListener): Promise<void> {
    if (l.done) return;
    if (l.busy) {
      l.dirty = true;
      return;
    }
    l.busy = true;
    try {
      do {
        l.dirty = false;
        const [record, events] = await this.snapshot(l.jobId, l.next);
        if (record) l.record = record;
        for (const e of events) {
          if (l.done) return;
          l.listener.onEvent(e, l.next++);
        }
        if (!record || isTerminal(record.status)) {
          if (!l.done) {
            this.drop(l);
            l.listener.onClose(record ?? missingRecord(l.jobId));
          }
          return;
        }
      } while (l.dirty && !l.done);
    } catch (e) {
      this.logger.error(`job ${l.jobId}: cannot read events: ${(e as Error).message}`);
    } finally {
      l.busy = false;
    }
  }

  private onMessage(channel: string, message: string): void {
    if (channel === this.cancelChannel) {
      this.cancelHandler(message);
      return;
    }
    const jobId = channel.slice(this.prefix.length + 4);
    const set = this.listeners.get(jobId);
    if (!set) return;
    if (message.startsWith('c\n')) {
      const [, count, meta] = message.split('\n', 3);
      for (const l of [...set]) {
        if (!l.ready || l.done) continue;
        if (!l.busy && l.next === Number(count) && meta) {
          // Every event was delivered: close with the status the writer sent.
          const { status, failure, finishedAt } = JSON.parse(meta) as { status: JobStatus; failure: JobFailure | null; finishedAt: number };
          this.drop(l);
          l.listener.onClose({ ...(l.record ?? missingRecord(l.jobId)), status, failure, finishedAt });
        } else void this.catchUp(l);
      }
      return;
    }
    const nl = message.indexOf('\n');
    const index = nl < 0 ? -1 : Number(message.slice(0, nl));
    for (const l of [...set]) {
      if (!l.ready || l.done) continue;
      if (index >= 0 && index === l.next && !l.busy) {
        l.next++;
        l.listener.onEvent(JSON.parse(message.slice(nl + 1)) as JobEvent, index);
      } else if (index < 0 || index >= l.next) {
        void this.catchUp(l);
      }
    }
  }

  async cursor(jobId: string): Promise<number> {
    return Number((await this.cmd.hget(this.key(jobId), 'cur')) ?? 0);
  }

  async setCursor(jobId: string, value: number): Promise<void> {
    await this.cmd.hset(this.key(jobId), 'cur', String(value));
  }

  async requestCancel(jobId: string): Promise<void> {
    await this.cmd.multi().set(`${this.key(jobId)}:cancel`, '1', 'EX', ACTIVE_TTL_S).publish(this.cancelChannel, jobId).exec();
  }

  async cancelRequested(jobId: string): Promise<boolean> {
    return (await this.cmd.exists(`${this.key(jobId)}:cancel`)) === 1;
  }

  onCancel(handler: (jobId: string) => void): void {
    this.cancelHandler = handler;
  }

  async forget(jobId: string): Promise<void> {
    await this.cmd.del(this.key(jobId), this.streamKey(jobId), `${this.key(jobId)}:cancel`);
  }

  async ping(): Promise<void> {
    await this.cmd.ping();
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    for (const set of this.listeners.values()) for (const l of set) l.done = true;
    this.listeners.clear();
    await Promise.all([this.cmd.quit().catch(() => this.cmd.disconnect()), this.sub.quit().catch(() => this.sub.disconnect())]);
  }
}

function toRecord([rec, st, fail, fin]: (string | null)[]): JobRecord | null {
  if (!rec) return null;
  const record = JSON.parse(rec) as JobRecord;
  record.status = (st as JobStatus) ?? record.status;
  record.failure = fail ? (JSON.parse(fail) as JobFailure) : null;
  record.finishedAt = fin ? Number(fin) : null;
  return record;
}

function missingRecord(jobId: string): JobRecord {
  return { id: jobId, kind: 'build', flowId: '', owner: { userId: null }, status: 'failed', createdAt: 0, failure: null };
}

