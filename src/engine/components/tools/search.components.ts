/**
 * Hosted search / extraction services agents use as tools: Tavily, SearchApi, AgentQL,
 * ScrapeGraph search, arXiv. Each speaks the vendor's HTTP API through the shared outbound client;
 * base URLs can be redirected (settings.serviceBaseUrls or <SERVICE>_BASE_URL) for tests.
 */
import { Component, ComponentMeta } from '../../component/component';
import {
  BoolInput,
  DictInput,
  DropdownInput,
  IntInput,
  MessageTextInput,
  MultilineInput,
  Output,
  SecretStrInput,
} from '../../component/fields';
import { Data } from '../../schema/data';
import { DataFrame } from '../../schema/dataframe';
import { Message } from '../../schema/message';
import { httpRequest } from '../../net/http-client';
import { decodeEntities } from './html';
import { callJson, commaList, serviceApiKey, serviceBaseUrl } from './service';

// ---------------------------------------------------------------------------------------------
export class TavilySearchComponent extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'TavilySearchComponent',
    displayName: 'Tavily Search API',
    description: 'Tavily Search is a search engine optimized for LLMs and RAG, aimed at efficient, quick, and persistent search results.',
    icon: 'TavilyIcon',
    category: 'tavily',
    modules: ['lfx.components.tavily.tavily_search.TavilySearchComponent', 'langflow.components.tavily.tavily_search.TavilySearchComponent'],
    module: 'lfx.components.tavily.tavily_search.TavilySearchComponent',
  };
  static override readonly inputs = [
    SecretStrInput({ name: 'api_key', display_name: 'Tavily API Key', required: true, info: 'Your Tavily API Key.', load_from_db: false }),
    MessageTextInput({ name: 'query', display_name: 'Search Query', info: 'The search query you want to execute with Tavily.', tool_mode: true }),
    DropdownInput({ name: 'search_depth', display_name: 'Search Depth', info: 'The depth of the search.', options: ['basic', 'advanced'], value: 'advanced', advanced: true }),
    IntInput({ name: 'chunks_per_source', display_name: 'Chunks Per Source', info: 'The number of content chunks to retrieve from each source (1-3). Only works with advanced search.', value: 3, advanced: true }),
    DropdownInput({ name: 'topic', display_name: 'Search Topic', info: 'The category of the search.', options: ['general', 'news'], value: 'general', advanced: true }),
    IntInput({ name: 'days', display_name: 'Days', info: 'Number of days back from current date to include. Only available with news topic.', value: 7, advanced: true }),
    IntInput({ name: 'max_results', display_name: 'Max Results', info: 'The maximum number of search results to return.', value: 5, advanced: true }),
    BoolInput({ name: 'include_answer', display_name: 'Include Answer', info: 'Include a short answer to original query.', value: true, advanced: true }),
    DropdownInput({ name: 'time_range', display_name: 'Time Range', info: 'The time range back from the current date to filter results.', options: ['day', 'week', 'month', 'year'], value: null, advanced: true }),
    BoolInput({ name: 'include_images', display_name: 'Include Images', info: 'Include a list of query-related images in the response.', value: true, advanced: true }),
    MessageTextInput({ name: 'exclude_domains', display_name: 'Exclude Domains', info: 'Comma-separated list of domains to exclude from the search results.', advanced: true }),
    MessageTextInput({ name: 'include_domains', display_name: 'Include Domains', info: 'Comma-separated list of domains to include in the search results.', advanced: true }),
    BoolInput({ name: 'include_raw_content', display_name: 'Include Raw Content', info: 'Include the cleaned and parsed HTML content of each search result.', value: false, advanced: true }),
  ];
  static override readonly outputs = [
    Output({ name: 'dataframe', display_name: 'DataFrame', method: 'fetch_content_dataframe', types: ['DataFrame'] }),
  ];

  private async search(): Promise<{ rows: Record<string, unknown>[]; answer?: string }> {
    const p = this.params;
    const query = String(p.query ?? '').trim();
    if (!query) throw new Error('Please provide a search query.');
    const key = await serviceApiKey(this, p.api_key, 'TAVILY_API_KEY', 'Tavily');
    const body: Record<string, unknown> = {
      query,
      search_depth: p.search_depth || 'advanced',
      topic: p.topic || 'general',
      max_results: Number(p.max_results ?? 5) || 5,
      include_images: !!p.include_images,
      include_answer: p.include_answer !== false,
      include_raw_content: !!p.include_raw_content,
    };
    if (body.search_depth === 'advanced' && p.chunks_per_source) body.chunks_per_source = Number(p.chunks_per_source);
    if (body.topic === 'news' && p.days) body.days = Number(p.days);
    if (p.time_range) body.time_range = p.time_range;
    const inc = commaList(p.include_domains);
    const exc = commaList(p.exclude_domains);
    if (inc.length) body.include_domains = inc;
    if (exc.length) body.exclude_domains = exc;
    const json = await callJson(this, `${serviceBaseUrl(this, 'tavily', 'https://api.tavily.com')}/search`, {
      headers: { authorization: `Bearer ${key}` },
      body: { ...body, api_key: key },
    });
    const rows = (json.results ?? []).map((r: any) => ({
      title: r.title ?? '',
      url: r.url ?? '',
      content: r.content ?? '',
      score: r.score ?? null,
      ...(p.include_raw_content ? { raw_content: r.raw_content ?? '' } : {}),
    }));
    return { rows, answer: json.answer ?? undefined };
  }

  async fetch_content_dataframe(): Promise<DataFrame> {
    const { rows, answer } = await this.search();
    const all = answer ? [{ text: answer }, ...rows] : rows;
    const df = new DataFrame(all);
    this.status = df.rows;
    return df;
  }
}

