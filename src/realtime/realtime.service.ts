import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import type { Server, Socket } from 'socket.io';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { INVALID_API_KEY } from '../auth/api-key-messages';
import { AuthService } from '../auth/auth.service';
import { TokenService } from '../auth/token.service';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { APP_CONFIG, ServerConfig } from '../config/config.module';
import { JOB_STORE, JobStore, JobSubscription } from '../execution/events/job-store';
import { Flow } from '../flows/flow.entity';
import { MessageChange, MessageEvents } from '../monitor/message-events';
import { RedisMessageFanout } from './message-fanout';
import { HandshakeLike, socketCredentials } from './socket-credentials';

/** An error a socket client sees: as `connect_error` (err.message, err.data) or in an ack. */
export class RealtimeError extends Error {
  constructor(readonly status: number, readonly detail: string) {
    super(detail);
  }

  toAck(): { error: { status: number; detail: string } } {
    return { error: { status: this.status, detail: this.detail } };
  }
}

export interface SocketState {
  user: AuthUser;
  jobs: Map<string, JobSubscription>;
  sessions: Set<string>;
}

/** What the server emits to a client. */
export interface ServerToClientEvents {
  job_event: (payload: JobEventPayload) => void;
  job_end: (payload: JobEndPayload) => void;
  message: (payload: SessionMessagePayload) => void;
}

export type RealtimeSocket = Socket<Record<string, never>, ServerToClientEvents, Record<string, never>, SocketState>;
export type RealtimeServer = Server<Record<string, never>, ServerToClientEvents, Record<string, never>, SocketState>;

/** The socket.io payloads (see README/COMPATIBILITY: the realtime protocol). */
export interface JobEventPayload {
  job_id: string;
  index: number;
  event: string;
  data: unknown;
}

export interface JobEndPayload {
  job_id: string;
  status: string;
  failure: unknown;
}

export interface SessionMessagePayload {
  flow_id: string;
  session_id: string;
  /** added | updated | deleted (the monitor's MessageChange types) */
  action: 'added' | 'updated' | 'deleted';
  message: unknown;
}

const MAX_SUBSCRIPTIONS_PER_SOCKET = 200;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export function sessionRoom(flowId: string, sessionId: string): string {
  return `session:${flowId.toLowerCase()}:${sessionId}`;
}

/**
 * Socket authentication and subscriptions: a socket follows the event log of jobs on its user's
 * flows (through the execution area's JobStore, so a Redis-backed store delivers events written by
 * any replica) and the new messages of its user's chat sessions.
 */
