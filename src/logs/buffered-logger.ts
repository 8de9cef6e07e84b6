import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { inspect } from 'node:util';
import { LogBuffer } from './log-buffer';

/**
 * Nest's ConsoleLogger (same stdout/stderr output) that also keeps each
 * printed line in the LogBuffer served by GET /logs. Installed in main.ts
 * with app.useLogger, so every `new Logger(...)` in the app lands here.
 */
export class BufferedLogger extends ConsoleLogger {
  constructor(private readonly buffer: LogBuffer) {
    super();
  }

  protected override printMessages(
    messages: unknown[],
    context = '',
    logLevel: LogLevel = 'log',
    writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
  ): void {
    super.printMessages(messages, context, logLevel, writeStreamType, errorStack);
    if (!this.buffer.enabled) return;
    const now = Date.now();
    for (const message of messages) {
      const text = typeof message === 'string' ? message : inspect(message, { depth: 4, breakLength: Infinity });
      const stack = typeof errorStack === 'string' && errorStack ? `\n${errorStack}` : '';
      const where = context ? ` [${context}]` : '';
      this.buffer.write(`${new Date(now).toISOString()} ${logLevel.toUpperCase()}${where} ${text}${stack}`, now);
    }
  }
}
