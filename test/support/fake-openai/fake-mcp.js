'use strict';
/**
 * A fake MCP server for specs (plain Node).
 *
 *   const { startFakeMcp, STDIO_SCRIPT } = require('test/support/fake-openai/fake-mcp');
 *   const mcp = await startFakeMcp();
 *   mcp.url            // Streamable HTTP endpoint (JSON answers): http://127.0.0.1:<port>/mcp
 *   mcp.sseAnswerUrl   // Streamable HTTP endpoint answering with text/event-stream: .../mcp?sse=1
 *   mcp.legacySseUrl   // old HTTP+SSE transport: .../sse
 *   mcp.calls          // [{method, params}]
 *   await mcp.close();
 *   // stdio: {command: process.execPath, args: [STDIO_SCRIPT]}
 *
 * Tools: echo {text} → "echo: <text>"; add {a, b} → "<a+b>"; fail {} → isError "it failed".
 */
const http = require('http');
const path = require('path');

const TOOLS = [
  { name: 'echo', description: 'Echo the text back', inputSchema: { type: 'object', properties: { text: { type: 'string', description: 'Text to echo' } }, required: ['text'] } },
  { name: 'add', description: 'Add two numbers', inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] } },
  { name: 'fail', description: 'Always fails', inputSchema: { type: 'object', properties: {} } },
];

/** JSON-RPC handling shared by every transport; returns the answer or null for notifications. */
function answer(msg, calls) {
  if (!msg || typeof msg !== 'object') return null;
  calls && calls.push({ method: msg.method, params: msg.params });
  if (msg.id === undefined || msg.id === null) return null;
  const ok = (result) => ({ jsonrpc: '2.0', id: msg.id, result });
  switch (msg.method) {
    case 'initialize':
      return ok({ protocolVersion: (msg.params && msg.params.protocolVersion) || '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'fake-mcp', version: '1.0.0' } });
    case 'tools/list':
      return ok({ tools: TOOLS });
    case 'tools/call': {
      const { name, arguments: args = {} } = msg.params || {};
      if (name === 'echo') return ok({ content: [{ type: 'text', text: `echo: ${args.text}` }] });
      if (name === 'add') return ok({ content: [{ type: 'text', text: String(Number(args.a) + Number(args.b)) }] });
      if (name === 'fail') return ok({ content: [{ type: 'text', text: 'it failed' }], isError: true });
      return { jsonrpc: '2.0', id: msg.id, error: { code: -32602, message: `Unknown tool: ${name}` } };
    }
    default:
      return { jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: `Method not found: ${msg.method}` } };
  }
}

async function startFakeMcp() {
  const calls = [];
  const sseClients = new Map();
  let nextSession = 1;
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    if (req.method === 'GET' && u.pathname === '/sse') {
      const id = String(nextSession++);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(`event: endpoint\ndata: /messages?session=${id}\n\n`);
      sseClients.set(id, res);
      req.on('close', () => sseClients.delete(id));
      return;
    }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let msg = null;
      try {
        msg = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
      } catch {
        res.writeHead(400).end();
        return;
      }
      if (req.method === 'POST' && u.pathname === '/messages') {
        const client = sseClients.get(u.searchParams.get('session'));
        const a = answer(msg, calls);
        res.writeHead(202).end();
        if (a && client) client.write(`event: message\ndata: ${JSON.stringify(a)}\n\n`);
        return;
      }
      if (req.method === 'DELETE' && u.pathname === '/mcp') return res.writeHead(200).end();
      if (req.method === 'POST' && u.pathname === '/mcp') {
        const a = answer(msg, calls);
        const headers = { 'mcp-session-id': 'sess-1' };
        if (!a) return res.writeHead(202, headers).end();
        if (u.searchParams.get('sse')) {
          res.writeHead(200, { ...headers, 'content-type': 'text/event-stream' });
          res.write(`event: message\ndata: ${JSON.stringify(a)}\n\n`);
          return res.end();
        }
        res.writeHead(200, { ...headers, 'content-type': 'application/json' });
        return res.end(JSON.stringify(a));
      }
      res.writeHead(404).end();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    url: `${base}/mcp`,
    sseAnswerUrl: `${base}/mcp?sse=1`,
    legacySseUrl: `${base}/sse`,
    calls,
    close: () =>
      new Promise((r) => {
        for (const c of sseClients.values()) c.end();
        server.closeAllConnections && server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Run as a stdio MCP server: `node fake-mcp.js --stdio`. */
if (require.main === module && process.argv.includes('--stdio')) {
  let buf = '';
  process.stdin.on('data', (c) => {
    buf += c.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (!line.trim()) continue;
      const a = answer(JSON.parse(line), null);
      if (a) process.stdout.write(JSON.stringify(a) + '\n');
    }
  });
}

const STDIO_SCRIPT = path.join(__dirname, 'fake-mcp.js');
module.exports = { startFakeMcp, STDIO_SCRIPT, answer };
