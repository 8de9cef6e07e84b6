import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MESSAGE_SELECT, RawMessageRow } from './message-row';
import { RawTransactionRow, RawVertexBuildRow } from './monitor.mapper';
import { SqlRunner, createSqlRunner } from './sql-runner';

export interface MessageFilter {
  flow_id?: string;
  session_id?: string;
  sender?: string;
  sender_name?: string;
}

/** Rows of flows owned by the user: the monitor API never sees anything else. */
const OWNED = `m."flow_id" IN (SELECT f."id" FROM "flow" f WHERE f."user_id" = ?)`;

/**
 * Reads and changes for the monitor API, in portable SQL (see SqlRunner). Every message query
 * is restricted to the caller's flows.
 */
@Injectable()
export class MonitorRepository {
  readonly sql: SqlRunner;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.sql = createSqlRunner(dataSource);
  }

  async ownsFlow(userId: string, flowId: string): Promise<boolean> {
    const rows = await this.sql.all('SELECT 1 AS one FROM "flow" WHERE "id" = ? AND "user_id" = ?', [flowId, userId]);
    return rows.length > 0;
  }

  /** `orderBy` must be a column name checked by the caller. */
  listMessages(userId: string, filter: MessageFilter, orderBy: string): Promise<RawMessageRow[]> {
    const { where, params } = this.messageWhere(userId, filter);
    return this.sql.all<RawMessageRow>(
      `SELECT ${MESSAGE_SELECT} FROM "message" m WHERE ${where} ORDER BY m."${orderBy}" ASC, m."timestamp" ASC, m.${this.sql.seq} ASC`,
      params,
    );
  }

  async sessions(userId: string, flowId?: string): Promise<string[]> {
    const { where, params } = this.messageWhere(userId, { flow_id: flowId });
    const rows = await this.sql.all<{ session_id: string }>(
      `SELECT m."session_id" AS session_id, MIN(m."timestamp") AS first_at FROM "message" m WHERE ${where} AND m."session_id" IS NOT NULL GROUP BY m."session_id" ORDER BY first_at ASC`,
      params,
    );
    return rows.map((r) => r.session_id);
  }

  async findMessage(userId: string, id: string): Promise<RawMessageRow | undefined> {
    const rows = await this.sql.all<RawMessageRow>(`SELECT ${MESSAGE_SELECT} FROM "message" m WHERE m."id" = ? AND ${OWNED}`, [id, userId]);
    return rows[0];
  }

  async updateMessage(id: string, set: Record<string, unknown>): Promise<void> {
    const columns = Object.keys(set);
    if (!columns.length) return;
    await this.sql.run(`UPDATE "message" SET ${columns.map((c) => `"${c}" = ?`).join(', ')} WHERE "id" = ?`, [...columns.map((c) => set[c]), id]);
  }

  /** Moves the caller's messages of a session to another session id; returns them. */
  async renameSession(userId: string, oldId: string, newId: string): Promise<RawMessageRow[]> {
    const changed = await this.sql.run(`UPDATE "message" SET "session_id" = ? WHERE "session_id" = ? AND "flow_id" IN (SELECT f."id" FROM "flow" f WHERE f."user_id" = ?)`, [newId, oldId, userId]);
    if (!changed) return [];
    return this.listMessages(userId, { session_id: newId }, 'timestamp');
  }

  async deleteMessages(userId: string, ids: string[]): Promise<number> {
    let deleted = 0;
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      deleted += await this.sql.run(
        `DELETE FROM "message" WHERE "id" IN (${chunk.map(() => '?').join(', ')}) AND "flow_id" IN (SELECT f."id" FROM "flow" f WHERE f."user_id" = ?)`,
        [...chunk, userId],
      );
    }
    return deleted;
  }

  /** id, flow and session of the caller's messages among `ids`. */
  async messageKeys(userId: string, ids: string[]): Promise<{ id: string; flow_id: string; session_id: string }[]> {
    const out: { id: string; flow_id: string; session_id: string }[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      out.push(...(await this.sql.all<{ id: string; flow_id: string; session_id: string }>(
        `SELECT m."id", m."flow_id", m."session_id" FROM "message" m WHERE m."id" IN (${chunk.map(() => '?').join(', ')}) AND ${OWNED}`,
        [...chunk, userId],
      )));
    }
    return out;
  }

  deleteSession(userId: string, sessionId: string): Promise<number> {
    return this.sql.run(`DELETE FROM "message" WHERE "session_id" = ? AND "flow_id" IN (SELECT f."id" FROM "flow" f WHERE f."user_id" = ?)`, [sessionId, userId]);
  }

  /** The flows of the user (for change events). */
  async flowIds(userId: string): Promise<string[]> {
    const rows = await this.sql.all<{ id: string }>('SELECT "id" FROM "flow" WHERE "user_id" = ?', [userId]);
    return rows.map((r) => r.id);
  }

  /** A flow's builds, oldest first. */
  vertexBuilds(flowId: string): Promise<RawVertexBuildRow[]> {
    return this.sql.all<RawVertexBuildRow>(
      `SELECT "build_id", "id", "timestamp", "data", "artifacts", "params", "valid", "flow_id" FROM "vertex_build" WHERE "flow_id" = ? ORDER BY "timestamp" ASC, ${this.sql.seq} ASC`,
      [flowId],
    );
  }

  deleteVertexBuilds(flowId: string): Promise<number> {
    return this.sql.run('DELETE FROM "vertex_build" WHERE "flow_id" = ?', [flowId]);
  }

  async countTransactions(flowId: string): Promise<number> {
    const rows = await this.sql.all<{ n: unknown }>('SELECT COUNT(*) AS n FROM "transaction" WHERE "flow_id" = ?', [flowId]);
    return Number(rows[0]?.n ?? 0);
  }

  /** A page of a flow's transactions, newest first. */
  transactions(flowId: string, offset: number, limit: number): Promise<RawTransactionRow[]> {
    return this.sql.all<RawTransactionRow>(
      `SELECT "id", "timestamp", "vertex_id", "target_id", "inputs", "outputs", "status" FROM "transaction" WHERE "flow_id" = ? ORDER BY "timestamp" DESC, ${this.sql.seq} DESC LIMIT ? OFFSET ?`,
      [flowId, limit, offset],
    );
  }

  private messageWhere(userId: string, filter: MessageFilter): { where: string; params: unknown[] } {
    const parts = [OWNED];
    const params: unknown[] = [userId];
    for (const key of ['flow_id', 'session_id', 'sender', 'sender_name'] as const) {
      const value = filter[key];
      if (value === undefined || value === null || value === '') continue;
      parts.push(`m."${key}" = ?`);
      params.push(value);
    }
    return { where: parts.join(' AND '), params };
  }
}
