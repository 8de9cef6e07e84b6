import { Inject, Injectable } from '@nestjs/common';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { HttpError, notFound } from '../common/http/http-error';
import { APP_CONFIG, ServerConfig } from '../config/config.module';
import { defaultProperties } from '../engine/schema/message';
import { DbMessageStore } from './db-message-store';
import { MessageEvents } from './message-events';
import { fromMessageRow } from './message-row';
import { toMessageRead, toMessageResponse, toTransactionRead, toVertexBuildRead } from './monitor.mapper';
import { MonitorRepository } from './monitor.repository';
import { RunRecorder } from './run-recorder';
import {
  MESSAGE_ORDER_COLUMNS, MessageReadDto, MessageResponseDto, MessagesQueryDto, MessageUpdateDto, TransactionsPageDto,
  TransactionsQueryDto, VertexBuildMapDto, VertexBuildReadDto,
} from './dto/monitor.dto';

/** Python UUID's canonical text: lower case with dashes. */
export function canonicalUuid(value: string): string {
  const hex = value.replace(/-/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function decodeOnce(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The monitor API. Reads and changes are limited to messages, builds and transactions of the
 * caller's own flows (Langflow lets any user delete any message by id; Nestflow does not).
 * Queued writes are flushed first, so a run's rows are visible as soon as the run ends.
 */
@Injectable()
export class MonitorService {
  constructor(
    private readonly repo: MonitorRepository,
    private readonly store: DbMessageStore,
    private readonly recorder: RunRecorder,
    private readonly events: MessageEvents,
    @Inject(APP_CONFIG) private readonly config: ServerConfig,
  ) {}

  async listMessages(caller: AuthUser, q: MessagesQueryDto): Promise<MessageResponseDto[]> {
    const orderBy = q.order_by === undefined || q.order_by === '' ? 'timestamp' : q.order_by;
    if (!(MESSAGE_ORDER_COLUMNS as readonly string[]).includes(orderBy)) {
      throw new HttpError(422, [
        {
          type: 'literal_error',
          loc: ['query', 'order_by'],
          msg: `Input should be one of: ${MESSAGE_ORDER_COLUMNS.map((c) => `'${c}'`).join(', ')}`,
          input: orderBy,
          ctx: { expected: MESSAGE_ORDER_COLUMNS.join(', ') },
        },
      ]);
    }
    await this.store.flush();
    const rows = await this.repo.listMessages(
      caller.id,
      {
        flow_id: q.flow_id ? canonicalUuid(q.flow_id) : undefined,
        session_id: q.session_id ? decodeOnce(q.session_id) : undefined,
        sender: q.sender,
        sender_name: q.sender_name,
      },
      orderBy,
    );
    return rows.map((r) => toMessageResponse(r, this.repo.sql));
  }

  async sessions(caller: AuthUser, flowId?: string): Promise<string[]> {
    await this.store.flush();
    return this.repo.sessions(caller.id, flowId ? canonicalUuid(flowId) : undefined);
  }

  async updateMessage(caller: AuthUser, id: string, dto: MessageUpdateDto): Promise<MessageReadDto> {
    await this.store.flush();
    const row = await this.repo.findMessage(caller.id, id);
    if (!row) throw notFound('Message not found');
    const sql = this.repo.sql;
    const set: Record<string, unknown> = {};
    for (const key of ['text', 'sender', 'sender_name', 'session_id', 'context_id'] as const) {
      if (dto[key] !== undefined && dto[key] !== null) set[key] = dto[key];
    }
    if (dto.files != null) set.files = JSON.stringify(dto.files);
    if (dto.edit != null) set.edit = sql.bool(dto.edit);
    if (dto.error != null) set.error = sql.bool(dto.error);
    if (dto.properties != null) set.properties = JSON.stringify({ ...defaultProperties(), ...dto.properties });
    if (typeof set.text === 'string' && set.text !== (row.text ?? '')) set.edit = sql.bool(true);
    await this.repo.updateMessage(id, set);
    const updated = (await this.repo.findMessage(caller.id, id))!;
    if (this.events.hasListeners) this.events.emit({ type: 'updated', message: fromMessageRow(updated, sql).message });
    return toMessageRead(updated, sql);
  }

  async renameSession(caller: AuthUser, oldId: string, newId: string): Promise<MessageResponseDto[]> {
    await this.store.flush();
    const rows = await this.repo.renameSession(caller.id, oldId, newId);
    if (!rows.length) throw notFound('No messages found with the given session ID');
    if (this.events.hasListeners) {
      this.events.emit({ type: 'session_renamed', old_session_id: oldId, new_session_id: newId, flow_ids: await this.repo.flowIds(caller.id) });
    }
    return rows.map((r) => toMessageResponse(r, this.repo.sql));
  }

  async deleteMessages(caller: AuthUser, ids: string[]): Promise<void> {
    await this.store.flush();
    const owned = this.events.hasListeners ? await this.repo.messageKeys(caller.id, ids) : [];
    await this.repo.deleteMessages(caller.id, ids);
    // one event per session, so live views of that session can drop the rows
    const groups = new Map<string, { flowId: string; sessionId: string; ids: string[] }>();
    for (const row of owned) {
      const key = `${row.flow_id}\u0000${row.session_id}`;
      const group = groups.get(key) ?? { flowId: row.flow_id, sessionId: row.session_id, ids: [] };
      group.ids.push(row.id);
      groups.set(key, group);
    }
    for (const g of groups.values()) this.events.emit({ type: 'deleted', ids: g.ids, session_id: g.sessionId, flow_ids: [g.flowId] });
  }

  async deleteSession(caller: AuthUser, sessionId: string): Promise<void> {
    await this.store.flush();
    await this.repo.deleteSession(caller.id, sessionId);
    if (this.events.hasListeners) {
      this.events.emit({ type: 'deleted', session_id: sessionId, flow_ids: await this.repo.flowIds(caller.id) });
    }
  }

  /** Last builds per vertex (at most LANGFLOW_MAX_VERTEX_BUILDS_PER_VERTEX each); empty for flows of others. */
  async vertexBuilds(caller: AuthUser, flowId: string): Promise<VertexBuildMapDto> {
    const id = canonicalUuid(flowId);
    const out: Record<string, VertexBuildReadDto[]> = {};
    if (!(await this.repo.ownsFlow(caller.id, id))) return { vertex_builds: out };
    await this.recorder.flush();
    for (const row of await this.repo.vertexBuilds(id)) (out[row.id] ??= []).push(toVertexBuildRead(row, this.repo.sql));
    const cap = this.config.maxVertexBuildsPerVertex;
    for (const key of Object.keys(out)) if (out[key].length > cap) out[key] = out[key].slice(-cap);
    return { vertex_builds: out };
  }

  async deleteVertexBuilds(caller: AuthUser, flowId: string): Promise<void> {
    const id = canonicalUuid(flowId);
    if (!(await this.repo.ownsFlow(caller.id, id))) return;
    this.recorder.dropPending(id, 'build');
    await this.recorder.flush();
    await this.repo.deleteVertexBuilds(id);
  }

  /** A page of the flow's transactions, newest first (at most LANGFLOW_MAX_TRANSACTIONS_TO_KEEP). */
  async transactions(caller: AuthUser, q: TransactionsQueryDto): Promise<TransactionsPageDto> {
    const page = q.page ?? 1;
    const size = q.size ?? 50;
    const id = canonicalUuid(q.flow_id);
    const empty = { items: [], total: 0, page, size, pages: 0 };
    if (!(await this.repo.ownsFlow(caller.id, id))) return empty;
    await this.recorder.flush();
    const cap = this.config.maxTransactionsToKeep;
    const total = Math.min(await this.repo.countTransactions(id), cap);
    const offset = (page - 1) * size;
    const limit = Math.max(0, Math.min(size, total - offset));
    const rows = limit > 0 ? await this.repo.transactions(id, offset, limit) : [];
    return { items: rows.map((r) => toTransactionRead(r, this.repo.sql)), total, page, size, pages: total ? Math.ceil(total / size) : 0 };
  }
}
