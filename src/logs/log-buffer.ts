/** One retained log line, keyed by its time in epoch milliseconds. */
export interface LogEntry {
  ts: number;
  line: string;
}

type Listener = (entry: LogEntry) => void;

/** Longest line kept; the rest is cut so one huge message cannot fill the buffer. */
export const MAX_LINE_LENGTH = 8000;

/**
 * The last N log lines of this process in a fixed-size ring, for GET /logs
 * and /logs-stream (Langflow's SizedLogBuffer). Timestamps are epoch ms and
 * made strictly increasing, so every line keeps its own key in the
 * `{"<ts>": "<line>"}` answers, which Langflow loses when two lines share a
 * millisecond.
 */
export class LogBuffer {
  private readonly ring: (LogEntry | undefined)[];
  private start = 0;
  private count = 0;
  private lastTs = 0;
  private readonly listeners = new Set<Listener>();

  constructor(readonly capacity: number) {
    this.ring = new Array(Math.max(0, capacity));
  }

  get enabled(): boolean {
    return this.capacity > 0;
  }

  get size(): number {
    return this.count;
  }

  write(line: string, at: number = Date.now()): void {
    if (!this.enabled) return;
    const ts = at > this.lastTs ? at : this.lastTs + 1;
    this.lastTs = ts;
    const entry = { ts, line: line.length > MAX_LINE_LENGTH ? `${line.slice(0, MAX_LINE_LENGTH)}…` : line };
    if (this.count < this.capacity) {
      this.ring[(this.start + this.count) % this.capacity] = entry;
      this.count += 1;
    } else {
      this.ring[this.start] = entry;
      this.start = (this.start + 1) % this.capacity;
    }
    for (const listener of this.listeners) {
      try {
        listener(entry);
      } catch {
        // A broken subscriber must not break logging.
      }
    }
  }

  /** Entries oldest first. */
  entries(): LogEntry[] {
    const out: LogEntry[] = [];
    for (let i = 0; i < this.count; i += 1) out.push(this.ring[(this.start + i) % this.capacity]!);
    return out;
  }

  /** The last `n` lines. */
  lastN(n: number): Record<string, string> {
    return toRecord(n > 0 ? this.entries().slice(-n) : []);
  }

  /** Up to `n` lines logged strictly before `ts`; the last `n` lines when none is at or after it (Langflow's rule). */
  before(ts: number, n: number): Record<string, string> {
    const all = this.entries();
    const index = all.findIndex((e) => e.ts >= ts);
    if (index === -1) return this.lastN(n);
    return toRecord(all.slice(Math.max(0, index - n), index));
  }

  /** Up to `n` lines logged at or after `ts`. */
  after(ts: number, n: number): Record<string, string> {
    return toRecord(this.entries().filter((e) => e.ts >= ts).slice(0, Math.max(0, n)));
  }

  /** Calls `listener` for each new line; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function toRecord(entries: LogEntry[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) out[String(e.ts)] = e.line;
  return out;
}
