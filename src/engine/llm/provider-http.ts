/**
 * The request/response plumbing the plain-HTTP providers (Anthropic, Ollama, Google, watsonx)
 * share: a POST answered with JSON, a POST answered with a stream, and one error shape for both.
 */
import { httpRequest, HttpStreamResponse, httpStream } from '../net/http-client';
import { LlmError } from './types';

/** Parses a provider's JSON; a body that is not JSON reads as {} so error paths still have a message. */
export function parseJsonOrEmpty(s: string): any {
  try {
    return JSON.parse(s || '{}');
  } catch {
    return {};
  }
}

export interface ProviderPost {
  /** The provider's name as it starts error messages: "<api> API error (<status>): …". */
  api: string;
  headers: Record<string, string>;
  body: any;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Picks the provider's own message out of an error body (parsed, and raw). */
  errorDetail: (json: any, raw: string) => string;
}

function post(p: ProviderPost) {
  // Model endpoints are configured by the flow author (often localhost for Ollama): no SSRF guard.
  return { method: 'POST', headers: p.headers, body: JSON.stringify(p.body), timeoutMs: p.timeoutMs, signal: p.signal, ssrf: { enabled: false } };
}

function apiError(p: ProviderPost, status: number, raw: string): LlmError {
  return new LlmError(`${p.api} API error (${status}): ${p.errorDetail(parseJsonOrEmpty(raw), raw)}`, status);
}

/** POSTs a JSON body and returns the parsed JSON answer; an error status throws an LlmError. */
export async function postForJson(url: string, p: ProviderPost): Promise<any> {
  const res = await httpRequest(url, post(p));
  const raw = res.text();
  if (res.status >= 400) throw apiError(p, res.status, raw);
  return parseJsonOrEmpty(raw);
}

/** POSTs a JSON body and returns the open answer stream; an error status reads the body and throws an LlmError. */
export async function postForStream(url: string, p: ProviderPost): Promise<HttpStreamResponse> {
  const res = await httpStream(url, post(p));
  if (res.status >= 400) {
    let raw = '';
    for await (const c of res.body) raw += c.toString();
    throw apiError(p, res.status, raw);
  }
  return res;
}
