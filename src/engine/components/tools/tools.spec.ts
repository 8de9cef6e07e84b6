import * as http from 'http';
import { AddressInfo } from 'net';
import { startFakeWeb, FakeWeb } from '../../../../test/support/fake-openai/fake-web';
import { createDefaultRegistry } from '../index';
import { FlowEngine } from '../../runtime/engine';
import { FlowBuilder } from '../../starter-projects/flow-builder';
import { Data } from '../../schema/data';
import { DataFrame } from '../../schema/dataframe';
import { Message } from '../../schema/message';
import { InMemoryFileStorage } from '../../ports/memory';
import { parseCurl } from './api-request.component';
import { buildToolkit, EngineTool } from './toolkit';
import { parseArxivFeed } from './search.components';
import { htmlToText, htmlToMarkdown } from './html';

const registry = createDefaultRegistry();

/** Runs one component node (build mode) and returns its results. */
async function runNode(engine: FlowEngine, type: string, values: Record<string, unknown>, opts: { toolMode?: boolean; onEvent?: any; fieldProps?: Record<string, Record<string, unknown>> } = {}) {
  const b = new FlowBuilder(registry, `t-${type}`);
  const id = b.add(type, { position: { x: 0, y: 0 }, values, toolMode: opts.toolMode, fieldProps: opts.fieldProps });
  const res = await engine.run(engine.compile(b.build()), { mode: 'run', outputType: 'debug', onEvent: opts.onEvent });
  const v = res.vertices.get(id)!;
  if (v.error) throw v.error;
  return v.results;
}

