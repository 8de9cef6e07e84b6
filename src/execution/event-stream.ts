import type { Response } from 'express';
import { eventFrame, pyJsonDumps } from './python-json';

export const NDJSON = 'application/x-ndjson';
/** Starlette adds the charset to text/* media types. */
export const EVENT_STREAM = 'text/event-stream; charset=utf-8';

/** Starts a streamed answer: no buffering anywhere between the engine and the client. */
export function startStream(res: Response, contentType: string): void {
  res.status(200);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  res.socket?.setNoDelay(true);
}

/** Writes one event as Langflow frames it; false when the client is gone. */
export function writeEvent(res: Response, event: string, data: unknown): boolean {
  if (res.writableEnded || res.destroyed) return false;
  res.write(eventFrame(event, data));
  return true;
}

/** Polling answers: events as JSON lines joined with a single newline. */
export function pollingBody(events: { event: string; data: unknown }[]): string {
  return events.map((e) => pyJsonDumps({ event: e.event, data: e.data })).join('\n');
}
