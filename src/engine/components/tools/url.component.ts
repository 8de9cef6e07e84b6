/**
 * URL (`URLComponent`, legacy key `URL`): fetches pages (optionally crawling links up to `max_depth`)
 * through the shared outbound client (timeouts, size cap, opt-in SSRF guard).
 * Outputs: `page_results` (DataFrame of {text, url, title, description, content_type, language})
 * and `raw_results` (Message: the texts joined with blank lines; legacy method `as_message`).
 */
import { Component, ComponentMeta } from '../../component/component';
import { BoolInput, DropdownInput, IntInput, MessageTextInput, Output, SliderInput, TableInput } from '../../component/fields';
import { DataFrame } from '../../schema/dataframe';
import { Message } from '../../schema/message';
import { httpRequest } from '../../net/http-client';
import { cleanText, htmlLinks, htmlMeta, htmlToMarkdown, htmlToText } from './html';

const MAX_PAGES = 100;
const URL_RE = /^(https?:\/\/)?([\w-]+\.)*[\w-]+(:\d+)?(\/[^\s]*)?$/i;

export function ensureUrl(raw: string): string {
  let s = String(raw ?? '').trim();
  if (!s) throw new Error('Invalid URL: empty');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) s = 'https://' + s;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new Error(`Invalid URL: ${raw}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`Invalid URL: ${raw}`);
  if (!URL_RE.test(s) && !u.hostname) throw new Error(`Invalid URL: ${raw}`);
  return u.toString();
}

/** Table rows [{key, value}] or a dict → header record. */
export function headerRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(v)) {
    for (const r of v) if (r && typeof r === 'object' && (r as any).key) out[String((r as any).key)] = String((r as any).value ?? '');
  } else if (v && typeof v === 'object') {
    const d = typeof (v as any).data === 'object' && (v as any).data ? (v as any).data : v;
    for (const [k, val] of Object.entries(d)) if (val !== undefined && val !== null) out[k] = String(val);
  }
  return out;
}

interface Page {
  text: string;
  url: string;
  title: string;
  description: string;
  content_type: string;
  language: string;
}

export class URLComponent extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'URLComponent',
    displayName: 'URL',
    description: 'Fetch content from one or more web pages, following links recursively.',
    icon: 'layout-template',
    category: 'data_source',
    aliases: ['URL'],
    modules: ['lfx.components.data_source.url.URLComponent', 'lfx.components.data.url.URLComponent', 'langflow.components.data.url.URLComponent'],
    module: 'lfx.components.data_source.url.URLComponent',
    documentation: 'https://docs.langflow.org/components-data#url',
  };
  static override readonly inputs = [
    MessageTextInput({
      name: 'urls',
      display_name: 'URLs',
      list: true,
      info: 'Enter one or more URLs to crawl recursively, by clicking the \'+\' button.',
      is_list: true,
      tool_mode: true,
      placeholder: 'Enter a URL...',
      list_add_label: 'Add URL',
      input_types: [],
      value: [],
    }),
    SliderInput({
      name: 'max_depth',
      display_name: 'Depth',
      info: 'Controls how many \'clicks\' away from the initial page the crawler will go.',
      value: 1,
      range_spec: { min: 1, max: 5, step: 1, step_type: 'int' },
      min_label: ' ',
      max_label: ' ',
    }),
    BoolInput({ name: 'prevent_outside', display_name: 'Prevent Outside', info: 'If enabled, only crawls URLs within the same domain as the root URL.', value: true, advanced: true }),
    BoolInput({ name: 'use_async', display_name: 'Use Async', info: 'If enabled, uses asynchronous loading.', value: true, advanced: true }),
    DropdownInput({ name: 'format', display_name: 'Output Format', info: 'Output Format. Use \'Text\' to extract the text from the HTML, \'Markdown\' to parse the HTML into Markdown format, or \'HTML\' for the raw HTML content.', options: ['Text', 'Markdown', 'HTML'], value: 'Text', advanced: true }),
    IntInput({ name: 'timeout', display_name: 'Timeout', info: 'Timeout for the request in seconds.', value: 30, advanced: true }),
    TableInput({
      name: 'headers',
      display_name: 'Headers',
      info: 'The headers to send with the request',
      value: [{ key: 'User-Agent', value: 'Nestflow' }],
      advanced: true,
      input_types: ['DataFrame'],
      table_schema: [
        { name: 'key', display_name: 'Header', type: 'str', description: 'Header name' },
        { name: 'value', display_name: 'Value', type: 'str', description: 'Header value' },
      ],
    }),
    BoolInput({ name: 'filter_text_html', display_name: 'Filter Text/HTML', info: 'If enabled, filters out text/css content type from the results.', value: true, advanced: true }),
    BoolInput({ name: 'continue_on_failure', display_name: 'Continue on Failure', info: 'If enabled, continues crawling even if some requests fail.', value: true, advanced: true }),
    BoolInput({ name: 'check_response_status', display_name: 'Check Response Status', info: 'If enabled, checks the response status of the request.', value: false, advanced: true }),
    BoolInput({ name: 'autoset_encoding', display_name: 'Autoset Encoding', info: 'If enabled, automatically sets the encoding of the request.', value: true, advanced: true }),
  ];
  static override readonly outputs = [
    Output({ name: 'page_results', display_name: 'Extracted Pages', method: 'fetch_content', types: ['DataFrame'] }),
    Output({ name: 'raw_results', display_name: 'Raw Content', method: 'fetch_content_as_message', types: ['Message'], tool_mode: false }),
  ];

  private pages?: Page[];

  private async crawl(): Promise<Page[]> {
    if (this.pages) return this.pages;
    const raw = this.params.urls;
    const list = (Array.isArray(raw) ? raw : raw ? [raw] : []).map((u: any) => (typeof u === 'string' ? u : u?.text ?? String(u))).filter((u: string) => u && u.trim());
    if (!list.length) throw new Error('No valid URLs provided.');
    const roots = list.map(ensureUrl);
    const maxDepth = Math.min(5, Math.max(1, Number(this.params.max_depth ?? 1) || 1));
    const timeoutMs = Math.max(1, Number(this.params.timeout ?? 30) || 30) * 1000;
    const headers = headerRecord(this.params.headers);
    const format = String(this.params.format ?? 'Text');
    const continueOnFailure = this.params.continue_on_failure !== false;
    const pages: Page[] = [];
    const seen = new Set<string>();
    for (const root of roots) {
      const rootUrl = new URL(root);
      let frontier = [root];
      for (let depth = 1; depth <= maxDepth && frontier.length && pages.length < MAX_PAGES; depth++) {
        const next: string[] = [];
        for (const url of frontier) {
          if (seen.has(url) || pages.length >= MAX_PAGES) continue;
          seen.add(url);
          this.checkAborted();
          try {
            const res = await httpRequest(url, { headers, timeoutMs, signal: this.ctx.signal, maxBytes: 5 * 1024 * 1024, onOversize: 'truncate' });
            if (this.params.check_response_status && res.status >= 400) throw new Error(`Request to ${url} failed with status ${res.status}`);
            const contentType = (res.headers['content-type'] ?? '').split(';')[0].trim();
            if (this.params.filter_text_html !== false && contentType && !/text\/html|text\/plain|application\/xhtml|json|xml|markdown/i.test(contentType)) continue;
            const body = res.text();
            const isHtml = /html/i.test(contentType) || /^\s*</.test(body);
            const meta = isHtml ? htmlMeta(body) : { title: '', description: '', language: '' };
            const text = !isHtml || format === 'HTML' ? (format === 'HTML' ? body : cleanText(body)) : format === 'Markdown' ? htmlToMarkdown(body) : htmlToText(body);
            pages.push({ text, url: res.url, title: meta.title, description: meta.description, content_type: contentType, language: meta.language });
            if (isHtml && depth < maxDepth) {
              for (const link of htmlLinks(body, res.url)) {
                if (this.params.prevent_outside !== false && !link.startsWith(rootUrl.origin)) continue;
                if (!seen.has(link)) next.push(link);
              }
            }
          } catch (e: any) {
            if (this.ctx.signal.aborted) throw e;
            if (!continueOnFailure) throw new Error(`Error loading ${url}: ${e?.message ?? e}`);
          }
        }
        frontier = next;
      }
    }
    if (!pages.length) throw new Error('No documents were successfully loaded from any URL');
    this.pages = pages;
    return pages;
  }

  async fetch_content(): Promise<DataFrame> {
    const pages = await this.crawl();
    const df = new DataFrame(pages.map((p) => ({ ...p })));
    this.status = df.rows;
    return df;
  }

  async fetch_content_as_message(): Promise<Message> {
    const pages = await this.crawl();
    const text = pages.map((p) => p.text).join('\n\n');
    this.status = text;
    return new Message({ text });
  }

  /** Legacy method name (type `URL`). */
  as_message(): Promise<Message> {
    return this.fetch_content_as_message();
  }

  /** Legacy method name. */
  fetch_content_text(): Promise<Message> {
    return this.fetch_content_as_message();
  }
}
