'use strict';
/**
 * A tiny local web site for URL / API Request components and agent tools (plain Node).
 *
 *   const { startFakeWeb } = require('test/support/fake-openai/fake-web');
 *   const web = await startFakeWeb();   // web.url = "http://127.0.0.1:<port>"
 *   web.requests                       // [{method, path, headers, body}]
 *   await web.close();
 *
 * Routes
 *   GET  /page, /page/<anything>   HTML page: <title>Nestflow Test Page</title>, text "Nestflow fixture page
 *                                   content: <path>", a link to /page/child
 *   GET  /docs/<anything>          plain text "Documentation for <anything>"
 *   GET  /api/v2/pokemon/<name>    JSON {name, id: 25, types: [{type: {name: "electric"}}], height: 4}
 *   *    /echo                     JSON {method, path, query, headers, body}
 *   GET  /status/<code>            that status with JSON {status}
 *
 * Fake vendor APIs (point a component at them with settings.serviceBaseUrls = {<service>: web.url}
 * or <SERVICE>_BASE_URL; see src/engine/components/tools/service.ts):
 *   tavily      POST /search                        {answer, results: [{title, url, content, score}]}
 *   searchapi   GET  /api/v1/search                 {organic_results: [{title, link, snippet}]}
 *   agentql     POST /v1/query-data                 {data: {query_echo}}
 *   scrapegraph POST /v1/searchscraper              {result: {answer}}
 *   arxiv       GET  /api/query                     Atom feed with one entry
 *   assemblyai  POST /v2/upload, /v2/transcript; GET /v2/transcript/<id> (completed)
 *   youtube     GET  /youtube/v3/commentThreads     one comment
 *   needle      POST /api/v1/collections/<id>/search
 *   apify       POST /v2/acts/<actor>/run-sync-get-dataset-items
 *   yahoo_finance GET /v1/finance/search            one news item
 *   youtube_web GET  /watch?v=<id>, /api/timedtext   a watch page with one caption track, its transcript
 *   astra       POST /api/json/v1/<ks>[/<collection>] createCollection / insertMany / find (cosine on $vector) / deleteMany;
 *               GET /v2/databases (DevOps list, one database "nestflow-db")
 */
const http = require('http');

function fakeVector(text) {
  const v = [];
  for (let i = 0; i < 8; i++) v.push(require('crypto').createHash('sha256').update(String(text) + '#' + i).digest().readUInt32BE(0) / 0xffffffff - 0.5);
  return v;
}
function cos(a, b) {
  let d = 0, x = 0, y = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    d += a[i] * b[i];
    x += a[i] * a[i];
    y += b[i] * b[i];
  }
  return x && y ? d / Math.sqrt(x * y) : 0;
}

