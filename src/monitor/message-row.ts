import { isUuid } from '../common/validation/uuid-param.pipe';
import { Message, formatTimestamp } from '../engine/schema/message';
import type { MessageQuery } from '../engine/ports/ports';
import type { SqlRunner } from './sql-runner';

/** Columns of the message table, in the order the INSERT binds them. */
export const MESSAGE_COLUMNS = [
  'id', 'timestamp', 'sender', 'sender_name', 'session_id', 'context_id', 'text', 'files',
  'error', 'edit', 'properties', 'category', 'content_blocks', 'flow_id',
] as const;

const Q = (c: string) => `"${c}"`;
const ROW_VALUES = `(${MESSAGE_COLUMNS.map(() => '?').join(', ')})`;
const UPSERT_TAIL =
  ` ON CONFLICT ("id") DO UPDATE SET ` +
  MESSAGE_COLUMNS.filter((c) => c !== 'id' && c !== 'timestamp')
    .map((c) => `${Q(c)} = excluded.${Q(c)}`)
    .join(', ');

/**
 * INSERT of `rows` messages; an existing id is updated in place (its timestamp, and so its
 * position in the history, is kept).
 */
export function messageUpsertSql(rows: number): string {
  return `INSERT INTO "message" (${MESSAGE_COLUMNS.map(Q).join(', ')}) VALUES ${Array(rows).fill(ROW_VALUES).join(', ')}${UPSERT_TAIL}`;
}

export const MESSAGE_SELECT = MESSAGE_COLUMNS.map((c) => `m.${Q(c)}`).join(', ');

/** A message as the store keeps it: the normalised Message and the exact time it sorts by. */
export interface StoredMessage {
  message: Message;
  at: Date;
}

const SECONDS_UTC = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) UTC$/;

/**
 * The instant a new message sorts by. Langflow's timestamps have whole seconds; a message
 * stamped with the current second gets the current millisecond, so a run's messages keep their
 * order. One stamped a little earlier (created just before a second boundary) sorts at the end
 * of its own second. Older values (explicit past timestamps) and ISO strings are taken as they are.
 */
export function sortInstant(timestamp: string | null | undefined, now: Date): Date {
  if (timestamp) {
    const s = SECONDS_UTC.exec(timestamp);
    if (s) {
      const base = Date.parse(`${s[1]}T${s[2]}Z`);
      const delta = now.getTime() - base;
      if (delta >= 0 && delta < 1000) return now;
      if (delta >= 1000 && delta < 60_000) return new Date(base + 999);
      return new Date(base);
    }
    const parsed = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(timestamp) ? timestamp : `${timestamp.replace(' ', 'T')}Z`);
    if (!Number.isNaN(parsed)) return new Date(parsed);
  }
  return now;
}

function fileRef(f: unknown): unknown {
  if (typeof f === 'string') return f;
  if (f && typeof f === 'object' && typeof (f as { path?: unknown }).path === 'string') return (f as { path: string }).path;
  return f;
}

/** The Message as it is stored and read back: table fields only (no extras, no stream). */
export function normaliseMessage(m: Message, id: string, at: Date): Message {
  return new Message({
    id,
    timestamp: formatTimestamp(at),
    sender: m.sender ?? '',
    sender_name: m.sender_name ?? '',
    session_id: m.session_id ?? '',
    context_id: m.context_id ?? null,
    text: typeof m.text === 'string' ? m.text : '',
    files: (m.files ?? []).map(fileRef),
    error: !!m.error,
    edit: !!m.edit,
    properties: m.properties,
    category: m.category || 'message',
    content_blocks: m.content_blocks ?? [],
    flow_id: m.flow_id && isUuid(m.flow_id) ? m.flow_id.toLowerCase() : null,
  });
}

/** Bind parameters for one row of messageUpsertSql. */
export function messageParams(m: Message, at: Date, sql: SqlRunner, flowId: string | null = m.flow_id): unknown[] {
  return [
    m.id,
    sql.date(at),
    m.sender ?? '',
    m.sender_name ?? '',
    m.session_id ?? '',
    m.context_id ?? null,
    typeof m.text === 'string' ? m.text : '',
    JSON.stringify(m.files ?? []),
    sql.bool(!!m.error),
    sql.bool(!!m.edit),
    JSON.stringify(m.properties ?? null),
    m.category || 'message',
    JSON.stringify(m.content_blocks ?? []),
    flowId,
  ];
}

export interface RawMessageRow {
  id: string;
  timestamp: unknown;
  sender: string;
  sender_name: string;
  session_id: string;
  context_id: string | null;
  text: string | null;
  files: string | null;
  error: unknown;
  edit: unknown;
  properties: string | null;
  category: string | null;
  content_blocks: string | null;
  flow_id: string | null;
}

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function toBool(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 't' || v === 'true';
}

/** A database row → StoredMessage. */
export function fromMessageRow(row: RawMessageRow, sql: SqlRunner): StoredMessage {
  const at = sql.toDate(row.timestamp);
  const message = new Message({
    id: row.id,
    timestamp: formatTimestamp(at),
    sender: row.sender,
    sender_name: row.sender_name,
    session_id: row.session_id,
    context_id: row.context_id ?? null,
    text: row.text ?? '',
    files: parseJson<unknown[]>(row.files, []),
    error: toBool(row.error),
    edit: toBool(row.edit),
    properties: parseJson<Record<string, unknown> | null>(row.properties, null) ?? undefined,
    category: row.category ?? 'message',
    content_blocks: parseJson<Message['content_blocks']>(row.content_blocks, []),
    flow_id: row.flow_id ?? null,
  });
  return { message, at };
}

/** The filter of the engine's MessageQuery, as InMemoryMessageStore applies it. */
export function matchesQuery(m: Message, q: MessageQuery): boolean {
  return (
    !m.error &&
    (q.session_id == null || m.session_id === q.session_id) &&
    (q.context_id == null || q.context_id === '' || m.context_id === q.context_id) &&
    (q.sender == null || m.sender === q.sender) &&
    (q.sender_name == null || q.sender_name === '' || m.sender_name === q.sender_name) &&
    (q.flow_id == null || m.flow_id === q.flow_id)
  );
}

/** WHERE clause and parameters for a MessageQuery (same semantics as matchesQuery). */
export function queryWhere(q: MessageQuery, sql: SqlRunner): { where: string; params: unknown[] } {
  const parts = ['m."error" = ?'];
  const params: unknown[] = [sql.bool(false)];
  if (q.session_id != null) {
    parts.push('m."session_id" = ?');
    params.push(q.session_id);
  }
  if (q.context_id != null && q.context_id !== '') {
    parts.push('m."context_id" = ?');
    params.push(q.context_id);
  }
  if (q.sender != null) {
    parts.push('m."sender" = ?');
    params.push(q.sender);
  }
  if (q.sender_name != null && q.sender_name !== '') {
    parts.push('m."sender_name" = ?');
    params.push(q.sender_name);
  }
  if (q.flow_id != null) {
    if (!isUuid(q.flow_id)) return { where: '1 = 0', params: [] };
    parts.push('m."flow_id" = ?');
    params.push(q.flow_id.toLowerCase());
  }
  return { where: parts.join(' AND '), params };
}
