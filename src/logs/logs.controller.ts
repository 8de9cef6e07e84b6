import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated } from '../common/decorators/auth.decorator';
import { badRequest, HttpError } from '../common/http/http-error';
import { LogBuffer } from './log-buffer';

/** Empty polls before a "keepalive" chunk, as Langflow (one poll a second). */
const POLLS_BEFORE_KEEPALIVE = 5;
const POLL_MS = 1000;
/** A reader this far behind loses lines instead of growing the server's memory. */
const MAX_PENDING_BYTES = 1024 * 1024;

@ApiTags('Log')
@Controller()
@Authenticated()
export class LogsController {
  constructor(private readonly buffer: LogBuffer) {}

  /** Recent server log lines as {"<epoch ms>": "<line>"}. */
  @Get('logs')
  logs(@Query('lines_before') linesBefore?: unknown, @Query('lines_after') linesAfter?: unknown, @Query('timestamp') timestamp?: unknown): Record<string, string> {
    this.requireEnabled();
    const before = intQuery('lines_before', linesBefore);
    const after = intQuery('lines_after', linesAfter);
    const ts = intQuery('timestamp', timestamp);
    if (after > 0 && before > 0) throw badRequest('Cannot request logs before and after the timestamp');
    if (ts <= 0) {
      if (after > 0) throw badRequest('Timestamp is required when requesting logs after the timestamp');
      return this.buffer.lastN(before <= 0 ? 10 : before);
    }
    if (before > 0) return this.buffer.before(ts, before);
    if (after > 0) return this.buffer.after(ts, after);
    return this.buffer.before(ts, 10);
  }

  /** New log lines as they are written: `{"<ts>":"<line>"}\n\n` chunks, `keepalive\n\n` when idle. */
  @Get('logs-stream')
  stream(@Req() req: Request, @Res() res: Response): void {
    this.requireEnabled();
    res.status(200);
    res.set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    let idlePolls = 0;
    let sentSinceTick = false;
    const unsubscribe = this.buffer.subscribe((entry) => {
      sentSinceTick = true;
      if (res.writableLength > MAX_PENDING_BYTES) return;
      res.write(`${JSON.stringify({ [entry.ts]: entry.line })}\n\n`);
    });
    const timer = setInterval(() => {
      if (sentSinceTick) {
        sentSinceTick = false;
        idlePolls = 0;
        return;
      }
      idlePolls += 1;
      if (idlePolls === POLLS_BEFORE_KEEPALIVE) {
        idlePolls = 0;
        res.write('keepalive\n\n');
      }
    }, POLL_MS);
    timer.unref();
    const stop = () => {
      unsubscribe();
      clearInterval(timer);
    };
    req.on('close', stop);
    res.on('close', stop);
  }

  private requireEnabled(): void {
    if (!this.buffer.enabled) throw new HttpError(501, 'Log retrieval is disabled');
  }
}

/** A FastAPI int query parameter (default 0); anything else is its 422. */
function intQuery(name: string, value: unknown): number {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return 0;
  const text = String(raw).trim();
  if (!/^[-+]?\d+$/.test(text)) {
    throw new HttpError(422, [{ type: 'int_parsing', loc: ['query', name], msg: 'Input should be a valid integer, unable to parse string as an integer', input: raw }]);
  }
  return Number(text);
}
