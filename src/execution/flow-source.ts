import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUuid } from '../common/validation/uuid-param.pipe';
import { createSqlRunner, SqlRunner } from '../monitor/sql-runner';

/** The columns a run needs to authorise and find its cached plan; never the graph itself. */
export interface FlowHeader {
  id: string;
  user_id: string | null;
  name: string;
  endpoint_name: string | null;
  /** Version key of the graph (updated_at as stored). */
  version: string;
  access_type: string;
}

/** Lowercase, dashed form of a UUID given with or without dashes. */
export function normalizeUuid(value: string): string {
  const hex = value.replace(/-/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Reads flows for execution with hand-written, per-driver SQL: one indexed lookup of a few small
 * columns per request; `data` is read only when a plan has to be compiled.
 */
@Injectable()
export class FlowSource {
  private readonly sql: SqlRunner;
  private static readonly COLS = 'id, user_id, name, endpoint_name, updated_at, access_type';
  /** SQLite: the by-id lookup as one prepared statement on the DataSource's connection (the /run hot path). */
  private readonly sqliteById: { get(id: string): Record<string, unknown> | undefined } | null = null;

  constructor(db: DataSource) {
    // Prepared statements on SQLite's own connection; the pool on Postgres (the monitor's runner).
    this.sql = createSqlRunner(db);
    if (db.options.type === 'better-sqlite3') {
      const conn = (db.driver as unknown as { databaseConnection?: { prepare(sql: string): { get(...p: unknown[]): unknown } } }).databaseConnection;
      if (conn) {
        const stmt = conn.prepare(`SELECT ${FlowSource.COLS} FROM flow WHERE id = ?`);
        this.sqliteById = { get: (id) => stmt.get(id) as Record<string, unknown> | undefined };
      }
    }
  }

  async byId(id: string): Promise<FlowHeader | null> {
    if (this.sqliteById) {
      const row = this.sqliteById.get(normalizeUuid(id));
      return row ? toHeader(row) : null;
    }
    const rows = await this.sql.all(`SELECT ${FlowSource.COLS} FROM flow WHERE id = ?`, [normalizeUuid(id)]);
    return rows.length ? toHeader(rows[0]) : null;
  }

  /**
   * Langflow's get_flow_by_id_or_endpoint_name: a UUID is a primary key, anything else an
   * endpoint_name. Unlike Langflow (first row of any owner), a name prefers `preferUserId`'s own flow.
   */
  async byIdOrEndpointName(idOrName: string, opts: { userId?: string | null; preferUserId?: string | null } = {}): Promise<FlowHeader | null> {
    if (isUuid(idOrName)) {
      const flow = await this.byId(idOrName);
      if (flow && opts.userId && flow.user_id !== opts.userId) return null;
      return flow;
    }
    if (opts.userId) {
      const rows = await this.sql.all(`SELECT ${FlowSource.COLS} FROM flow WHERE endpoint_name = ? AND user_id = ? LIMIT 1`, [idOrName, opts.userId]);
      return rows.length ? toHeader(rows[0]) : null;
    }
    const rows = await this.sql.all(`SELECT ${FlowSource.COLS} FROM flow WHERE endpoint_name = ? LIMIT 50`, [idOrName]);
    if (!rows.length) return null;
    const own = opts.preferUserId ? rows.find((r) => r.user_id === opts.preferUserId) : undefined;
    return toHeader(own ?? rows[0]);
  }

  /** The stored graph (JSON text), or null. */
  async data(id: string): Promise<string | null> {
    const rows = await this.sql.all('SELECT data FROM flow WHERE id = ?', [id]);
    return rows.length ? (rows[0].data as string | null) : null;
  }
}

function toHeader(row: Record<string, unknown>): FlowHeader {
  const updated = row.updated_at;
  return {
    id: String(row.id),
    user_id: (row.user_id as string | null) ?? null,
    name: String(row.name ?? ''),
    endpoint_name: (row.endpoint_name as string | null) ?? null,
    version: updated instanceof Date ? String(updated.getTime()) : String(updated ?? ''),
    access_type: String(row.access_type ?? 'PRIVATE'),
  };
}
