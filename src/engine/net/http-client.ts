/**
 * The one outbound HTTP client for components (URL, APIRequest, tool calls, non-OpenAI providers).
 *
 * - timeouts: connect+headers+body share one deadline (`timeoutMs`, default 30 s)
 * - size cap: `maxBytes` (default 10 MiB); past it the body is truncated (`onOversize: 'truncate'`)
 *   or the request fails (`'error'`, the default)
 * - redirects: followed up to `maxRedirects` (default 5) when `followRedirects` (default true);
 *   every hop is checked again by the SSRF guard
 * - SSRF guard: opt-in (LANGFLOW_SSRF_PROTECTION_ENABLED), see ssrf.ts; checked on the resolved
 *   address at connect time
 * - gzip / deflate / br bodies are decoded
 * - `signal` aborts the request (a cancelled run)
 *
 * Nothing here depends on NestJS; Node's http/https modules only.
 */
import * as http from 'http';
import * as https from 'https';
import * as dns from 'dns';
import * as net from 'net';
import * as zlib from 'zlib';
import { Readable } from 'stream';
import { assertAddressAllowed, assertUrlAllowed, SsrfPolicy, ssrfPolicyFromEnv } from './ssrf';

export interface HttpRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer | Uint8Array;
  timeoutMs?: number;
  maxBytes?: number;
  onOversize?: 'truncate' | 'error';
  followRedirects?: boolean;
  maxRedirects?: number;
  signal?: AbortSignal;
  /** Override the environment's SSRF policy (tests, trusted callers). */
  ssrf?: Partial<SsrfPolicy>;
}

export interface HttpResponse {
  url: string;
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: Buffer;
  truncated: boolean;
  text(): string;
  json<T = any>(): T;
}

export interface HttpStreamResponse {
  url: string;
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: Readable;
}

export class HttpTimeoutError extends Error {
  constructor(url: string, ms: number) {
    super(`Request to ${url} timed out after ${ms} ms`);
    this.name = 'HttpTimeoutError';
  }
}
export class ResponseTooLargeError extends Error {
  constructor(url: string, max: number) {
    super(`Response from ${url} exceeds the size limit of ${max} bytes`);
    this.name = 'ResponseTooLargeError';
  }
}
export class AbortError extends Error {
  constructor(msg = 'The request was aborted') {
    super(msg);
    this.name = 'AbortError';
  }
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const keepAliveHttp = new http.Agent({ keepAlive: true });
const keepAliveHttps = new https.Agent({ keepAlive: true });

function flattenHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : String(v);
  return out;
}

function guardedLookup(policy: SsrfPolicy, host: string): net.LookupFunction {
  return ((hostname: string, options: dns.LookupOptions, cb: (...a: any[]) => void) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return cb(err);
      const list = addresses as dns.LookupAddress[];
      try {
        for (const a of list) assertAddressAllowed(host, a.address, policy);
      } catch (e) {
        return cb(e);
      }
      if ((options as any).all) return cb(null, list);
      cb(null, list[0].address, list[0].family);
    });
  }) as unknown as net.LookupFunction;
}

interface RawResult {
  res: http.IncomingMessage;
  url: URL;
}