// ---------------------------------------------------------------------------------------------
export class SearchComponent extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'SearchComponent',
    displayName: 'SearchApi',
    description: 'Calls the SearchApi API with result limiting. Supports Google, Bing and DuckDuckGo.',
    icon: 'SearchAPI',
    category: 'searchapi',
    modules: ['lfx.components.searchapi.search.SearchComponent', 'langflow.components.searchapi.search.SearchComponent'],
    module: 'lfx.components.searchapi.search.SearchComponent',
    documentation: 'https://www.searchapi.io/docs/google',
  };
  static override readonly inputs = [
    DropdownInput({ name: 'engine', display_name: 'Engine', value: 'google', options: ['google', 'bing', 'duckduckgo'] }),
    SecretStrInput({ name: 'api_key', display_name: 'SearchAPI API Key', required: true, load_from_db: false }),
    MultilineInput({ name: 'input_value', display_name: 'Input', tool_mode: true }),
    DictInput({ name: 'search_params', display_name: 'Search parameters', advanced: true, is_list: true }),
    IntInput({ name: 'max_results', display_name: 'Max Results', value: 5, advanced: true }),
    IntInput({ name: 'max_snippet_length', display_name: 'Max Snippet Length', value: 100, advanced: true }),
  ];
  static override readonly outputs = [
    Output({ name: 'dataframe', display_name: 'DataFrame', method: 'fetch_content_dataframe', types: ['DataFrame'] }),
  ];

  async fetch_content_dataframe(): Promise<DataFrame> {
    const p = this.params;
    const key = await serviceApiKey(this, p.api_key, 'SEARCHAPI_API_KEY', 'SearchApi');
    const u = new URL(`${serviceBaseUrl(this, 'searchapi', 'https://www.searchapi.io')}/api/v1/search`);
    u.searchParams.set('engine', String(p.engine || 'google'));
    u.searchParams.set('q', String(p.input_value ?? ''));
    u.searchParams.set('api_key', key);
    const extra = Array.isArray(p.search_params) ? Object.assign({}, ...p.search_params) : p.search_params ?? {};
    for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== null) u.searchParams.set(k, String(v));
    const json = await callJson(this, u.toString());
    const max = Number(p.max_results ?? 5) || 5;
    const snip = Number(p.max_snippet_length ?? 100) || 100;
    const rows = (json.organic_results ?? []).slice(0, max).map((r: any) => ({
      title: r.title ?? '',
      link: r.link ?? '',
      snippet: String(r.snippet ?? '').slice(0, snip),
    }));
    const df = new DataFrame(rows);
    this.status = df.rows;
    return df;
  }
}

