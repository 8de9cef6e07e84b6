export interface FakeWeb {
  url: string;
  requests: Array<{ method: string; path: string; query: Record<string, string>; headers: Record<string, any>; body: string }>;
  close(): Promise<void>;
}
export function startFakeWeb(opts?: { port?: number }): Promise<FakeWeb>;
