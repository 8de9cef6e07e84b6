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

  /** Resolves once everything put before the call is written. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.draining) {
      this.draining = this.drain().finally(() => {
        this.draining = null;
        if (this.queue.size) this.schedule();
      });
    }
    return this.draining;
  }

  /** Flushes and stops scheduling further writes. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private schedule(): void {
    if (this.closed || this.draining) return;
    if (this.queue.size >= this.options.maxBatch) {
      void this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.options.delayMs);
      this.timer.unref?.();
    }
  }

  private async drain(): Promise<void> {
    while (this.queue.size) {
      const batch = this.queue;
      this.queue = new Map();
      this.inflight = batch;
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
    }
  }
}
