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
 */
const http = require('http');

async function startFakeWeb(opts = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const u = new URL(req.url, 'http://x');
      requests.push({ method: req.method, path: u.pathname, query: Object.fromEntries(u.searchParams), headers: req.headers, body });
      const json = (status, obj) => {
        const s = JSON.stringify(obj);
        res.writeHead(status, { 'content-type': 'application/json' });
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