describe('network and tool components', () => {
  let web: FakeWeb;
  let engine: FlowEngine;
  let api: http.Server;
  let apiUrl: string;
  const apiCalls: any[] = [];
  beforeAll(async () => {
    web = await startFakeWeb();
    api = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        let parsed: unknown = null;
        try {
          parsed = body ? JSON.parse(body) : null;
        } catch {
          parsed = body;
        }
        apiCalls.push({ url: req.url, headers: req.headers, body: parsed });
        res.setHeader('content-type', 'application/json');
        if (req.url === '/search') return res.end(JSON.stringify({ answer: 'Owls are birds.', results: [{ title: 'Owl', url: 'https://owl.example', content: 'An owl.', score: 0.9 }] }));
        if (req.url?.startsWith('/api/v1/search')) return res.end(JSON.stringify({ organic_results: [{ title: 'A', link: 'https://a', snippet: 'x'.repeat(300) }, { title: 'B', link: 'https://b', snippet: 'b' }] }));
        if (req.url === '/v1/query-data') return res.end(JSON.stringify({ data: { price: 10 }, metadata: {} }));
        if (req.url === '/v1/searchscraper') return res.end(JSON.stringify({ result: { answer: 42 } }));
        if (req.url === '/v2/upload') return res.end(JSON.stringify({ upload_url: 'https://cdn.example/audio' }));
        if (req.url === '/v2/transcript') return res.end(JSON.stringify({ id: 'tr_1', status: 'queued' }));
        if (req.url === '/v2/transcript/tr_1') {
          const n = apiCalls.filter((c) => c.url === '/v2/transcript/tr_1').length;
          return res.end(JSON.stringify(n < 2 ? { id: 'tr_1', status: 'processing' } : { id: 'tr_1', status: 'completed', text: 'Hello meeting', words: [1, 2], utterances: [] }));
        }
        if (req.url?.startsWith('/youtube/v3/commentThreads')) {
          return res.end(JSON.stringify({ items: [{ id: 't1', snippet: { totalReplyCount: 1, topLevelComment: { id: 'c1', snippet: { authorDisplayName: 'Ann', textDisplay: 'Great video', likeCount: 3, publishedAt: '2024-01-01' } } }, replies: { comments: [{ id: 'r1', snippet: { authorDisplayName: 'Bob', textDisplay: 'Agreed' } }] } }] }));
        }
        if (req.url === '/api/v1/collections/col1/search') return res.end(JSON.stringify({ result: [{ content: 'Invoice 42 total 100' }] }));
        if (req.url?.startsWith('/v2/acts/')) return res.end(JSON.stringify([{ a: { b: 1 }, c: 2 }]));
        if (req.url?.startsWith('/v1/finance/search')) return res.end(JSON.stringify({ news: [{ title: 'ACME up', link: 'https://n', publisher: 'X', providerPublishTime: 1 }] }));
        if (req.url?.startsWith('/api/query')) {
          res.setHeader('content-type', 'application/atom+xml');
          return res.end(`<feed><entry><id>http://arxiv.org/abs/1</id><title>Owls &amp; Code</title><summary> About owls </summary><published>2024-01-01</published><author><name>Ada</name></author><link href="http://arxiv.org/abs/1" rel="alternate"/><link title="pdf" href="http://arxiv.org/pdf/1" rel="related"/><arxiv:primary_category term="cs.AI"/><category term="cs.AI"/></entry></feed>`);
        }
        res.statusCode = 404;
        res.end('{}');
      });
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    engine = new FlowEngine({
      registry,
      settings: { serviceBaseUrls: { tavily: apiUrl, searchapi: apiUrl, agentql: apiUrl, scrapegraph: apiUrl, arxiv: apiUrl, assemblyai: apiUrl, youtube: apiUrl, needle: apiUrl, apify: apiUrl, yahoo_finance: apiUrl } },
      ports: { files: new InMemoryFileStorage({ 'f/meeting.mp3': 'ID3' }) },
    });
  });
  afterAll(async () => {
    await web.close();
    api.closeAllConnections();
    await new Promise((r) => api.close(r));
  });

  it('URL fetches and cleans pages, and crawls with depth', async () => {
    const r = await runNode(engine, 'URLComponent', { urls: [`${web.url}/page`], max_depth: 2 });
    const df = r.page_results as DataFrame;
    expect(df.rows.map((x) => x.url)).toEqual([`${web.url}/page`, `${web.url}/page/child`]);
    expect(df.rows[0]).toMatchObject({ title: 'Nestflow Test Page', description: 'A page for tests', language: 'en', content_type: 'text/html' });
    expect(df.rows[0].text).toBe('Welcome\n\nNestflow fixture page content: /page\nchild');
    expect((r.raw_results as Message).getText()).toContain('Nestflow fixture page content: /page/child');
  });

  it('URL honours the SSRF guard when enabled', async () => {
    const old = process.env.LANGFLOW_SSRF_PROTECTION_ENABLED;
    process.env.LANGFLOW_SSRF_PROTECTION_ENABLED = 'true';
    try {
      await expect(runNode(engine, 'URLComponent', { urls: [`${web.url}/page`], continue_on_failure: false })).rejects.toThrow(/SSRF|blocked/);
    } finally {
      if (old === undefined) delete process.env.LANGFLOW_SSRF_PROTECTION_ENABLED;
      else process.env.LANGFLOW_SSRF_PROTECTION_ENABLED = old;
    }
  });

  it('API Request: URL mode, cURL mode, query params, errors', async () => {
    const r1 = (await runNode(engine, 'APIRequest', { url_input: `${web.url}/echo`, method: 'POST', body: [{ key: 'a', value: '1' }], headers: [{ key: 'X-Test', value: 'yes' }], include_httpx_metadata: true })).data as Data;
    expect(r1.data.status_code).toBe(200);
    expect(r1.data.result).toMatchObject({ method: 'POST', body: '{"a":"1"}' });
    expect(r1.data.result.headers['x-test']).toBe('yes');
    const r2 = (await runNode(engine, 'APIRequest', { mode: 'cURL', curl_input: `curl -X PUT '${web.url}/echo?x=1' -H 'Content-Type: application/json' -d '{"k": 2}'` }, { fieldProps: { curl_input: { show: true } } })).data as Data;
    expect(r2.data.result).toMatchObject({ method: 'PUT', query: { x: '1' }, body: '{"k":2}' });
    const r3 = (await runNode(engine, 'APIRequest', { url_input: 'http://127.0.0.1:1/nothing', timeout: 2 })).data as Data;
    expect(r3.data).toMatchObject({ status_code: 500 });
    expect(parseCurl(`curl https://x.test/a --json '{"a":1}'`)).toEqual({ url: 'https://x.test/a', method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: '{"a":1}' });
  });

  it('tool mode builds tools from tool_mode inputs and tools_metadata, and emits build events', async () => {
    const events: string[] = [];
    const r = await runNode(engine, 'APIRequest', { timeout: 5 }, { toolMode: true, onEvent: (e: string) => events.push(e) });
    const tools = r.component_as_tool as EngineTool[];
    expect(tools.map((t) => t.name)).toEqual(['make_api_request']);
    expect(Object.keys(tools[0].parameters.properties)).toEqual(['url_input', 'curl_input']);
    const out = await tools[0].invoke({ url_input: `${web.url}/api/v2/pokemon/Mew` });
    expect(JSON.parse(out)).toMatchObject({ result: { name: 'mew', types: [{ type: { name: 'electric' } }] } });
    expect(events.filter((e) => e === 'build_start' || e === 'build_end')).toEqual(['build_start', 'build_end']);
    const calc = await runNode(engine, 'CalculatorComponent', {}, { toolMode: true });
    const [evalTool] = calc.component_as_tool as EngineTool[];
    expect(evalTool.name).toBe('evaluate_expression');
    expect(await evalTool.invoke({ expression: '2 * (3 + 4)' })).toBe('{"result":"14"}');
  });

  it('tools_metadata renames and disables tools', async () => {
    const b = new FlowBuilder(registry, 'meta');
    const id = b.add('URLComponent', { position: { x: 0, y: 0 }, toolMode: true });
    const flow = b.build();
    const node: any = flow.nodes.find((n) => n.id === id)!;
    node.data.node.template.tools_metadata.value[0].name = 'read_page';
    node.data.node.template.tools_metadata.value[0].description = 'Reads a page';
    const res = await engine.run(engine.compile(flow), { outputType: 'debug' });
    const tools = res.vertices.get(id)!.results.component_as_tool as EngineTool[];
    expect(tools.map((t) => [t.name, t.description])).toEqual([['read_page', 'Reads a page']]);
    expect(tools[0].parameters.properties.urls.type).toBe('array');
    expect(await tools[0].invoke({ urls: `${web.url}/docs/x` })).toContain('Documentation for x');
    node.data.node.template.tools_metadata.value[0].status = false;
    const res2 = await engine.run(engine.compile(flow), { outputType: 'debug' });
    expect(res2.vertices.get(id)!.results.component_as_tool).toEqual([]);
  });

  it('search services speak their APIs', async () => {
    const tav = (await runNode(engine, 'TavilySearchComponent', { api_key: 'tv', query: 'owls', include_domains: 'a.com, b.com' })).dataframe as DataFrame;
    expect(tav.rows[0]).toEqual({ text: 'Owls are birds.' });
    expect(tav.rows[1]).toMatchObject({ title: 'Owl', url: 'https://owl.example' });
    const tavCall = apiCalls.find((c) => c.url === '/search');
    expect(tavCall.headers.authorization).toBe('Bearer tv');
    expect(tavCall.body).toMatchObject({ query: 'owls', include_domains: ['a.com', 'b.com'], max_results: 5 });
    const sa = (await runNode(engine, 'SearchComponent', { api_key: 'k', input_value: 'owls', max_results: 1, max_snippet_length: 10 })).dataframe as DataFrame;
    expect(sa.rows).toEqual([{ title: 'A', link: 'https://a', snippet: 'xxxxxxxxxx' }]);
    const aq = (await runNode(engine, 'AgentQL', { api_key: 'k', url: 'https://shop', prompt: 'price' })).data as Data;
    expect(aq.data).toEqual({ price: 10 });
    expect(apiCalls.find((c) => c.url === '/v1/query-data').headers['x-api-key']).toBe('k');
    const sg = (await runNode(engine, 'ScrapeGraphSearchApi', { api_key: 'k', user_prompt: 'q' })).data as Data[];
    expect(sg[0].data).toEqual({ result: { answer: 42 } });
    const ax = (await runNode(engine, 'ArXivComponent', { search_query: 'owls', max_results: 1 })).dataframe as DataFrame;
    expect(ax.rows[0]).toMatchObject({ title: 'Owls & Code', summary: 'About owls', authors: ['Ada'], pdf_url: 'http://arxiv.org/pdf/1', primary_category: 'cs.AI' });
    await expect(runNode(engine, 'TavilySearchComponent', { query: 'owls' })).rejects.toThrow(/Tavily API key is required/);
  });

  it('AssemblyAI, YouTube comments, Needle, Apify and Yahoo Finance speak their APIs', async () => {
    const b = new FlowBuilder(registry, 'aai');
    const c = b.add('AssemblyAITranscriptionJobCreator', { position: { x: 0, y: 0 }, values: { api_key: 'ak', audio_file: 'f/meeting.mp3' } });
    const p = b.add('AssemblyAITranscriptionJobPoller', { position: { x: 400, y: 0 }, values: { api_key: 'ak', polling_interval: 0 } });
    b.connect(c, 'transcript_id', p, 'transcript_id');
    const res = await engine.run(engine.compile(b.build()), { outputType: 'debug' });
    expect((res.vertices.get(c)!.results.transcript_id as Data).data).toEqual({ transcript_id: 'tr_1' });
    expect((res.vertices.get(p)!.results.transcription_result as Data).data).toMatchObject({ id: 'tr_1', text: 'Hello meeting' });
    expect(apiCalls.find((x) => x.url === '/v2/transcript').body).toMatchObject({ audio_url: 'https://cdn.example/audio', speaker_labels: true });
    const yt = (await runNode(engine, 'YouTubeCommentsComponent', { api_key: 'k', video_url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', include_replies: true })).comments as DataFrame;
    expect(yt.rows.map((r) => [r.author, r.text, r.is_reply])).toEqual([['Ann', 'Great video', false], ['Bob', 'Agreed', true]]);
    const nd = (await runNode(engine, 'needle', { needle_api_key: 'k', collection_id: 'col1', query: 'total?' })).result as Message;
    expect(nd.getText()).toBe('Invoice 42 total 100');
    const ap = (await runNode(engine, 'ApifyActors', { apify_token: 't', actor_id: 'me/scraper', run_input: '{"x":1}', flatten_dataset: true })).output as Data[];
    expect(ap[0].data).toEqual({ a_b: 1, c: 2 });
    expect(apiCalls.find((x) => x.url?.startsWith('/v2/acts/')).url).toBe('/v2/acts/me~scraper/run-sync-get-dataset-items');
    const yf = (await runNode(engine, 'YfinanceComponent', { symbol: 'acme', num_news: 1 })).dataframe as DataFrame;
    expect(yf.rows[0]).toMatchObject({ title: 'ACME up', publisher: 'X' });
  });

  it('YouTube transcripts: captions page, timed text, chunks', async () => {
    const local = new FlowEngine({ registry, settings: { serviceBaseUrls: { youtube_web: web.url } } });
    const r = await runNode(local, 'YouTubeTranscripts', { url: 'https://youtu.be/dQw4w9WgXcQ', chunk_size_seconds: 60 });
    expect((r.dataframe as DataFrame).rows).toEqual([
      { timestamp: '00:00', text: 'Hello and welcome to the show' },
      { timestamp: '01:00', text: "it's great" },
    ]);
    expect((r.message as Message).getText()).toBe("Hello and welcome to the show it's great");
    expect((r.data_output as Data).data).toMatchObject({ transcript: "Hello and welcome to the show it's great" });
  });

  it('Current Date gives the date in a timezone and works as a tool', async () => {
    const r = await runNode(engine, 'CurrentDate', { timezone: 'Asia/Tokyo' });
    expect((r.current_date as Message).getText()).toMatch(/^Current date and time in Asia\/Tokyo: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} GMT\+9$/);
    const t = (await runNode(engine, 'CurrentDate', {}, { toolMode: true })).component_as_tool as EngineTool[];
    expect(t[0].name).toBe('get_current_date');
    expect(await t[0].invoke({ timezone: 'UTC' })).toMatch(/^Current date and time in UTC: /);
  });

  it('html helpers', () => {
    expect(htmlToText('<p>a&amp;b</p><script>x</script><div>c&#33;</div>')).toBe('a&b\n\nc!');
    expect(htmlToMarkdown('<h2>T</h2><p>See <a href="/x">here</a></p><ul><li>one</li></ul>')).toBe('## T\n\nSee [here](/x)\n\n- one');
    expect(parseArxivFeed('<feed></feed>')).toEqual([]);
  });

  it('buildToolkit is generic (no tool outputs → no tools)', () => {
    const b = new FlowBuilder(registry, 'x');
    b.add('ChatOutput', { position: { x: 0, y: 0 } });
    const ChatOutput = registry.get('ChatOutput')!;
    const c = new ChatOutput();
    c.params = {};
    expect(buildToolkit(c).map((t) => t.name)).toEqual(['message_response']);
  });
});
