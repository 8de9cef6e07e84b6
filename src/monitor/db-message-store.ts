import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUuid } from '../common/validation/uuid-param.pipe';
import type { MessageQuery, MessageStore } from '../engine/ports/ports';
import { Message } from '../engine/schema/message';
import { MessageEvents } from './message-events';
import {
  MESSAGE_SELECT, RawMessageRow, StoredMessage, fromMessageRow, matchesQuery, messageParams, messageUpsertSql,
  normaliseMessage, queryWhere, sortInstant,
} from './message-row';
import { SqlRunner, SqlStatement, createSqlRunner } from './sql-runner';
import { uuid7 } from './uuid7';
import { WriteBehindQueue } from './write-behind';

/** A message waiting to be written. `isNew`: not in the database before this write. */
interface PendingMessage extends StoredMessage {
  isNew: boolean;
}

/** How long a message may wait before its batch is written, and the largest batch. */
export const MESSAGE_FLUSH_DELAY_MS = 10;
export const MESSAGE_MAX_BATCH = 256;
/** Rows per multi-row INSERT on Postgres (14 parameters each). */
const PG_ROWS_PER_STATEMENT = 256;

/**
 * The engine's MessageStore port on the `message` table (SQLite or Postgres).
 *
 * Writes are write-behind: `add`/`update` assign the id, queue the row and resolve at once; the
 * queue is written every few milliseconds in one transaction (upserts with prepared
 * statements, never TypeORM `save`). `list` merges rows not yet written, so the next run of a
 * session (Memory, Agent history) sees messages stored a moment before: read-your-writes within
 * this process. `flush()` resolves once everything queued before it is committed; the monitor
 * API calls it before reading or changing rows.
 *
 * A message whose flow was never in the database (a flow run ad hoc) is kept with a null
 * flow_id, so its session history still works; it is invisible to the monitor API. One whose
 * flow was deleted while it waited is dropped, like the flow's other messages.
 */