// ---------------------------------------------------------------------------------------------
export class AgentQLComponent extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'AgentQL',
    displayName: 'Extract Web Data',
    description: 'Extracts structured data from a web page using an AgentQL query or a Natural Language description.',
    icon: 'AgentQL',
    category: 'agentql',
    modules: ['lfx.components.agentql.agentql_api.AgentQL', 'langflow.components.agentql.agentql_api.AgentQL'],
    module: 'lfx.components.agentql.agentql_api.AgentQL',
    documentation: 'https://docs.agentql.com/rest-api/api-reference',
  };
  static override readonly inputs = [
    SecretStrInput({ name: 'api_key', display_name: 'API Key', required: true, info: 'Your AgentQL API key from dev.agentql.com', load_from_db: false }),
    MessageTextInput({ name: 'url', display_name: 'URL', required: true, info: 'The URL of the public web page you want to extract data from.', tool_mode: true }),
    MultilineInput({ name: 'query', display_name: 'AgentQL Query', required: false, info: 'The AgentQL query to execute.', tool_mode: true }),
    MultilineInput({ name: 'prompt', display_name: 'Prompt', required: false, info: 'A Natural Language description of the data to extract from the page. Alternative to AgentQL query.', tool_mode: true }),
    BoolInput({ name: 'is_stealth_mode_enabled', display_name: 'Enable Stealth Mode (Beta)', value: false, advanced: true }),
    IntInput({ name: 'timeout', display_name: 'Timeout', value: 900, advanced: true, info: 'Seconds to wait for a request.' }),
    DropdownInput({ name: 'mode', display_name: 'Request Mode', options: ['fast', 'standard'], value: 'fast', advanced: true }),
    IntInput({ name: 'wait_for', display_name: 'Wait For', value: 0, advanced: true, info: 'Seconds to wait for the page to load before extracting data.' }),
    BoolInput({ name: 'is_scroll_to_bottom_enabled', display_name: 'Enable scroll to bottom', value: false, advanced: true }),
    BoolInput({ name: 'is_screenshot_enabled', display_name: 'Enable screenshot', value: false, advanced: true }),
  ];
  static override readonly outputs = [Output({ name: 'data', display_name: 'Data', method: 'build_output', types: ['Data'] })];

  async build_output(): Promise<Data> {
    const p = this.params;
    const query = String(p.query ?? '').trim();
    const prompt = String(p.prompt ?? '').trim();
    if (!query && !prompt) throw new Error('Either Query or Prompt must be provided.');
    if (query && prompt) throw new Error('Both Query and Prompt can\'t be provided at the same time.');
    const key = await serviceApiKey(this, p.api_key, 'AGENTQL_API_KEY', 'AgentQL');
    const json = await callJson(this, `${serviceBaseUrl(this, 'agentql', 'https://api.agentql.com')}/v1/query-data`, {
      headers: { 'X-API-Key': key },
      timeoutMs: (Number(p.timeout ?? 900) || 900) * 1000,
      body: {
        url: String(p.url ?? ''),
        ...(query ? { query } : { prompt }),
        params: {
          mode: p.mode || 'fast',
          wait_for: Number(p.wait_for ?? 0) || 0,
          is_scroll_to_bottom_enabled: !!p.is_scroll_to_bottom_enabled,
          is_screenshot_enabled: !!p.is_screenshot_enabled,
        },
        metadata: { experimental_stealth_mode_enabled: !!p.is_stealth_mode_enabled },
      },
    });
    const out = new Data(json?.data ?? {});
    this.status = out.data;
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
export class ScrapeGraphSearchApiComponent extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'ScrapeGraphSearchApi',
    displayName: 'ScrapeGraph Search API',
    description: "Given a search prompt, it will return search results using ScrapeGraph's search functionality.",
    icon: 'ScrapeGraph',
    category: 'scrapegraph',
    modules: ['lfx.components.scrapegraph.scrapegraph_search_api.ScrapeGraphSearchApi'],
    module: 'lfx.components.scrapegraph.scrapegraph_search_api.ScrapeGraphSearchApi',
    documentation: 'https://docs.scrapegraphai.com/services/searchscraper',
  };
  static override readonly inputs = [
    SecretStrInput({ name: 'api_key', display_name: 'ScrapeGraph API Key', required: true, info: 'The API key to use ScrapeGraph API.', load_from_db: false }),
    MessageTextInput({ name: 'user_prompt', display_name: 'Search Prompt', tool_mode: true, info: 'The search prompt to use.' }),
  ];
  static override readonly outputs = [Output({ name: 'data', display_name: 'Data', method: 'search', types: ['Data'] })];

  async search(): Promise<Data[]> {
    const key = await serviceApiKey(this, this.params.api_key, 'SCRAPEGRAPH_API_KEY', 'ScrapeGraph');
    const json = await callJson(this, `${serviceBaseUrl(this, 'scrapegraph', 'https://api.scrapegraphai.com')}/v1/searchscraper`, {
      headers: { 'SGAI-APIKEY': key },
      body: { user_prompt: String(this.params.user_prompt ?? '') },
    });
    const out = [new Data(json && typeof json === 'object' ? json : { result: json })];
    this.status = out.map((d) => d.data);
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
function xmlText(block: string, tag: string): string {
  const m = new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`, 'i').exec(block);
  return m ? decodeEntities(m[1]).replace(/\s+/g, ' ').trim() : '';
}

/** Parses an arXiv Atom feed into paper rows. */
export function parseArxivFeed(xml: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const entries = xml.match(/<entry\b[\s\S]*?<\/entry>/gi) ?? [];
  for (const e of entries) {
    const authors = (e.match(/<author\b[\s\S]*?<\/author>/gi) ?? []).map((a) => xmlText(a, 'name'));
    const links = [...e.matchAll(/<link\b([^>]*)\/?>/gi)].map((m) => {
      const attr = (n: string) => new RegExp(`${n}="([^"]*)"`).exec(m[1])?.[1] ?? '';
      return { href: attr('href'), rel: attr('rel'), title: attr('title'), type: attr('type') };
    });
    const pdf = links.find((l) => l.title === 'pdf' || l.type === 'application/pdf')?.href ?? '';
    const primary = /<arxiv:primary_category\b[^>]*term="([^"]*)"/i.exec(e)?.[1] ?? '';
    const categories = [...e.matchAll(/<category\b[^>]*term="([^"]*)"/gi)].map((m) => m[1]);
    out.push({
      id: xmlText(e, 'id'),
      title: xmlText(e, 'title'),
      summary: xmlText(e, 'summary'),
      published: xmlText(e, 'published'),
      updated: xmlText(e, 'updated'),
      authors,
      arxiv_url: links.find((l) => l.rel === 'alternate')?.href ?? xmlText(e, 'id'),
      pdf_url: pdf,
      comment: xmlText(e, 'arxiv:comment'),
      journal_ref: xmlText(e, 'arxiv:journal_ref'),
      primary_category: primary,
      categories,
    });
  }
  return out;
}