@Injectable()
export class RealtimeService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RealtimeService.name);
  private server: RealtimeServer | undefined;
  private jobStore: JobStore | null | undefined;
  private messageEvents: MessageEvents | null | undefined;
  /** Session-room memberships across sockets: the message hook is only attached while > 0. */
  private sessionFollowers = 0;
  private stopListening: (() => void) | undefined;
  /** With LANGFLOW_REDIS_URL: messages stored by other processes (queue workers, replicas). */
  private fanout: RedisMessageFanout | undefined;

  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly tokens: TokenService,
    private readonly auth: AuthService,
    private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
    @Inject(APP_CONFIG) private readonly config: ServerConfig,
  ) {}

  attach(server: RealtimeServer): void {
    this.server = server;
  }

  onModuleInit(): void {
    if (this.config.redisUrl) {
      this.fanout = new RedisMessageFanout(
        this.config.redisUrl,
        this.config.execution.redisPrefix,
        (payload) => this.deliver(payload),
        () => this.updateListener(),
      );
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopListening?.();
    this.stopListening = undefined;
    this.server = undefined;
    await this.fanout?.close();
    this.fanout = undefined;
  }

  /** The user behind a handshake; throws a RealtimeError (401/403) otherwise. */
  async authenticate(handshake: HandshakeLike): Promise<AuthUser> {
    this.checkOrigin(handshake);
    const credentials = socketCredentials(handshake);
    let user: AuthUser | null = null;
    if (credentials.kind === 'api-key') {
      user = await this.apiKeys.authenticate(credentials.value);
      if (!user) throw new RealtimeError(403, INVALID_API_KEY);
    } else if (credentials.kind === 'jwt') {
      const claims = this.tokens.verify(credentials.value);
      if (!claims || claims.type !== 'access' || !claims.sub) throw new RealtimeError(401, 'Could not validate credentials');
      user = await this.auth.userById(claims.sub);
      if (!user) throw new RealtimeError(401, 'User not found or is inactive.');
    } else {
      throw new RealtimeError(401, 'An API key or an access token must be passed (auth.apiKey, auth.token, x-api-key, ?token= or the access_token_lf cookie)');
    }
    if (!user.is_active) throw new RealtimeError(401, 'Inactive user');
    return user;
  }

  initSocket(socket: RealtimeSocket, user: AuthUser): void {
    socket.data = { user, jobs: new Map(), sessions: new Set() };
  }

  /** Starts delivering `job_event` from index `from`; a finished job delivers its log, then `job_end`. */
  async subscribeJob(socket: RealtimeSocket, body: unknown): Promise<{ job_id: string; status: string; from: number }> {
    const { job_id: jobId, from: rawFrom } = objectBody(body);
    if (typeof jobId !== 'string' || !UUID.test(jobId)) throw new RealtimeError(422, 'job_id must be a UUID string');
    const from = rawFrom === undefined || rawFrom === null ? 0 : Number(rawFrom);
    if (!Number.isInteger(from) || from < 0) throw new RealtimeError(422, 'from must be a non-negative integer');
    const store = this.store();
    const record = await store.get(jobId);
    if (!record) throw new RealtimeError(404, `Job not found: ${jobId}`);
    const user = socket.data.user;
    if (record.owner.userId !== user.id && (await this.flowOwner(record.flowId)) !== user.id) {
      throw new RealtimeError(403, 'You do not have permission to follow this job');
    }
    this.checkLimit(socket);
    socket.data.jobs.get(jobId)?.unsubscribe();
    let closed = false;
    const subscription = store.subscribe(jobId, from, {
      onEvent: (event, index) => {
        const payload: JobEventPayload = { job_id: jobId, index, event: event.event, data: event.data };
        socket.emit('job_event', payload);
      },
      onClose: (final) => {
        closed = true;
        socket.data.jobs?.delete(jobId);
        socket.emit('job_end', { job_id: jobId, status: final.status, failure: final.failure ?? null });
      },
    });
    // A finished job closes inside subscribe(): keep the handle only while it is live.
    if (!closed) socket.data.jobs.set(jobId, subscription);
    return { job_id: jobId, status: record.status, from };
  }

  unsubscribeJob(socket: RealtimeSocket, body: unknown): { job_id: string; unsubscribed: boolean } {
    const { job_id: jobId } = objectBody(body);
    if (typeof jobId !== 'string') throw new RealtimeError(422, 'job_id must be a UUID string');
    const subscription = socket.data.jobs.get(jobId);
    subscription?.unsubscribe();
    socket.data.jobs.delete(jobId);
    return { job_id: jobId, unsubscribed: !!subscription };
  }

  /** Joins the room of one chat session of one of the caller's flows: `message` events follow. */
  async subscribeSession(socket: RealtimeSocket, body: unknown): Promise<{ flow_id: string; session_id: string }> {
    const { flow_id: flowId, session_id: sessionId } = objectBody(body);
    if (typeof flowId !== 'string' || !UUID.test(flowId)) throw new RealtimeError(422, 'flow_id must be a UUID string');
    if (typeof sessionId !== 'string' || !sessionId || sessionId.length > 1000) throw new RealtimeError(422, 'session_id must be a non-empty string');
    const owner = await this.flowOwner(flowId);
    if (owner === undefined) throw new RealtimeError(404, `Flow not found: ${flowId}`);
    if (owner !== socket.data.user.id) throw new RealtimeError(403, 'You do not have permission to follow this flow');
    this.checkLimit(socket);
    const room = sessionRoom(flowId, sessionId);
    if (!socket.data.sessions.has(room)) {
      socket.data.sessions.add(room);
      this.followSessions(1);
    }
    await socket.join(room);
    return { flow_id: flowId, session_id: sessionId };
  }

  async unsubscribeSession(socket: RealtimeSocket, body: unknown): Promise<{ flow_id: string; session_id: string; unsubscribed: boolean }> {
    const { flow_id: flowId, session_id: sessionId } = objectBody(body);
    if (typeof flowId !== 'string' || typeof sessionId !== 'string') throw new RealtimeError(422, 'flow_id and session_id must be strings');
    const room = sessionRoom(flowId, sessionId);
    const had = socket.data.sessions.delete(room);
    if (had) this.followSessions(-1);
    await socket.leave(room);
    return { flow_id: flowId, session_id: sessionId, unsubscribed: had };
  }

  /** Sends a stored/changed/deleted message to the sockets following its session. */
  publishMessage(flowId: string | null | undefined, sessionId: string | null | undefined, action: SessionMessagePayload['action'], message: unknown): void {
    if (!flowId || !sessionId) return;
    const payload: SessionMessagePayload = { flow_id: flowId, session_id: sessionId, action, message };
    if (this.sessionFollowers > 0) this.deliver(payload);
    if (this.fanout?.anyoneFollows) this.fanout.publish(payload);
  }

  /** Emits to this process's sockets in the session's room. */
  private deliver(payload: SessionMessagePayload): void {
    this.server?.to(sessionRoom(payload.flow_id, payload.session_id)).emit('message', payload);
  }

  dropSocket(socket: RealtimeSocket): void {
    for (const subscription of socket.data?.jobs?.values() ?? []) subscription.unsubscribe();
    socket.data?.jobs?.clear();
    const rooms = socket.data?.sessions?.size ?? 0;
    socket.data?.sessions?.clear();
    if (rooms) this.followSessions(-rooms);
  }

  /**
   * Attaches the monitor's message hook while any socket follows a session, and detaches it
   * after the last one leaves, so /run pays nothing (the store clones a message only for listeners).
   */
  private followSessions(delta: number): void {
    this.sessionFollowers = Math.max(0, this.sessionFollowers + delta);
    if (this.fanout) void this.fanout.setFollowing(this.sessionFollowers > 0);
    this.updateListener();
  }

  /** The hook is needed while sockets here follow a session, or (Redis) while any process's do. */
  private updateListener(): void {
    const wanted = this.sessionFollowers > 0 || (this.fanout?.anyoneFollows ?? false);
    if (wanted && !this.stopListening) {
      const events = this.events();
      if (events) this.stopListening = events.onChange((change) => this.onMessageChange(change));
    } else if (!wanted && this.stopListening) {
      this.stopListening();
      this.stopListening = undefined;
    }
  }

  private onMessageChange(change: MessageChange): void {
    if (change.type === 'added' || change.type === 'updated') {
      const m = change.message;
      this.publishMessage(m.flow_id, m.session_id, change.type, { id: m.id, ...m.toJSON() });
    } else if (change.type === 'deleted' && change.session_id) {
      for (const flowId of change.flow_ids ?? []) {
        this.publishMessage(flowId, change.session_id, 'deleted', { ids: change.ids ?? null, session_id: change.session_id });
      }
    }
  }

  private events(): MessageEvents | null {
    if (this.messageEvents === undefined) {
      try {
        this.messageEvents = this.moduleRef.get(MessageEvents, { strict: false });
      } catch {
        this.messageEvents = null;
        this.logger.warn('No message store hook is registered: session subscriptions receive no messages');
      }
    }
    return this.messageEvents ?? null;
  }

  private checkLimit(socket: RealtimeSocket): void {
    if (socket.data.jobs.size + socket.data.sessions.size >= MAX_SUBSCRIPTIONS_PER_SOCKET) {
      throw new RealtimeError(429, `At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions per connection`);
    }
  }

  /** With a CORS allow-list, a browser page from another origin may not ride on the user's cookie. */
  private checkOrigin(handshake: HandshakeLike): void {
    const origins = this.config.cors.origins;
    const origin = handshake.headers.origin;
    if (origins === '*' || !origin) return;
    if (!origins.includes(origin)) throw new RealtimeError(403, 'Origin not allowed');
  }

  /** The flow's owner id; null for a starter flow, undefined when there is no such flow. */
  private async flowOwner(flowId: string): Promise<string | null | undefined> {
    const flow = await this.dataSource.getRepository(Flow).findOne({ where: { id: flowId }, select: { id: true, user_id: true } });
    return flow ? flow.user_id : undefined;
  }

  private store(): JobStore {
    if (this.jobStore === undefined) {
      try {
        this.jobStore = this.moduleRef.get<JobStore>(JOB_STORE, { strict: false });
      } catch {
        this.jobStore = null;
      }
    }
    if (!this.jobStore) {
      this.logger.warn('No job store is registered: job subscriptions are unavailable');
      throw new RealtimeError(503, 'Job events are not available on this server');
    }
    return this.jobStore;
  }
}

function objectBody(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new RealtimeError(422, 'The message body must be a JSON object');
  return body as Record<string, unknown>;
}
