/**
 * Helpers for components that call a hosted API (search, extraction, transcription services):
 * base URL (settings.serviceBaseUrls[<service>], else env <SERVICE>_BASE_URL, else the vendor
 * default, so tests can point them at a local server), API key (field, else the global variable,
 * else env), and a JSON request through the shared outbound client.
 */
import type { Component } from '../../component/component';
import { httpRequest } from '../../net/http-client';
import { resolveApiKey } from '../../llm/model-config';
import { llmContext } from '../models/llm-support';

export function serviceBaseUrl(c: Component, service: string, fallback: string): string {
  const fromSettings = (c.ctx?.settings?.serviceBaseUrls as Record<string, string> | undefined)?.[service];
  const env = process.env[`${service.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_BASE_URL`];
  return (fromSettings || env || fallback).replace(/\/+$/, '');
}

/** Field value, else global variable `varName`, else env `varName`; throws `label API key is required`. */
export async function serviceApiKey(c: Component, value: unknown, varName: string, label: string): Promise<string> {
  const key = await resolveApiKey(value, varName.replace(/_API_?KEY$/, ''), {
    ...llmContext(c),
  });
  if (key) return key;
  // resolveApiKey derives <PROVIDER>_API_KEY; try the exact variable name as well
  if (c.ctx?.resolveVariable) {
    try {
      const v = await c.ctx.resolveVariable(varName);
      if (v) return v;
    } catch {
      /* not set */
    }
  }
  if (process.env[varName]) return process.env[varName]!;
  throw new Error(`${label} API key is required.`);
}

export interface JsonCallOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
}

export async function callJson(c: Component, url: string, opts: JsonCallOptions = {}): Promise<any> {
  const headers: Record<string, string> = { accept: 'application/json', ...(opts.headers ?? {}) };
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const res = await httpRequest(url, {
    method: opts.method ?? (body ? 'POST' : 'GET'),
    headers,
    body,
    timeoutMs: opts.timeoutMs ?? 60_000,
    signal: c.ctx?.signal,
  });
  const text = res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = undefined;
  }
  if (res.status >= 400) {
    const detail = json?.detail ?? json?.error?.message ?? json?.error ?? json?.message ?? text.slice(0, 300);
    throw new Error(`HTTP ${res.status} from ${new URL(url).host}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
  }
  if (json === undefined) throw new Error(`Invalid JSON from ${new URL(url).host}`);
  return json;
}

export function commaList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String).map((s) => s.trim()).filter(Boolean);
  return String(v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