export class ArXivComponent extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'ArXivComponent',
    displayName: 'arXiv',
    description: 'Search and retrieve papers from arXiv.org',
    icon: 'arXiv',
    category: 'arxiv',
    modules: ['lfx.components.arxiv.arxiv.ArXivComponent', 'langflow.components.arxiv.arxiv.ArXivComponent'],
    module: 'lfx.components.arxiv.arxiv.ArXivComponent',
  };
  static override readonly inputs = [
    MessageTextInput({ name: 'search_query', display_name: 'Search Query', info: "The search query for arXiv papers (e.g., 'quantum computing')", tool_mode: true }),
    DropdownInput({ name: 'search_type', display_name: 'Search Field', info: 'The field to search in', options: ['all', 'title', 'abstract', 'author', 'cat'], value: 'all' }),
    IntInput({ name: 'max_results', display_name: 'Max Results', info: 'Maximum number of results to return', value: 10 }),
  ];
  static override readonly outputs = [Output({ name: 'dataframe', display_name: 'DataFrame', method: 'search_papers_dataframe', types: ['DataFrame'] })];

  async search_papers_dataframe(): Promise<DataFrame> {
    const p = this.params;
    const prefix: Record<string, string> = { all: 'all', title: 'ti', abstract: 'abs', author: 'au', cat: 'cat' };
    const q = String(p.search_query ?? '').trim();
    if (!q) throw new Error('Please provide a search query.');
    const u = new URL(`${serviceBaseUrl(this, 'arxiv', 'https://export.arxiv.org')}/api/query`);
    u.searchParams.set('search_query', `${prefix[String(p.search_type || 'all')] ?? 'all'}:${q}`);
    u.searchParams.set('start', '0');
    u.searchParams.set('max_results', String(Number(p.max_results ?? 10) || 10));
    const res = await httpRequest(u.toString(), { timeoutMs: 60_000, signal: this.ctx.signal });
    if (res.status >= 400) throw new Error(`arXiv request failed with status ${res.status}`);
    const df = new DataFrame(parseArxivFeed(res.text()));
    this.status = df.rows;
    return df;
  }

  /** Older flows: the papers as Data. */
  async search_papers(): Promise<Data[]> {
    return (await this.search_papers_dataframe()).toDataList();
  }

  async search_papers_message(): Promise<Message> {
    const df = await this.search_papers_dataframe();
    return new Message({ text: df.rows.map((r) => `${r.title}\n${r.summary}\n${r.arxiv_url}`).join('\n\n') });
  }
}
