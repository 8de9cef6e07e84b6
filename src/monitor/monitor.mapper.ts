import { defaultProperties, formatTimestamp } from '../engine/schema/message';
import { RawMessageRow, parseJson, toBool } from './message-row';
import { maskSensitive } from './sensitive';
import type { SqlRunner } from './sql-runner';
import type { MessageReadDto, MessageResponseDto, TransactionReadDto, VertexBuildReadDto } from './dto/monitor.dto';

/** Python's json.dumps (", " separators, ensure_ascii) of a list: MessageResponse.files. */
export function pythonJsonList(items: unknown[]): string {
  const asciiOnly = (s: string) => s.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `[${items.map((i) => asciiOnly(JSON.stringify(i) ?? 'null')).join(', ')}]`;
}

/** Python's naive datetime.isoformat(): "YYYY-MM-DDTHH:MM:SS[.ffffff]" (UTC wall time). */
export function pythonIsoformat(d: Date): string {
  const iso = d.toISOString();
  const ms = d.getUTCMilliseconds();
  return ms ? `${iso.slice(0, 19)}.${String(ms).padStart(3, '0')}000` : iso.slice(0, 19);
}

function properties(raw: string | null): Record<string, unknown> {
  const stored = parseJson<Record<string, unknown> | null>(raw, null);
  return { ...defaultProperties(), ...(stored ?? {}) };
}

/** GET /monitor/messages item (Langflow's MessageResponse): files as a JSON string, no `error`. */
export function toMessageResponse(row: RawMessageRow, sql: SqlRunner): MessageResponseDto {
  return {
    id: row.id,
    flow_id: row.flow_id,
    timestamp: formatTimestamp(sql.toDate(row.timestamp)),
    sender: row.sender,
    sender_name: row.sender_name,
    session_id: row.session_id,
    context_id: row.context_id ?? null,
    text: row.text ?? '',
    files: pythonJsonList(parseJson<unknown[]>(row.files, [])),
    edit: toBool(row.edit),
    duration: null,
    properties: properties(row.properties),
    category: row.category ?? 'message',
    content_blocks: parseJson<unknown[]>(row.content_blocks, []),
  };
}

/** PUT /monitor/messages/{id} reply (Langflow's MessageRead): files as a list. */
export function toMessageRead(row: RawMessageRow, sql: SqlRunner): MessageReadDto {
  return {
    timestamp: formatTimestamp(sql.toDate(row.timestamp)),
    sender: row.sender,
    sender_name: row.sender_name,
    session_id: row.session_id,
    context_id: row.context_id ?? null,
    text: row.text ?? '',
    files: parseJson<unknown[]>(row.files, []),
    error: toBool(row.error),
    edit: toBool(row.edit),
    properties: properties(row.properties),
    category: row.category ?? 'message',
    content_blocks: parseJson<unknown[]>(row.content_blocks, []),
    id: row.id,
    flow_id: row.flow_id,
  };
}

export interface RawTransactionRow {
  id: string;
  timestamp: unknown;
  vertex_id: string;
  target_id: string | null;
  inputs: string | null;
  outputs: string | null;
  status: string;
}

export function toTransactionRead(row: RawTransactionRow, sql: SqlRunner): TransactionReadDto {
  return {
    id: row.id,
    timestamp: pythonIsoformat(sql.toDate(row.timestamp)),
    vertex_id: row.vertex_id,
    target_id: row.target_id ?? null,
    inputs: maskSensitive(parseJson<Record<string, unknown> | null>(row.inputs, null)),
    outputs: maskSensitive(parseJson<Record<string, unknown> | null>(row.outputs, null)),
    status: row.status,
  };
}

export interface RawVertexBuildRow {
  build_id: string;
  id: string;
  timestamp: unknown;
  data: string | null;
  artifacts: string | null;
  params: string | null;
  valid: unknown;
  flow_id: string;
}

export function toVertexBuildRead(row: RawVertexBuildRow, sql: SqlRunner): VertexBuildReadDto {
  return {
    timestamp: pythonIsoformat(sql.toDate(row.timestamp)),
    id: row.id,
    data: parseJson<Record<string, unknown>>(row.data, {}),
    artifacts: parseJson<Record<string, unknown>>(row.artifacts, {}),
    params: row.params,
    valid: toBool(row.valid),
    flow_id: row.flow_id,
    build_id: row.build_id,
  };
}
