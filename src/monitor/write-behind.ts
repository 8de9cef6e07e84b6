/**
 * A keyed write-behind queue: `put` is synchronous and cheap; entries are written in batches
 * (one transaction each) a few milliseconds later, or at once when a batch fills up. Batches
 * are written one after another, in insertion order. `pending()` exposes the entries not yet
 * committed (the batch being written, then the queue) so readers can merge them.
 */
export interface WriteBehindOptions<T> {
  /** Writes one batch. Must handle per-row failures itself; a throw drops the batch. */
  write(batch: T[]): Promise<void>;
  /** Called after each drained batch (retention hooks). */
  afterWrite?(): Promise<void>;
  onError(error: unknown): void;
  delayMs: number;
  maxBatch: number;
}

export class WriteBehindQueue<K, T> {
  private queue = new Map<K, T>();
  private inflight = new Map<K, T>();
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | null = null;
  private closed = false;
  /** Batches taken from the queue and batches written (or failed); flush() waits on these. */
  private takenBatches = 0;
  private doneBatches = 0;
  private waiters: { batch: number; resolve: () => void }[] = [];

  constructor(private readonly options: WriteBehindOptions<T>) {}

  get size(): number {
    return this.queue.size + this.inflight.size;
  }

  /** Queued entry for `key` (not the one being written), if any. */
  queued(key: K): T | undefined {
    return this.queue.get(key);
  }

  /** Entry being written for `key`, if any. */
  writing(key: K): T | undefined {
    return this.inflight.get(key);
  }

  /** Adds or replaces (in place, keeping its position) the entry for `key`. */
  put(key: K, value: T): void {
    this.queue.set(key, value);
    this.schedule();
  }

  /** Drops queued entries matching the predicate (entries being written are not affected). */
  drop(predicate: (value: T, key: K) => boolean): void {
    for (const [key, value] of this.queue) if (predicate(value, key)) this.queue.delete(key);
  }

  /** Uncommitted entries, oldest first: the batch being written, then the queue. */
  *pending(): IterableIterator<T> {
    yield* this.inflight.values();
    yield* this.queue.values();
  }

  /**
   * Resolves once everything put before the call is written (entries put later do not delay
   * it, so a steady stream of writes cannot starve a reader waiting for its own).
   */
  flush(): Promise<void> {
    const target = this.queue.size ? this.takenBatches + 1 : this.inflight.size ? this.takenBatches : this.doneBatches;
    if (this.doneBatches >= target) return Promise.resolve();
    this.kick();
    return new Promise((resolve) => this.waiters.push({ batch: target, resolve }));
  }

  /** Flushes and stops scheduling further writes. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private schedule(): void {
    if (this.closed || this.draining) return;
    if (this.queue.size >= this.options.maxBatch) {
      this.kick();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.kick();
      }, this.options.delayMs);
      this.timer.unref?.();
    }
  }

  /** Starts writing the queue unless a drain is already running. */
  private kick(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.draining) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (!this.queue.size) this.settle(true);
      else if (this.waiters.length) this.kick();
      else this.schedule();
    });
  }

  /** Resolves the flushes whose batch is written (all of them once the queue is empty). */
  private settle(all: boolean): void {
    if (!this.waiters.length) return;
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) {
      if (all || w.batch <= this.doneBatches) w.resolve();
      else this.waiters.push(w);
    }
  }

  private async drain(): Promise<void> {
    while (this.queue.size) {
      const batch = this.queue;
      this.queue = new Map();
      this.inflight = batch;
      this.takenBatches += 1;
      try {
        await this.options.write([...batch.values()]);
      } catch (error) {
        this.options.onError(error);
      } finally {
        this.inflight = new Map();
      }
      if (this.options.afterWrite) {
        try {
          await this.options.afterWrite();
        } catch (error) {
          this.options.onError(error);
        }
      }
      this.doneBatches = this.takenBatches;
      this.settle(false);
      // A synchronous driver (SQLite) would otherwise write batch after batch without letting
      // requests in between.
      if (this.queue.size) await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
