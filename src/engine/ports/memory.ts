import { randomUUID } from 'node:crypto';
import { Message } from '../schema/message';
import type {
  CachedVertexResult, Clock, EnginePorts, FileStorage, HttpClient, MessageQuery, MessageStore,
  VariableResolver, VertexCache,
} from './ports';

/** In-memory message store (tests, single-process use). */
export class InMemoryMessageStore implements MessageStore {
  private rows: Message[] = [];
  private seq = 0;
  private order = new WeakMap<Message, number>();

  async add(message: Message): Promise<Message> {
    const m = message.clone({ id: message.id ?? randomUUID() });
    this.order.set(m, this.seq++);
    const i = this.rows.findIndex((r) => r.id === m.id);
    if (i >= 0) this.rows[i] = m;
    else this.rows.push(m);
    message.id = m.id;
    return m;
  }

  async update(message: Message): Promise<Message> {
    if (!message.id) return this.add(message);
    const i = this.rows.findIndex((r) => r.id === message.id);
    const m = message.clone();
    if (i >= 0) {
      this.order.set(m, this.order.get(this.rows[i]) ?? this.seq++);
      this.rows[i] = m;
    } else {
      this.order.set(m, this.seq++);
      this.rows.push(m);
    }
    return m;
  }

  async list(q: MessageQuery): Promise<Message[]> {
    let out = this.rows.filter(
      (m) =>
        !m.error &&
        (q.session_id == null || m.session_id === q.session_id) &&
        (q.context_id == null || q.context_id === '' || m.context_id === q.context_id) &&
        (q.sender == null || m.sender === q.sender) &&
        (q.sender_name == null || q.sender_name === '' || m.sender_name === q.sender_name) &&
        (q.flow_id == null || m.flow_id === q.flow_id),
    );
    out.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : this.order.get(a)! - this.order.get(b)!));
    if (q.order === 'DESC') out.reverse();
    if (q.limit) out = out.slice(0, q.limit);
    return out.map((m) => Message.fromRecord(m.toRecord()));
  }

  async delete(id: string): Promise<void> {
    this.rows = this.rows.filter((m) => m.id !== id);
  }

  /** All rows including errors, insertion order (test helper). */
  all(): Message[] {
    return [...this.rows];
  }
}

export class InMemoryVariableResolver implements VariableResolver {
  constructor(private vars: Record<string, string> = {}, private useEnv = false) {}
  get(name: string): string | undefined {
    if (name in this.vars) return this.vars[name];
    return this.useEnv ? process.env[name] : undefined;
  }
  set(name: string, value: string): void {
    this.vars[name] = value;
  }
}

export class InMemoryFileStorage implements FileStorage {
  private files = new Map<string, Buffer>();
  constructor(initial: Record<string, Buffer | string> = {}) {
    for (const [k, v] of Object.entries(initial)) this.files.set(k, Buffer.from(v));
  }
  async read(path: string): Promise<Buffer> {
    const f = this.files.get(path);
    if (!f) throw new Error(`File not found: ${path}`);
    return f;
  }
  async write(path: string, data: Buffer | string): Promise<string> {
    this.files.set(path, Buffer.from(data));
    return path;
  }
  async exists(path: string): Promise<boolean> {
    return this.files.has(path);
  }
  list(): string[] {
    return [...this.files.keys()];
  }
}

export const systemClock: Clock = { now: () => new Date() };

export class FixedClock implements Clock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const globalFetchClient: HttpClient = {
  fetch: (url, init) => fetch(url, init),
};

/** Canned-response HTTP client for tests: routes are matched by `METHOD url` or by url. */
export class InMemoryHttpClient implements HttpClient {
  readonly calls: { url: string; init?: RequestInit }[] = [];
  constructor(private routes: Record<string, (url: string, init?: RequestInit) => Response | Promise<Response>> = {}) {}
  async fetch(url: string, init?: RequestInit): Promise<Response> {
    this.calls.push({ url, init });
    const h = this.routes[`${(init?.method ?? 'GET').toUpperCase()} ${url}`] ?? this.routes[url];
    if (!h) return new Response('not found', { status: 404 });
    return h(url, init);
  }
}

export class InMemoryVertexCache implements VertexCache {
  private m = new Map<string, CachedVertexResult>();
  get(flowId: string, vertexId: string): CachedVertexResult | undefined {
    return this.m.get(flowId + '\u0000' + vertexId);
  }
  set(flowId: string, vertexId: string, v: CachedVertexResult): void {
    this.m.set(flowId + '\u0000' + vertexId, v);
  }
  clear(flowId?: string): void {
    if (!flowId) return this.m.clear();
    for (const k of [...this.m.keys()]) if (k.startsWith(flowId + '\u0000')) this.m.delete(k);
  }
}

/** Default in-memory ports; pass overrides for the ones you implement. */
export function createInMemoryPorts(overrides: Partial<EnginePorts> = {}): EnginePorts {
  return {
    messages: overrides.messages ?? new InMemoryMessageStore(),
    variables: overrides.variables ?? new InMemoryVariableResolver(),
    files: overrides.files ?? new InMemoryFileStorage(),
    clock: overrides.clock ?? systemClock,
    http: overrides.http ?? globalFetchClient,
    cache: overrides.cache ?? new InMemoryVertexCache(),
  };
}
