import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { RealtimeError, RealtimeServer, RealtimeService, RealtimeSocket } from './realtime.service';

type Ack<T> = T | { error: { status: number; detail: string } };

/**
 * socket.io at /socket.io/ (default namespace), on the HTTP server's port. Handshakes are
 * authenticated in a namespace middleware, so an unauthenticated client gets `connect_error`
 * (message = detail, data = {status, detail}) and never connects. Every client message answers
 * through its ack: the result, or {error: {status, detail}}.
 */
@WebSocketGateway({ cors: { origin: true, credentials: true }, serveClient: false })
export class RealtimeGateway implements OnGatewayInit, OnGatewayDisconnect {
  private readonly logger = new Logger(RealtimeGateway.name);

  constructor(private readonly realtime: RealtimeService) {}

  afterInit(server: RealtimeServer): void {
    this.realtime.attach(server);
    server.use((socket, next) => {
      this.realtime.authenticate(socket.handshake).then(
        (user) => {
          this.realtime.initSocket(socket, user);
          next();
        },
        (error: unknown) => {
          const known = error instanceof RealtimeError ? error : new RealtimeError(500, 'Could not authenticate the connection');
          if (!(error instanceof RealtimeError)) this.logger.error(`socket authentication failed: ${(error as Error)?.stack ?? error}`);
          next(Object.assign(new Error(known.detail), { data: { status: known.status, detail: known.detail } }));
        },
      );
    });
  }

  handleDisconnect(socket: RealtimeSocket): void {
    this.realtime.dropSocket(socket);
  }

  /** {job_id, from?} → ack {job_id, status, from}; then job_event {job_id, index, event, data} … job_end. */
  @SubscribeMessage('subscribe_job')
  subscribeJob(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() body: unknown): Promise<Ack<unknown>> {
    return this.answer(() => this.realtime.subscribeJob(socket, body));
  }

  /** {job_id} → ack {job_id, unsubscribed}. */
  @SubscribeMessage('unsubscribe_job')
  unsubscribeJob(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() body: unknown): Promise<Ack<unknown>> {
    return this.answer(async () => this.realtime.unsubscribeJob(socket, body));
  }

  /** {flow_id, session_id} → ack {flow_id, session_id}; then message {flow_id, session_id, action, message}. */
  @SubscribeMessage('subscribe_session')
  subscribeSession(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() body: unknown): Promise<Ack<unknown>> {
    return this.answer(() => this.realtime.subscribeSession(socket, body));
  }

  /** {flow_id, session_id} → ack {flow_id, session_id, unsubscribed}. */
  @SubscribeMessage('unsubscribe_session')
  unsubscribeSession(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() body: unknown): Promise<Ack<unknown>> {
    return this.answer(() => this.realtime.unsubscribeSession(socket, body));
  }

  /** Errors go back in the ack; nothing a client sends can throw past here. */
  private async answer<T>(work: () => Promise<T>): Promise<Ack<T>> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof RealtimeError) return error.toAck();
      this.logger.error(`socket message failed: ${(error as Error)?.stack ?? error}`);
      return { error: { status: 500, detail: 'Internal error' } };
    }
  }
}
