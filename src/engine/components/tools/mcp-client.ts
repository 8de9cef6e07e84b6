/**
 * A minimal MCP (Model Context Protocol) client: initialize, tools/list, tools/call.
 * Transports: Streamable HTTP (POST JSON-RPC, JSON or SSE answers, Mcp-Session-Id), the older
 * HTTP+SSE transport (GET the SSE stream, POST to the announced endpoint), and stdio (a child
 * process speaking newline-delimited JSON-RPC).
 */
import { spawn, ChildProcessWithoutNullStreams } from 'child_process';
import { httpRequest, httpStream, readLines, readSse } from '../../net/http-client';
import type { Readable } from 'stream';

export const MCP_PROTOCOL_VERSION = '2025-06-18';

export interface McpServerConfig {
  /** stdio */
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  /** HTTP transports */
  url?: string;
  headers?: Record<string, string>;
  /** 'streamable_http' (default for url) or 'sse' */
  transport?: string;
}

export interface McpTool {
  name: string;
  description?: string;
  inputSchema?: Record<string, any>;
}

export interface McpCallResult {
  content?: Array<{ type: string; text?: string; [k: string]: unknown }>;
  structuredContent?: unknown;
  isError?: boolean;
}

interface Pending {
  resolve: (v: any) => void;
  reject: (e: Error) => void;
}

abstract class JsonRpcSession {
  protected nextId = 1;
  protected pending = new Map<number, Pending>();

  protected deliver(msg: any): void {
    if (msg && msg.id !== undefined && msg.id !== null && (msg.result !== undefined || msg.error)) {
      const p = this.pending.get(Number(msg.id));
      if (!p) return;
      this.pending.delete(Number(msg.id));
      if (msg.error) p.reject(new Error(`MCP error ${msg.error.code ?? ''}: ${msg.error.message ?? JSON.stringify(msg.error)}`));
      else p.resolve(msg.result);
    }
  }

  protected failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  abstract request(method: string, params?: unknown): Promise<any>;
  abstract notify(method: string, params?: unknown): Promise<void>;
  abstract close(): Promise<void>;
}

class StreamableHttpSession extends JsonRpcSession {
  private sessionId: string | null = null;
  private protocol: string | null = null;
  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly signal?: AbortSignal,
  ) {
    super();
  }

  private hdrs(): Record<string, string> {
    return {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(this.sessionId ? { 'mcp-session-id': this.sessionId } : {}),
      ...(this.protocol ? { 'mcp-protocol-version': this.protocol } : {}),
      ...this.headers,
    };
  }

  async request(method: string, params?: unknown): Promise<any> {
    const id = this.nextId++;
    const res = await httpStream(this.url, {
      method: 'POST',
      headers: this.hdrs(),
      body: JSON.stringify({ jsonrpc: '2.0', id, method, ...(params !== undefined ? { params } : {}) }),
      signal: this.signal,
      timeoutMs: 120_000,
    });
    const sid = res.headers['mcp-session-id'];
    if (sid) this.sessionId = sid;
    if (res.status >= 400) {
      let raw = '';
      for await (const c of res.body) raw += c.toString();
      throw new Error(`MCP server answered HTTP ${res.status}: ${raw.slice(0, 200)}`);
    }
    const result = new Promise<any>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    const ct = res.headers['content-type'] ?? '';
    if (/text\/event-stream/i.test(ct)) {
      for await (const ev of readSse(res.body)) {
        try {
          const msg = JSON.parse(ev.data);
          for (const m of Array.isArray(msg) ? msg : [msg]) this.deliver(m);
        } catch {
          /* ignore non-JSON events */
        }
        if (!this.pending.has(id)) break;
      }
      res.body.destroy();
    } else {
      let raw = '';
      for await (const c of res.body) raw += c.toString();
      const msg = raw ? JSON.parse(raw) : null;
      for (const m of Array.isArray(msg) ? msg : [msg]) this.deliver(m);
    }
    if (this.pending.has(id)) {
      this.pending.delete(id);
      throw new Error(`MCP server sent no answer to ${method}`);
    }
    const out = await result;
    if (method === 'initialize') this.protocol = out?.protocolVersion ?? MCP_PROTOCOL_VERSION;
    return out;
  }

  async notify(method: string, params?: unknown): Promise<void> {
    const res = await httpRequest(this.url, {
      method: 'POST',
      headers: this.hdrs(),
      body: JSON.stringify({ jsonrpc: '2.0', method, ...(params !== undefined ? { params } : {}) }),
      signal: this.signal,
      timeoutMs: 30_000,
    });
    if (res.status >= 400 && res.status !== 405) throw new Error(`MCP notification failed: HTTP ${res.status}`);
  }

  async close(): Promise<void> {
    if (!this.sessionId) return;
    await httpRequest(this.url, { method: 'DELETE', headers: this.hdrs(), timeoutMs: 5_000 }).catch(() => undefined);
  }
}

