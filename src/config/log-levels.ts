import { LogLevel as NestLogLevel } from '@nestjs/common';
import { LogLevel } from './env';

const ORDER: NestLogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const THRESHOLD: Record<LogLevel, NestLogLevel> = { critical: 'fatal', error: 'error', warning: 'warn', info: 'log', debug: 'verbose' };

/** Nest's enabled levels for LANGFLOW_LOG_LEVEL. */
export function nestLogLevels(level: LogLevel): NestLogLevel[] {
  return ORDER.slice(0, ORDER.indexOf(THRESHOLD[level]) + 1);
}
