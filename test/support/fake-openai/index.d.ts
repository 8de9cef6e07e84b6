/** Types for the fake OpenAI-compatible server (see index.js for the behaviour). */
export interface FakeRequestLog {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  /** Monotonic sequence numbers (shared with fake.seq()), not times. */
  startedAt: number;
  finishedAt: number | null;
  done: boolean;
  aborted: boolean;
  chunksSent: number;
}
export interface FakeOpenAIOptions {
  port?: number;
  /** Delay between streamed chunks (ms). */
  chunkDelayMs?: number;
  /** How long a held stream waits for release() at most (ms). */
  holdTimeoutMs?: number;
  /** Default embedding dimensions. */
  embeddingDims?: number;
}
export interface FakeOpenAI {
  /** OpenAI base URL, e.g. http://127.0.0.1:1234/v1 */
  url: string;
  /** http://127.0.0.1:1234 (Ollama base; Anthropic base is `${origin}/anthropic`). */
  origin: string;
  port: number;
  requests: FakeRequestLog[];
  requestsTo(pathSuffix: string): FakeRequestLog[];
  setOptions(o: Partial<FakeOpenAIOptions>): void;
  hold(): void;
  release(): void;
  seq(): number;
  close(): Promise<void>;
}
export function startFakeOpenAI(opts?: FakeOpenAIOptions): Promise<FakeOpenAI>;
export const start: typeof startFakeOpenAI;
export function sampleFromSchema(schema: any, key: string, root?: any): any;
export function embed(text: string, dims: number): number[];
