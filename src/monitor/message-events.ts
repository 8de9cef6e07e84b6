import { Injectable, Logger } from '@nestjs/common';
import type { Message } from '../engine/schema/message';

/**
 * In-process notifications about stored messages, for live updates (the socket.io gateway
 * pushes "new message in session"). Fired when a message is accepted by the store, before it
 * is flushed to the database; a read in this process already sees it. Multi-replica fan-out
 * (Redis) belongs to the subscriber.
 *
 *   events.onAdded((m) => ...)     // returns an unsubscribe function
 *   events.onUpdated((m) => ...)
 *   events.onChange((change) => ...)  // added | updated | deleted | session_renamed
 */
export type MessageChange =
  | { type: 'added'; message: Message }
  | { type: 'updated'; message: Message }
  /** Deleted by id, or every message of a session (of `flow_ids`, the caller's flows). */
  | { type: 'deleted'; ids?: string[]; session_id?: string; flow_ids?: string[] }
  | { type: 'session_renamed'; old_session_id: string; new_session_id: string; flow_ids?: string[] };

export type MessageChangeListener = (change: MessageChange) => void;

@Injectable()
export class MessageEvents {
  private readonly logger = new Logger(MessageEvents.name);
  private readonly listeners = new Set<MessageChangeListener>();

  get hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  onChange(listener: MessageChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onAdded(listener: (message: Message) => void): () => void {
    return this.onChange((c) => c.type === 'added' && listener(c.message));
  }

  onUpdated(listener: (message: Message) => void): () => void {
    return this.onChange((c) => c.type === 'updated' && listener(c.message));
  }

  emit(change: MessageChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.logger.warn(`A message listener failed: ${(error as Error).message}`);
      }
    }
  }
}
