import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { logRedisErrors, redisOptionsFrom } from '../execution/redis-options';
import type { SessionMessagePayload } from './realtime.service';

/** How long the "someone follows a session" flag lives without a refresh, and how often it is refreshed. */
const FLAG_TTL_MS = 60_000;
const FLAG_REFRESH_MS = 20_000;
/** How often a process checks the flag (so it publishes only while some process has followers). */
const FLAG_POLL_MS = 1_000;

interface Envelope extends SessionMessagePayload {
  origin: string;
}

/**
 * Session messages across processes (LANGFLOW_REDIS_URL): in queue mode a message is stored by
 * whichever worker ran the flow, while the socket following its session may sit on another
 * process. A process with local followers subscribes to one channel and keeps a flag key alive;
 * every process polls the flag and publishes its stored messages only while it is set, so
 * nothing is serialised or sent while nobody, anywhere, follows a session.
 */
export class RedisMessageFanout {
  private readonly logger = new Logger('RealtimeFanout');
  private readonly origin = randomUUID();
  private readonly channel: string;
  private readonly flagKey: string;
  private readonly pub: Redis;
  private sub: Redis | undefined;
  private following = false;
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly pollTimer: NodeJS.Timeout;
  private remoteFollowed = false;
  private closed = false;

  constructor(
    private readonly url: string,
    prefix: string,
    private readonly deliver: (payload: SessionMessagePayload) => void,
    private readonly onFlagChange: () => void,
  ) {
    this.channel = `${prefix}:realtime:messages`;
    this.flagKey = `${prefix}:realtime:followed`;
    this.pub = new Redis({ ...redisOptionsFrom(url), maxRetriesPerRequest: 3, enableAutoPipelining: true });
    logRedisErrors(this.pub, this.logger, 'realtime publish');
    this.pollTimer = setInterval(() => void this.poll(), FLAG_POLL_MS);
    this.pollTimer.unref();
    void this.poll();
  }

  /** True while some process (this one included) has sockets following a session. */
  get anyoneFollows(): boolean {
    return this.remoteFollowed || this.following;
  }

  /** This process has (or no longer has) sockets following sessions. */
  async setFollowing(following: boolean): Promise<void> {
    if (this.closed || following === this.following) return;
    this.following = following;
    if (following) {
      if (!this.sub) {
        this.sub = new Redis({ ...redisOptionsFrom(this.url), maxRetriesPerRequest: 3 });
        logRedisErrors(this.sub, this.logger, 'realtime subscribe');
        this.sub.on('message', (_channel: string, text: string) => this.onRemote(text));
      }
      try {
        await this.sub.subscribe(this.channel);
      } catch (e) {
        this.logger.warn(`Could not follow other processes' messages: ${(e as Error).message}`);
        return;
      }
      await this.raiseFlag();
      if (!this.following || this.closed) return;
      this.refreshTimer = setInterval(() => void this.raiseFlag(), FLAG_REFRESH_MS);
      this.refreshTimer.unref();
    } else {
      clearInterval(this.refreshTimer);
      this.refreshTimer = undefined;
      await this.sub?.unsubscribe(this.channel).catch(() => undefined);
    }
  }

  publish(payload: SessionMessagePayload): void {
    if (this.closed) return;
    const envelope: Envelope = { origin: this.origin, ...payload };
    this.pub.publish(this.channel, JSON.stringify(envelope)).catch((e: Error) => this.logger.warn(`Could not publish a message: ${e.message}`));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.pollTimer);
    clearInterval(this.refreshTimer);
    await Promise.all([this.pub.quit().catch(() => undefined), this.sub?.quit().catch(() => undefined)]);
  }

  private async raiseFlag(): Promise<void> {
    try {
      await this.pub.set(this.flagKey, '1', 'PX', FLAG_TTL_MS);
      this.setRemote(true);
    } catch (e) {
      this.logger.warn(`Could not mark sessions as followed: ${(e as Error).message}`);
    }
  }

  private async poll(): Promise<void> {
    if (this.closed) return;
    try {
      this.setRemote((await this.pub.exists(this.flagKey)) === 1);
    } catch {
      /* Redis unreachable: keep the last answer; ioredis logs through the error handler */
    }
  }

  private setRemote(value: boolean): void {
    if (value === this.remoteFollowed) return;
    this.remoteFollowed = value;
    this.onFlagChange();
  }

  private onRemote(text: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch {
      return;
    }
    if (!envelope || envelope.origin === this.origin) return;
    const { origin: _origin, ...payload } = envelope;
    this.deliver(payload);
  }
}
