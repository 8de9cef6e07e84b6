import type { Message } from '../schema/message';

/** Filter for message history reads (Memory, Agent history). `error == false` is implied. */
export interface MessageQuery {
  session_id?: string | null;
  context_id?: string | null;
  sender?: string | null;
  sender_name?: string | null;
  flow_id?: string | null;
  /** Timestamp order; default ASC. */
  order?: 'ASC' | 'DESC';
  limit?: number;
}

/**
 * Message store (Langflow's `message` table). ChatInput/ChatOutput/Memory/Agents write through it.
 * `add` inserts, assigning a uuid when the message has no id (and sets `message.id`), and returns
 * the stored message;
 * `update` replaces the stored row with the same id (inserting it if missing).
 * `list` returns non-error messages matching the filter, ordered by timestamp.
 */
export interface MessageStore {
  add(message: Message): Promise<Message>;
  update(message: Message): Promise<Message>;
  list(query: MessageQuery): Promise<Message[]>;
  delete?(id: string): Promise<void>;
}

export interface VariableLookup {
  userId?: string | null;
  flowId?: string | null;
}

/**
 * Resolves `load_from_db` field values (global variable names) to secrets.
 * The engine first looks at the run's request variables (X-LANGFLOW-GLOBAL-VAR-*), then asks this port.
 * Return `undefined` for an unknown name.
 */
export interface VariableResolver {
  get(name: string, lookup: VariableLookup): Promise<string | undefined> | string | undefined;
}

/** File storage (uploaded files referenced by `file` fields: "<flow_id>/<name>" or "<user_id>/<name>"). */
export interface FileStorage {
  read(path: string): Promise<Buffer>;
  write(path: string, data: Buffer | string): Promise<string>;
  exists?(path: string): Promise<boolean>;
}

export interface Clock {
  now(): Date;
}

/** Outbound HTTP (fetch-compatible). */
export interface HttpClient {
  fetch(url: string, init?: RequestInit): Promise<Response>;
}

/** What is kept for a frozen vertex between runs. */
export interface CachedVertexResult {
  results: Record<string, unknown>;
  artifacts: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  timestamp: number;
}

/** Frozen-vertex cache, keyed by flow id + vertex id. Share it across runs (and processes) on the server. */
export interface VertexCache {
  get(flowId: string, vertexId: string): Promise<CachedVertexResult | undefined> | CachedVertexResult | undefined;
  set(flowId: string, vertexId: string, value: CachedVertexResult): Promise<void> | void;
  clear?(flowId?: string): Promise<void> | void;
}

/** All ports the engine needs from its host. Every one is optional; defaults are in-memory. */
export interface EnginePorts {
  messages: MessageStore;
  variables: VariableResolver;
  files: FileStorage;
  clock: Clock;
  http: HttpClient;
  cache: VertexCache;
}