/** Fake vendor endpoints; returns true when it answered. */
function vendor(method, u, body, json, state) {
  const p = u.pathname;
  let parsed = null;
  try {
    parsed = body ? JSON.parse(body) : null;
  } catch {
    parsed = null;
  }
  if (method === 'POST' && p === '/search') {
    const q = (parsed && parsed.query) || '';
    json(200, { answer: `Answer about ${q}`, results: [{ title: `Result for ${q}`, url: 'https://example.com/r1', content: `Content about ${q}`, score: 0.9 }] });
    return true;
  }
  if (method === 'GET' && p === '/api/v1/search') {
    const q = u.searchParams.get('q') || '';
    json(200, { organic_results: [{ title: `Result for ${q}`, link: 'https://example.com/s1', snippet: `Snippet about ${q}` }] });
    return true;
  }
  if (method === 'POST' && p === '/v1/query-data') {
    json(200, { data: { query_echo: (parsed && (parsed.query || parsed.prompt)) || '' }, metadata: {} });
    return true;
  }
  if (method === 'POST' && p === '/v1/searchscraper') {
    json(200, { result: { answer: `Scraped answer for ${(parsed && parsed.user_prompt) || ''}` } });
    return true;
  }
  if (method === 'GET' && p === '/api/query') {
    const q = u.searchParams.get('search_query') || '';
    const xml =
      `<feed><entry><id>http://arxiv.org/abs/0001</id><title>Paper about ${q.replace(/[<&]/g, '')}</title>` +
      `<summary>An abstract.</summary><published>2024-01-01T00:00:00Z</published><author><name>A. Author</name></author>` +
      `<link href="http://arxiv.org/abs/0001" rel="alternate"/><link title="pdf" href="http://arxiv.org/pdf/0001" rel="related"/></entry></feed>`;
    return json(200, null, xml, 'application/atom+xml'), true;
  }
  if (method === 'POST' && p === '/v2/upload') return json(200, { upload_url: 'https://cdn.example/audio' }), true;
  if (method === 'POST' && p === '/v2/transcript') return json(200, { id: 'tr_fake', status: 'queued' }), true;
  if (method === 'GET' && p.startsWith('/v2/transcript/')) {
    return json(200, { id: p.slice(15), status: 'completed', text: 'Alice: hello. Bob: let us ship on Friday.', utterances: [] }), true;
  }
  if (method === 'GET' && p === '/youtube/v3/commentThreads') {
    return json(200, { items: [{ id: 't1', snippet: { totalReplyCount: 0, topLevelComment: { id: 'c1', snippet: { authorDisplayName: 'Ann', textDisplay: 'Great video', likeCount: 3 } } } }] }), true;
  }
  if (method === 'POST' && /^\/api\/v1\/collections\/[^/]+\/search$/.test(p)) return json(200, { result: [{ content: 'Invoice 42: total 100 USD' }] }), true;
  if (method === 'POST' && /^\/v2\/acts\/[^/]+\/run-sync-get-dataset-items$/.test(p)) return json(200, [{ text: 'A post', likes: 5 }]), true;
  // Astra DB Data API (in-memory collections; cosine ranking on $vector)
  let am;
  if (method === 'POST' && (am = /^\/api\/json\/v1\/([^/]+)(?:\/([^/]+))?$/.exec(p))) {
    const key = `${am[1]}/${am[2] || ''}`;
    if (!am[2]) {
      const name = parsed && parsed.createCollection && parsed.createCollection.name;
      if (name && !state.astra.has(`${am[1]}/${name}`)) state.astra.set(`${am[1]}/${name}`, []);
      return json(200, { status: { ok: 1 } }), true;
    }
    if (!state.astra.has(key)) state.astra.set(key, []); // lenient: collections spring into existence
    const docs = state.astra.get(key);
    if (parsed.insertMany) {
      const ids = parsed.insertMany.documents.map((d) => {
        const _id = `doc-${docs.length + 1}`;
        docs.push({ _id, ...d, $vector: d.$vector || fakeVector(d.$vectorize || d.content || '') });
        return _id;
      });
      return json(200, { status: { insertedIds: ids } }), true;
    }
    if (parsed.deleteMany) return json(200, { status: { deletedCount: 0 } }), true;
    if (parsed.findAndRerank) {
      const h = (parsed.findAndRerank.sort || {}).$hybrid || {};
      parsed.find = { sort: h.$vector ? { $vector: h.$vector } : { $vectorize: h.$vectorize || h.$lexical || '' }, options: parsed.findAndRerank.options };
    }
    if (parsed.find) {
      const sort = parsed.find.sort || {};
      const qv = sort.$vector || (sort.$vectorize !== undefined ? fakeVector(sort.$vectorize) : null);
      const limit = (parsed.find.options && parsed.find.options.limit) || 20;
      let ranked = docs.map((d) => ({ d, s: qv ? cos(qv, d.$vector) : 1 }));
      if (qv) ranked.sort((a, b) => b.s - a.s);
      ranked = ranked.slice(0, limit);
      const out = ranked.map(({ d, s }) => {
        const { $vector, ...rest } = d;
        return { ...rest, $similarity: s };
      });
      return json(200, { data: { documents: out, nextPageState: null } }), true;
    }
    return json(200, { errors: [{ message: 'unsupported command' }] }), true;
  }
  if (method === 'GET' && p === '/v2/databases') {
    return json(200, [{ id: '00000000-0000-0000-0000-000000000001', info: { name: 'nestflow-db', region: 'us-east1' }, status: 'ACTIVE' }]), true;
  }
  if (method === 'GET' && p === '/watch') {
    const v = u.searchParams.get('v') || '';
    const tracks = JSON.stringify([{ baseUrl: `/api/timedtext?v=${v}&lang=en`, languageCode: 'en' }]);
    return json(200, null, `<html><script>var ytInitialPlayerResponse = {"captions":{"playerCaptionsTracklistRenderer":{"captionTracks":${tracks}}}};</script></html>`, 'text/html'), true;
  }
  if (method === 'GET' && p === '/api/timedtext') {
    const xml = '<?xml version="1.0"?><transcript><text start="0.5" dur="2">Hello and welcome</text><text start="30" dur="2">to the show</text><text start="75" dur="3">it&amp;#39;s great</text></transcript>';
    return json(200, null, xml, 'text/xml'), true;
  }
  if (method === 'GET' && p === '/v1/finance/search') return json(200, { news: [{ title: 'Market news', link: 'https://example.com/n', publisher: 'Wire' }] }), true;
  return false;
}

async function startFakeWeb(opts = {}) {
  const requests = [];
  const state = { astra: new Map() };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const u = new URL(req.url, 'http://x');
      requests.push({ method: req.method, path: u.pathname, query: Object.fromEntries(u.searchParams), headers: req.headers, body });
      const json = (status, obj, raw, type) => {
        const s = raw !== undefined ? raw : JSON.stringify(obj);
        res.writeHead(status, { 'content-type': type || 'application/json' });
        res.end(s);
      };
      let m;
      if (u.pathname === '/page' || u.pathname.startsWith('/page/')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          `<!doctype html><html lang="en"><head><title>Nestflow Test Page</title>` +
            `<meta name="description" content="A page for tests"><style>body{color:red}</style></head>` +
            `<body><h1>Welcome</h1><p>Nestflow fixture page content: ${u.pathname}</p>` +
            `<script>var hidden = 1;</script><a href="/page/child">child</a></body></html>`,
        );
      } else if (u.pathname.startsWith('/docs/')) {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`Documentation for ${u.pathname.slice(6)}`);
      } else if ((m = /^\/api\/v2\/pokemon\/([^/]+)\/?$/.exec(u.pathname))) {
        json(200, { name: decodeURIComponent(m[1]).toLowerCase(), id: 25, height: 4, types: [{ slot: 1, type: { name: 'electric' } }] });
      } else if (u.pathname === '/echo') {
        json(200, { method: req.method, path: u.pathname, query: Object.fromEntries(u.searchParams), headers: req.headers, body });
      } else if (vendor(req.method, u, body, json, state)) {
        // handled by a fake vendor API (see VENDOR below)
      } else if ((m = /^\/status\/(\d{3})$/.exec(u.pathname))) {
        json(Number(m[1]), { status: Number(m[1]) });
      } else {
        json(404, { error: 'not found', path: u.pathname });
      }
    });
  });
  await new Promise((resolve) => server.listen(opts.port || 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections && server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

module.exports = { startFakeWeb };