@Injectable()
export class DbMessageStore implements MessageStore, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(DbMessageStore.name);
  readonly sql: SqlRunner;
  private readonly queue: WriteBehindQueue<string, PendingMessage>;
  /** Flow ids that failed the foreign key lately: written as null without a failed batch first. */
  private readonly unknownFlows = new Set<string>();
  /** Flow ids written successfully: one failing the foreign key later was deleted. */
  private readonly knownFlows = new Set<string>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: MessageEvents,
  ) {
    this.sql = createSqlRunner(dataSource);
    this.queue = new WriteBehindQueue<string, PendingMessage>({
      write: (batch) => this.write(batch),
      onError: (error) => this.logger.error(`Could not store messages: ${(error as Error).message}`),
      delayMs: MESSAGE_FLUSH_DELAY_MS,
      maxBatch: MESSAGE_MAX_BATCH,
    });
  }

  /**
   * Stores a new message (an existing id is replaced). Sets `message.id` and returns a copy of
   * the message with its id, extras (template, component_id...) included, as the in-memory
   * store does; reads return the stored columns only.
   */
  async add(message: Message): Promise<Message> {
    const id = message.id && isUuid(message.id) ? message.id.toLowerCase() : uuid7();
    const stored = this.enqueue(message, id, true);
    message.id = id;
    if (this.events.hasListeners) this.events.emit({ type: 'added', message: stored.clone() });
    return message.clone();
  }

  /** Replaces the stored message with the same id (inserting it when unknown); keeps its timestamp. */
  async update(message: Message): Promise<Message> {
    if (!message.id || !isUuid(message.id)) return this.add(message);
    const id = message.id.toLowerCase();
    const stored = this.enqueue(message, id, false);
    if (this.events.hasListeners) this.events.emit({ type: 'updated', message: stored.clone() });
    return message.clone({ id });
  }

  /** History read: `error` messages excluded, timestamp order (ASC by default), optional limit. */
  async list(query: MessageQuery): Promise<Message[]> {
    const limit = query.limit && query.limit > 0 ? Math.floor(query.limit) : undefined;
    const desc = query.order === 'DESC';
    const { where, params } = queryWhere(query, this.sql);
    const dir = desc ? 'DESC' : 'ASC';
    // Taken before the query: a batch committed while it runs is then either in the result or
    // in this snapshot (or both, merged by id), never in neither.
    const pending = this.queue.size ? [...this.queue.pending()] : null;
    const rows = await this.sql.all<RawMessageRow>(
      `SELECT ${MESSAGE_SELECT} FROM "message" m WHERE ${where} ORDER BY m."timestamp" ${dir}, m.${this.sql.seq} ${dir}${limit ? ' LIMIT ?' : ''}`,
      limit ? [...params, limit] : params,
    );
    const fromDb = rows.map((r) => fromMessageRow(r, this.sql));
    if (!pending) return fromDb.map((s) => s.message);
    return this.mergePending(fromDb, pending, query, desc, limit);
  }

  async delete(id: string): Promise<void> {
    await this.deleteMany([id]);
  }

  /** Deletes messages by id (queued ones included). */
  async deleteMany(ids: string[]): Promise<void> {
    const wanted = new Set(ids.filter(isUuid).map((i) => i.toLowerCase()));
    if (!wanted.size) return;
    this.queue.drop((_v, key) => wanted.has(key));
    await this.queue.flush();
    const list = [...wanted];
    for (let i = 0; i < list.length; i += 500) {
      const chunk = list.slice(i, i + 500);
      await this.sql.run(`DELETE FROM "message" WHERE "id" IN (${chunk.map(() => '?').join(', ')})`, chunk);
    }
  }

  /** Resolves once every message accepted before the call is in the database. */
  flush(): Promise<void> {
    return this.queue.flush();
  }

  /** Messages accepted but not yet written (for diagnostics and tests). */
  get pendingCount(): number {
    return this.queue.size;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.queue.flush();
  }

  async onApplicationShutdown(): Promise<void> {
    // Writes that arrived while other modules shut down.
    if (this.queue.size && this.dataSource.isInitialized) await this.queue.flush();
  }

  private enqueue(message: Message, id: string, added: boolean): Message {
    const queued = this.queue.queued(id);
    const writing = this.queue.writing(id);
    const known = queued ?? writing;
    const at = known ? known.at : sortInstant(message.timestamp, new Date());
    const stored = normaliseMessage(message, id, at);
    // Still new only if the insert has not started; an update of a row being written is an update.
    const isNew = queued ? queued.isNew : writing ? false : added;
    this.queue.put(id, { message: stored, at, isNew });
    return stored;
  }

  private async write(batch: PendingMessage[]): Promise<void> {
    const rows = batch.map((p) => ({ p, flowId: this.flowIdFor(p.message) }));
    const statements: SqlStatement[] = [];
    if (this.sql.driver === 'sqlite') {
      const sql = messageUpsertSql(1);
      for (const { p, flowId } of rows) statements.push({ sql, params: messageParams(p.message, p.at, this.sql, flowId) });
    } else {
      for (let i = 0; i < rows.length; i += PG_ROWS_PER_STATEMENT) {
        const chunk = rows.slice(i, i + PG_ROWS_PER_STATEMENT);
        statements.push({
          sql: messageUpsertSql(chunk.length),
          params: chunk.flatMap(({ p, flowId }) => messageParams(p.message, p.at, this.sql, flowId)),
        });
      }
    }
    try {
      await this.sql.transaction(statements);
    } catch (error) {
      if (!this.sql.isForeignKeyError(error)) this.logger.warn(`Batch of ${batch.length} messages failed, retrying one by one: ${(error as Error).message}`);
      await this.writeOneByOne(rows);
      return;
    }
    for (const { flowId } of rows) if (flowId && !this.knownFlows.has(flowId)) this.rememberFlow(this.knownFlows, flowId);
  }

  /**
   * Row by row. A message of a flow that was never stored (an ad hoc run) is kept with a null
   * flow_id so its session history works; one of a flow deleted meanwhile goes with the flow.
   */
  private async writeOneByOne(rows: { p: PendingMessage; flowId: string | null }[]): Promise<void> {
    const sql = messageUpsertSql(1);
    for (const { p, flowId } of rows) {
      try {
        await this.sql.run(sql, messageParams(p.message, p.at, this.sql, flowId));
        if (flowId) this.rememberFlow(this.knownFlows, flowId);
      } catch (error) {
        if (flowId && this.sql.isForeignKeyError(error) && this.knownFlows.has(flowId)) continue;
        if (flowId && this.sql.isForeignKeyError(error)) {
          this.rememberFlow(this.unknownFlows, flowId);
          try {
            await this.sql.run(sql, messageParams(p.message, p.at, this.sql, null));
            continue;
          } catch (retryError) {
            error = retryError;
          }
        }
        this.logger.error(`Could not store message ${p.message.id}: ${(error as Error).message}`);
      }
    }
  }

  private flowIdFor(m: Message): string | null {
    return m.flow_id && !this.unknownFlows.has(m.flow_id) ? m.flow_id : null;
  }

  private rememberFlow(set: Set<string>, flowId: string): void {
    if (set.size >= 10_000) set.clear();
    set.add(flowId);
  }

  /** Combines database rows with queued ones, as if the queue had been written. */
  private mergePending(fromDb: StoredMessage[], pending: PendingMessage[], query: MessageQuery, desc: boolean, limit: number | undefined): Message[] {
    const n = fromDb.length;
    // ordinal: position in ascending order; queued rows come after database rows.
    const merged: ({ s: StoredMessage; ordinal: number } | null)[] = fromDb.map((s, i) => ({ s, ordinal: desc ? n - 1 - i : i }));
    const index = new Map<string, number>();
    merged.forEach((e, i) => index.set(e!.s.message.id!, i));
    let appended = 0;
    for (const p of pending) {
      const id = p.message.id!;
      const matches = matchesQuery(p.message, query);
      const i = index.get(id);
      if (i !== undefined) {
        const current = merged[i];
        merged[i] = matches && current ? { s: { message: p.message, at: current.s.at }, ordinal: current.ordinal } : null;
        if (!matches) index.delete(id);
      } else if (p.isNew && matches) {
        index.set(id, merged.length);
        merged.push({ s: p, ordinal: n + appended++ });
      }
    }
    const kept = merged.filter((e): e is { s: StoredMessage; ordinal: number } => e !== null);
    kept.sort((a, b) => a.s.at.getTime() - b.s.at.getTime() || a.ordinal - b.ordinal);
    if (desc) kept.reverse();
    const out = limit ? kept.slice(0, limit) : kept;
    return out.map((e) => e.s.message.clone());
  }
}
