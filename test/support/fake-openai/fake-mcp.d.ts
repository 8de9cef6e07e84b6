export interface FakeMcp {
  url: string;
  sseAnswerUrl: string;
  legacySseUrl: string;
  calls: Array<{ method: string; params: any }>;
  close(): Promise<void>;
}
export function startFakeMcp(): Promise<FakeMcp>;
/** `{command: process.execPath, args: [STDIO_SCRIPT, '--stdio']}` runs it as a stdio MCP server. */
export const STDIO_SCRIPT: string;
