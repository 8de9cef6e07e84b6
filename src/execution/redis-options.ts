import type { RedisOptions } from 'ioredis';

/** ioredis options from a redis:// or rediss:// URL (BullMQ takes options, so it owns its connections). */
export function redisOptionsFrom(url: string, extra: RedisOptions = {}): RedisOptions {
  const u = new URL(url);
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: Number.isInteger(db) ? db : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    ...extra,
  };
}

const REPEAT_LOG_MS = 30_000;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- ioredis clients and BullMQ queues/workers type their events differently
type ErrorSource = { on(event: any, listener: (error: Error) => void): unknown };

/**
 * Logs a Redis client's errors without flooding: ioredis and BullMQ report every reconnect
 * attempt (hundreds a minute while Redis is down), and without a listener ioredis prints
 * "Unhandled error event". The first error is logged, then at most one line every 30 s with
 * the count in between; a client that becomes ready again starts afresh.
 */
export function logRedisErrors(client: ErrorSource, logger: { warn(message: string): void }, name: string, now: () => number = Date.now): void {
  let lastLogged = 0;
  let suppressed = 0;
  client.on('error', (error: Error) => {
    const at = now();
    if (lastLogged && at - lastLogged < REPEAT_LOG_MS) {
      suppressed += 1;
      return;
    }
    const more = suppressed ? ` (${suppressed} more errors since the last report)` : '';
    logger.warn(`Redis (${name}) unavailable: ${error?.message ?? 'unknown error'}; retrying${more}`);
    lastLogged = at;
    suppressed = 0;
  });
  client.on('ready', () => {
    lastLogged = 0;
    suppressed = 0;
  });
}