class SseSession extends JsonRpcSession {
  private endpoint: string | null = null;
  private stream?: Readable;
  private ready!: Promise<void>;
  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly signal?: AbortSignal,
  ) {
    super();
  }

  async open(): Promise<void> {
    const res = await httpStream(this.url, { headers: { accept: 'text/event-stream', ...this.headers }, signal: this.signal });
    if (res.status >= 400) throw new Error(`MCP SSE endpoint answered HTTP ${res.status}`);
    this.stream = res.body;
    let gotEndpoint!: () => void;
    this.ready = new Promise<void>((r) => (gotEndpoint = r));
    void (async () => {
      try {
        for await (const ev of readSse(res.body)) {
          if (ev.event === 'endpoint') {
            this.endpoint = new URL(ev.data.trim(), this.url).toString();
            gotEndpoint();
          } else {
            try {
              this.deliver(JSON.parse(ev.data));
            } catch {
              /* ignore */
            }
          }
        }
        this.failAll(new Error('MCP SSE stream closed'));
      } catch (e: any) {
        this.failAll(e instanceof Error ? e : new Error(String(e)));
      }
    })();
    await this.ready;
  }

  private async post(body: unknown): Promise<void> {
    const res = await httpRequest(this.endpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...this.headers },
      body: JSON.stringify(body),
      signal: this.signal,
    });
    if (res.status >= 400) throw new Error(`MCP server answered HTTP ${res.status}: ${res.text().slice(0, 200)}`);
  }

  async request(method: string, params?: unknown): Promise<any> {
    const id = this.nextId++;
    const result = new Promise<any>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    await this.post({ jsonrpc: '2.0', id, method, ...(params !== undefined ? { params } : {}) });
    return result;
  }

  async notify(method: string, params?: unknown): Promise<void> {
    await this.post({ jsonrpc: '2.0', method, ...(params !== undefined ? { params } : {}) });
  }

  async close(): Promise<void> {
    this.stream?.destroy();
  }
}

class StdioSession extends JsonRpcSession {
  private child: ChildProcessWithoutNullStreams;
  private stderr = '';
  constructor(cfg: McpServerConfig) {
    super();
    this.child = spawn(cfg.command!, cfg.args ?? [], { env: { ...process.env, ...(cfg.env ?? {}) }, stdio: 'pipe' });
    this.child.stderr.on('data', (c) => (this.stderr = (this.stderr + c.toString()).slice(-2000)));
    this.child.on('error', (e) => this.failAll(e));
    this.child.on('exit', (code) => this.failAll(new Error(`MCP server process exited (${code}): ${this.stderr.trim().slice(-300)}`)));
    void (async () => {
      for await (const line of readLines(this.child.stdout)) {
        if (!line.trim()) continue;
        try {
          this.deliver(JSON.parse(line));
        } catch {
          /* log lines on stdout */
        }
      }
    })().catch((e) => this.failAll(e instanceof Error ? e : new Error(String(e))));
  }

  private send(msg: unknown): void {
    this.child.stdin.write(JSON.stringify(msg) + '\n');
  }

  async request(method: string, params?: unknown): Promise<any> {
    const id = this.nextId++;
    const result = new Promise<any>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.send({ jsonrpc: '2.0', id, method, ...(params !== undefined ? { params } : {}) });
    return result;
  }

  async notify(method: string, params?: unknown): Promise<void> {
    this.send({ jsonrpc: '2.0', method, ...(params !== undefined ? { params } : {}) });
  }

  async close(): Promise<void> {
    this.child.stdin.end();
    this.child.kill();
  }
}

export class McpClient {
  private constructor(private readonly session: JsonRpcSession) {}

  static async connect(cfg: McpServerConfig, signal?: AbortSignal): Promise<McpClient> {
    let session: JsonRpcSession;
    if (cfg.command) session = new StdioSession(cfg);
    else if (cfg.url) {
      const sse = cfg.transport === 'sse' || (!cfg.transport && /\/sse\/?$/.test(cfg.url));
      if (sse) {
        const s = new SseSession(cfg.url, cfg.headers ?? {}, signal);
        await s.open();
        session = s;
      } else session = new StreamableHttpSession(cfg.url, cfg.headers ?? {}, signal);
    } else throw new Error('MCP server config needs a url or a command');
    const client = new McpClient(session);
    try {
      await session.request('initialize', {
        protocolVersion: MCP_PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: { name: 'nestflow', version: '0.1.0' },
      });
      await session.notify('notifications/initialized');
    } catch (e) {
      await session.close();
      throw e;
    }
    return client;
  }

  async listTools(): Promise<McpTool[]> {
    const out: McpTool[] = [];
    let cursor: string | undefined;
    do {
      const res = await this.session.request('tools/list', cursor ? { cursor } : {});
      out.push(...(res?.tools ?? []));
      cursor = res?.nextCursor || undefined;
    } while (cursor);
    return out;
  }

  async callTool(name: string, args: Record<string, unknown>): Promise<McpCallResult> {
    return this.session.request('tools/call', { name, arguments: args ?? {} });
  }

  close(): Promise<void> {
    return this.session.close();
  }
}

/** Text of a tools/call result (text parts joined; other parts as JSON). */
export function mcpResultText(r: McpCallResult): string {
  const parts = (r?.content ?? []).map((c) => (c.type === 'text' ? String(c.text ?? '') : JSON.stringify(c)));
  if (!parts.length && r?.structuredContent !== undefined) return JSON.stringify(r.structuredContent);
  return parts.join('\n');
}
