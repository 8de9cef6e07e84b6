/**
 * API Request (`APIRequest`): one HTTP request (URL mode or a pasted cURL command) through the
 * shared outbound client. Output `data`: Data {source, result} (+ headers, status_code and
 * response_headers when `include_httpx_metadata`); `result` is the parsed JSON body or the text.
 * Network failures give Data {source, headers, status_code: 500, error}.
 */
import { Component, ComponentMeta } from '../../component/component';
import {
  BoolInput,
  DropdownInput,
  HandleInput,
  IntInput,
  MessageTextInput,
  MultilineInput,
  Output,
  TabInput,
  TableInput,
} from '../../component/fields';
import { Data } from '../../schema/data';
import { httpRequest } from '../../net/http-client';
import { ensureUrl, headerRecord } from './url.component';

export interface ParsedCurl {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/** Shell-like word splitting (quotes, backslash escapes, line continuations). */
export function shellWords(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let has = false;
  s = s.replace(/\\\r?\n/g, ' ');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < s.length && '"\\$`'.includes(s[i + 1])) cur += s[++i];
      else cur += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      has = true;
    } else if (c === '\\' && i + 1 < s.length) {
      cur += s[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has || cur) out.push(cur);
  return out;
}

export function parseCurl(cmd: string): ParsedCurl {
  const words = shellWords(cmd.trim());
  if (words[0] === 'curl') words.shift();
  let url = '';
  let method = '';
  const headers: Record<string, string> = {};
  const data: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const val = () => words[++i] ?? '';
    if (w === '-X' || w === '--request') method = val().toUpperCase();
    else if (w === '-H' || w === '--header') {
      const h = val();
      const idx = h.indexOf(':');
      if (idx > 0) headers[h.slice(0, idx).trim()] = h.slice(idx + 1).trim();
    } else if (['-d', '--data', '--data-raw', '--data-binary', '--data-ascii'].includes(w)) data.push(val());
    else if (w === '--json') {
      data.push(val());
      headers['Content-Type'] ??= 'application/json';
      headers['Accept'] ??= 'application/json';
    } else if (w === '--url') url = val();
    else if (w === '-u' || w === '--user') headers['Authorization'] = 'Basic ' + Buffer.from(val()).toString('base64');
    else if (w === '-A' || w === '--user-agent') headers['User-Agent'] = val();
    else if (w.startsWith('-')) {
      // flags without a value we can ignore (-L, -s, -i, --compressed, ...)
      if (['-o', '--output', '-b', '--cookie', '-e', '--referer', '-m', '--max-time', '--connect-timeout'].includes(w)) i++;
    } else if (!url) url = w;
  }
  if (!url) throw new Error('Invalid cURL command: no URL found');
  return { url, method: method || (data.length ? 'POST' : 'GET'), headers, body: data.length ? data.join('&') : undefined };
}

function bodyValue(v: unknown): unknown {
  if (v === null || v === undefined || v === '') return undefined;
  if (v instanceof Data) return v.data;
  if (Array.isArray(v)) {
    if (!v.length) return undefined;
    if (v.every((r) => r && typeof r === 'object' && 'key' in r)) {
      const o: Record<string, unknown> = {};
      for (const r of v as any[]) if (r.key) o[String(r.key)] = parseMaybeJson(r.value);
      return o;
    }
    return v.map((x) => (x instanceof Data ? x.data : x));
  }
  if (typeof v === 'string') return parseMaybeJson(v);
  return v;
}

function parseMaybeJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
    try {
      return JSON.parse(t);
    } catch {
      return v;
    }
  }
  return v;
}

function queryRecord(v: unknown): Record<string, string> {
  if (v === null || v === undefined || v === '') return {};
  if (v instanceof Data) return headerRecord(v.data);
  if (typeof v === 'string') {
    const t = v.trim();
    if (t.startsWith('{')) {
      try {
        return headerRecord(JSON.parse(t));
      } catch {
        /* fall through */
      }
    }
    return Object.fromEntries(new URLSearchParams(t.replace(/^\?/, '')));
  }
  return headerRecord(v);
}

