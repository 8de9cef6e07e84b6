/**
 * Helpers for the execution e2e specs (run, build, webhook, queue): Langflow fixtures, flow import,
 * LLM tweaks for the fake OpenAI server, and a streaming HTTP reader that hands over events as
 * they arrive (so specs can act between two events).
 */
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { TestApp } from '../setup/create-test-app';

export const FIXTURES = resolve(__dirname, '../..', '../shared/fixtures/langflow');
export const haveFixtures = existsSync(FIXTURES);

/** A Langflow fixture ("starter-projects/basic-prompting"), or null when ../shared is absent. */
export function loadFixture(name: string): any | null {
  const file = resolve(FIXTURES, `${name}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

const MODEL_TYPES = new Set(['LanguageModelComponent', 'Agent', 'OpenAIModel']);
/** A model the fake OpenAI server answers, and a key it accepts. */
const FAKE_MODEL = { model: [{ name: 'gpt-4o-mini', provider: 'OpenAI' }], api_key: 'sk-test' };

/** Points OPENAI_API_BASE (where OpenAI model nodes send requests by default) at `url`; returns what restores it. */
export function pointOpenAIBaseAt(url: string): () => void {
  const saved = process.env.OPENAI_API_BASE;
  process.env.OPENAI_API_BASE = url;
  return () => {
    if (saved === undefined) delete process.env.OPENAI_API_BASE;
    else process.env.OPENAI_API_BASE = saved;
  };
}

/** Tweaks that point every model node at the fake OpenAI server (base URL via OPENAI_API_BASE). */
export function llmTweaks(flow: any): Record<string, unknown> {
  const t: Record<string, unknown> = {};
  for (const n of flow.data.nodes) {
    if (MODEL_TYPES.has(n.data?.type)) t[n.id] = { ...FAKE_MODEL };
  }
  return t;
}

/** The flow with `tweaks` baked into its node templates (for builds, which take no tweaks). */
export function withTemplateValues(flow: any, tweaks: Record<string, Record<string, unknown>>): any {
  const copy = JSON.parse(JSON.stringify(flow));
  for (const n of copy.data.nodes) {
    const t = tweaks[n.id];
    if (!t) continue;
    for (const [field, value] of Object.entries(t)) {
      const tpl = n.data.node.template;
      if (tpl[field]) tpl[field] = { ...tpl[field], value, load_from_db: false };
    }
  }
  return copy;
}

export function nodeId(flow: any, type: string): string {
  const n = flow.data.nodes.find((x: any) => x.data?.type === type);
  if (!n) throw new Error(`no ${type} node`);
  return n.id;
}

/** basic-prompting with the fake model in its model node and streaming on (a build takes no tweaks). */
export function streamingPromptingFlow(): any {
  const flow = loadFixture('starter-projects/basic-prompting');
  return withTemplateValues(flow, { [nodeId(flow, 'LanguageModelComponent')]: { ...FAKE_MODEL, stream: true } });
}

/** Imports a flow through POST /api/v1/flows/ and returns its id. */
export async function importFlow(t: TestApp, header: Record<string, string>, flow: any, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await t.http
    .post('/api/v1/flows/')
    .set(header)
    .send({ name: `${flow.name ?? 'flow'} ${Math.random().toString(36).slice(2, 8)}`, data: flow.data, ...extra });
  if (res.status !== 201) throw new Error(`flow import failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** Splits a Langflow event stream ("{json}\n\n" frames) into events. */
export function parseFrames(text: string): { event: string; data: any }[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

export interface LiveStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Resolves with the next event (or null at the end of the stream). */
  next(): Promise<{ event: string; data: any } | null>;
  /** Reads every remaining event. */
  rest(): Promise<{ event: string; data: any }[]>;
  /** The raw text received so far. */
  raw(): string;
  close(): void;
}

/** Opens a request against the app's HTTP server and hands over events as they arrive. */
export async function openStream(
  t: TestApp,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<LiveStream> {
  const server = t.app.getHttpServer() as http.Server;
  if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolveStream, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path, headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) } },
      (res) => {
        let buffer = '';
        let all = '';
        let ended = false;
        const queue: { event: string; data: any }[] = [];
        const waiters: ((e: { event: string; data: any } | null) => void)[] = [];
        const flush = () => {
          while (waiters.length && (queue.length || ended)) waiters.shift()!(queue.length ? queue.shift()! : null);
        };
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          all += chunk;
          buffer += chunk;
          let i: number;
          while ((i = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, i).trim();
            buffer = buffer.slice(i + 1);
            if (line) queue.push(JSON.parse(line));
          }
          flush();
        });
        const end = () => {
          ended = true;
          if (buffer.trim()) queue.push(JSON.parse(buffer.trim()));
          buffer = '';
          flush();
        };
        res.on('end', end);
        res.on('close', end);
        const next = () => new Promise<{ event: string; data: any } | null>((r) => {
          waiters.push(r);
          flush();
        });
        resolveStream({
          status: res.statusCode ?? 0,
          headers: res.headers,
          next,
          rest: async () => {
            const out: { event: string; data: any }[] = [];
            for (let e = await next(); e; e = await next()) out.push(e);
            return out;
          },
          raw: () => all,
          close: () => req.destroy(),
        });
      },
    );
    req.on('error', (e) => reject(e));
    if (payload) req.write(payload);
    req.end();
  });
}

/** Polls `check` until it returns a value (a bounded wait for background work; not a timing assertion). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, what: string, attempts = 200): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const v = await check();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