function openOnce(url: URL, opts: HttpRequestOptions, policy: SsrfPolicy, deadline: number): Promise<RawResult> {
  assertUrlAllowed(url, policy);
  if (policy.enabled && net.isIP(url.hostname.replace(/^\[|\]$/g, ''))) {
    assertAddressAllowed(url.hostname, url.hostname.replace(/^\[|\]$/g, ''), policy);
  }
  const isHttps = url.protocol === 'https:';
  const mod = isHttps ? https : http;
  const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate, br', ...lowerKeys(opts.headers ?? {}) };
  if (!headers['user-agent']) headers['user-agent'] = 'Nestflow';
  let body = opts.body;
  if (body !== undefined && headers['content-length'] === undefined) {
    headers['content-length'] = String(Buffer.byteLength(body as any));
  }
  return new Promise<RawResult>((resolve, reject) => {
    const remaining = Math.max(1, deadline - Date.now());
    const req = mod.request(
      url,
      {
        method: (opts.method ?? 'GET').toUpperCase(),
        headers,
        agent: policy.enabled ? undefined : isHttps ? keepAliveHttps : keepAliveHttp,
        lookup: policy.enabled ? guardedLookup(policy, url.hostname) : undefined,
        signal: opts.signal,
      },
      (res) => resolve({ res, url }),
    );
    req.setTimeout(remaining, () => req.destroy(new HttpTimeoutError(url.toString(), opts.timeoutMs ?? DEFAULT_TIMEOUT_MS)));
    req.on('error', (e: any) => reject(e?.name === 'AbortError' ? new AbortError() : e));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined && v !== null) out[k.toLowerCase()] = String(v);
  return out;
}

async function openFollowing(urlStr: string, opts: HttpRequestOptions): Promise<RawResult & { deadline: number }> {
  const policy: SsrfPolicy = { ...ssrfPolicyFromEnv(), ...(opts.ssrf ?? {}) };
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let url = new URL(urlStr);
  let o = { ...opts };
  const follow = opts.followRedirects ?? true;
  const max = opts.maxRedirects ?? 5;
  for (let hop = 0; ; hop++) {
    if (opts.signal?.aborted) throw new AbortError();
    const r = await openOnce(url, o, policy, deadline);
    const status = r.res.statusCode ?? 0;
    const loc = r.res.headers.location;
    if (follow && loc && [301, 302, 303, 307, 308].includes(status)) {
      r.res.resume();
      if (hop >= max) throw new Error(`Too many redirects (more than ${max}) starting at ${urlStr}`);
      const next = new URL(loc, url);
      if (status === 303 || ((status === 301 || status === 302) && (o.method ?? 'GET').toUpperCase() === 'POST')) {
        const headers = { ...(o.headers ?? {}) };
        for (const k of Object.keys(headers)) if (/^content-(type|length)$/i.test(k)) delete headers[k];
        o = { ...o, method: 'GET', body: undefined, headers };
      }
      if (next.origin !== url.origin && o.headers) {
        const headers = { ...o.headers };
        for (const k of Object.keys(headers)) if (/^(authorization|cookie)$/i.test(k)) delete headers[k];
        o = { ...o, headers };
      }
      url = next;
      continue;
    }
    return { ...r, deadline };
  }
}

function decoded(res: http.IncomingMessage): Readable {
  const enc = String(res.headers['content-encoding'] ?? '').toLowerCase();
  if (enc === 'gzip' || enc === 'x-gzip') return res.pipe(zlib.createGunzip());
  if (enc === 'deflate') return res.pipe(zlib.createInflate());
  if (enc === 'br') return res.pipe(zlib.createBrotliDecompress());
  return res;
}

/** Performs a request and buffers the (decoded) body. */
export async function httpRequest(url: string, opts: HttpRequestOptions = {}): Promise<HttpResponse> {
  const { res, url: finalUrl, deadline } = await openFollowing(url, opts);
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  const stream = decoded(res);
  const timer = setTimeout(() => res.destroy(new HttpTimeoutError(url, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS)), Math.max(1, deadline - Date.now()));
  try {
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (c: Buffer) => {
        if (truncated) return;
        if (size + c.length > maxBytes) {
          if ((opts.onOversize ?? 'error') === 'error') {
            res.destroy();
            reject(new ResponseTooLargeError(url, maxBytes));
            return;
          }
          chunks.push(c.subarray(0, maxBytes - size));
          size = maxBytes;
          truncated = true;
          res.destroy();
          resolve();
          return;
        }
        chunks.push(c);
        size += c.length;
      });
      stream.on('end', () => resolve());
      stream.on('error', (e: any) => (truncated ? resolve() : reject(e?.name === 'AbortError' ? new AbortError() : e)));
      res.on('error', (e: any) => (truncated ? resolve() : reject(e?.name === 'AbortError' ? new AbortError() : e)));
    });
  } finally {
    clearTimeout(timer);
  }
  const body = Buffer.concat(chunks);
  return {
    url: finalUrl.toString(),
    status: res.statusCode ?? 0,
    statusText: res.statusMessage ?? '',
    headers: flattenHeaders(res.headers),
    body,
    truncated,
    text: () => decodeText(body, res.headers['content-type']),
    json: () => JSON.parse(body.toString('utf8')),
  };
}

/** Performs a request and hands back the body as a stream (for SSE / NDJSON model APIs). */
export async function httpStream(url: string, opts: HttpRequestOptions = {}): Promise<HttpStreamResponse> {
  const { res, url: finalUrl } = await openFollowing(url, { ...opts, timeoutMs: opts.timeoutMs ?? 600_000 });
  return {
    url: finalUrl.toString(),
    status: res.statusCode ?? 0,
    statusText: res.statusMessage ?? '',
    headers: flattenHeaders(res.headers),
    body: decoded(res),
  };
}

function decodeText(body: Buffer, contentType?: string): string {
  const m = /charset=([^;]+)/i.exec(contentType ?? '');
  const cs = (m?.[1] ?? 'utf-8').trim().replace(/^["']|["']$/g, '').toLowerCase();
  try {
    return new TextDecoder(cs as any).decode(body);
  } catch {
    return body.toString('utf8');
  }
}

/** Splits a byte stream into lines (SSE and NDJSON parsing). */
export async function* readLines(stream: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  let buf = '';
  const dec = new TextDecoder();
  for await (const chunk of stream) {
    buf += typeof chunk === 'string' ? chunk : dec.decode(chunk, { stream: true });
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i).replace(/\r$/, '');
      buf = buf.slice(i + 1);
      yield line;
    }
  }
  if (buf) yield buf;
}

/** Parses Server-Sent Events into {event, data} records. */
export async function* readSse(stream: AsyncIterable<Buffer | string>): AsyncGenerator<{ event: string; data: string }> {
  let event = '';
  let data: string[] = [];
  for await (const line of readLines(stream)) {
    if (line === '') {
      if (data.length) yield { event: event || 'message', data: data.join('\n') };
      event = '';
      data = [];
      continue;
    }
    if (line.startsWith(':')) continue;
    const idx = line.indexOf(':');
    const field = idx < 0 ? line : line.slice(0, idx);
    const value = idx < 0 ? '' : line.slice(idx + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length) yield { event: event || 'message', data: data.join('\n') };
}