export class APIRequestComponent extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'APIRequest',
    displayName: 'API Request',
    description: 'Make HTTP requests using URL or cURL commands.',
    icon: 'Globe',
    category: 'data_source',
    aliases: ['APIRequestComponent'],
    modules: ['lfx.components.data_source.api_request.APIRequestComponent', 'lfx.components.data.api_request.APIRequestComponent'],
    module: 'lfx.components.data_source.api_request.APIRequestComponent',
    documentation: 'https://docs.langflow.org/components-data#api-request',
  };
  static override readonly inputs = [
    MessageTextInput({ name: 'url_input', display_name: 'URL', info: 'Enter the URL for the request.', advanced: false, tool_mode: true }),
    MultilineInput({
      name: 'curl_input',
      display_name: 'cURL',
      info: 'Paste a curl command to populate the fields. This will fill in the dictionary fields for headers and body.',
      real_time_refresh: true,
      tool_mode: true,
      advanced: true,
      show: false,
    }),
    DropdownInput({ name: 'method', display_name: 'Method', options: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'], value: 'GET', info: 'The HTTP method to use.', real_time_refresh: true }),
    TabInput({ name: 'mode', display_name: 'Mode', options: ['URL', 'cURL'], value: 'URL', info: 'Enable cURL mode to populate fields from a cURL command.', real_time_refresh: true }),
    HandleInput({ name: 'query_params', display_name: 'Query Parameters', info: 'The query parameters to append to the URL.', advanced: true, input_types: ['Data'], value: {} }),
    TableInput({
      name: 'body',
      display_name: 'Body',
      info: 'The body to send with the request as a dictionary (for POST, PATCH, PUT).',
      advanced: true,
      input_types: ['Data'],
      value: [],
      table_schema: [
        { name: 'key', display_name: 'Key', type: 'str', description: 'Parameter name' },
        { name: 'value', display_name: 'Value', type: 'str', description: 'Parameter value' },
      ],
    }),
    TableInput({
      name: 'headers',
      display_name: 'Headers',
      info: 'The headers to send with the request',
      advanced: true,
      input_types: ['Data'],
      value: [],
      table_schema: [
        { name: 'key', display_name: 'Header', type: 'str', description: 'Header name' },
        { name: 'value', display_name: 'Value', type: 'str', description: 'Header value' },
      ],
    }),
    IntInput({ name: 'timeout', display_name: 'Timeout', value: 30, info: 'The timeout to use for the request.', advanced: true }),
    BoolInput({ name: 'follow_redirects', display_name: 'Follow Redirects', value: true, info: 'Whether to follow HTTP redirects.', advanced: true }),
    BoolInput({ name: 'save_to_file', display_name: 'Save to File', value: false, info: 'Save the API response to a temporary file', advanced: true }),
    BoolInput({ name: 'include_httpx_metadata', display_name: 'Include HTTPx Metadata', value: false, info: 'Include properties such as headers, status_code, response_headers, and redirection_history in the output.', advanced: true }),
  ];
  static override readonly outputs = [Output({ name: 'data', display_name: 'API Response', method: 'make_api_request', types: ['Data'] })];

  async make_api_request(): Promise<Data> {
    const p = this.params;
    let url = String(p.url_input ?? '').trim();
    let method = String(p.method ?? 'GET').toUpperCase();
    let headers = headerRecord(p.headers);
    let body: unknown = bodyValue(p.body);
    let rawBody: string | undefined;
    const curl = String(p.curl_input ?? '').trim();
    if ((p.mode === 'cURL' || (!url && curl)) && curl) {
      const c = parseCurl(curl);
      url = c.url;
      method = c.method;
      headers = { ...headers, ...c.headers };
      if (c.body !== undefined) {
        const parsed = parseMaybeJson(c.body);
        if (typeof parsed === 'string') rawBody = parsed;
        else body = parsed;
      }
    }
    if (!url) throw new Error('URL is required');
    const full = new URL(ensureUrl(url));
    for (const [k, v] of Object.entries(queryRecord(p.query_params))) full.searchParams.set(k, v);
    const source = full.toString();
    const timeoutMs = Math.max(1, Number(p.timeout ?? 30) || 30) * 1000;
    let payload: string | undefined;
    if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) {
      if (rawBody !== undefined) payload = rawBody;
      else if (body !== undefined) {
        payload = JSON.stringify(body);
        if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
      }
    }
    try {
      const res = await httpRequest(source, {
        method,
        headers,
        body: payload,
        timeoutMs,
        followRedirects: p.follow_redirects !== false,
        signal: this.ctx.signal,
      });
      const ct = res.headers['content-type'] ?? '';
      let result: unknown;
      if (/json/i.test(ct)) {
        try {
          result = res.json();
        } catch {
          result = res.text();
        }
      } else if (/^(text\/|application\/(xml|javascript|x-www-form-urlencoded))/i.test(ct) || !ct) {
        result = res.text();
        if (!ct) result = parseMaybeJson(result);
      } else {
        result = `<binary data: ${res.body.length} bytes, ${ct}>`;
      }
      const data: Record<string, unknown> = { source };
      if (p.include_httpx_metadata) {
        Object.assign(data, { headers, status_code: res.status, response_headers: res.headers, redirection_history: res.url !== source ? [{ url: source }] : [] });
      }
      data.result = result;
      const out = new Data(data);
      this.status = out.data;
      return out;
    } catch (e: any) {
      if (this.ctx.signal.aborted) throw e;
      const out = new Data({ source, headers, status_code: 500, error: String(e?.message ?? e) });
      this.status = out.data;
      return out;
    }
  }
}
