'use strict';
/**
 * Fake OpenAI-compatible server for tests and the benchmark (plain Node, no dependencies).
 *
 *   const { startFakeOpenAI } = require('test/support/fake-openai');   // also exported as `start`
 *   const fake = await startFakeOpenAI({ port: 0, chunkDelayMs: 5 });
 *   fake.url       // "http://127.0.0.1:<port>/v1"  -> use as OPENAI_API_BASE / openai_api_base
 *   fake.origin    // "http://127.0.0.1:<port>"     -> Ollama base URL; Anthropic base is `${origin}/anthropic`
 *   fake.requests  // log: [{ method, path, headers, body, startedAt, finishedAt, done, chunksSent }]
 *   fake.requestsTo('/chat/completions')  // the log entries whose path ends with that suffix
 *   fake.hold()    // make later streams pause after their first content chunk ...
 *   fake.release() // ... until release() is called (or holdTimeoutMs passes)
 *   fake.setOptions({ chunkDelayMs: 50 })
 *   await fake.close()
 *
 * Routes
 *   POST /v1/chat/completions   stream true/false, tools, tool_choice, response_format json_schema/json_object
 *   POST /v1/embeddings         deterministic unit vectors (sha256 of the text); `dimensions` honoured (default 16)
 *   GET  /v1/models             a small model list
 *   POST /anthropic/v1/messages Anthropic Messages API (stream or not, tools)
 *   POST /api/chat              Ollama chat API (NDJSON stream or not, tools)
 *   POST /v1beta/models/<m>:generateContent | :streamGenerateContent?alt=sse   Google Gemini (base = origin)
 *   GET  /api/tags              Ollama model list
 *   POST /identity/token, /ml/v1/text/chat, /ml/v1/text/chat_stream   IBM IAM + watsonx.ai chat (base = origin)
 *
 * Deterministic answers ("the brain", shared by every wire format):
 *   - Plain chat: `You said: <last user text>`; when a system prompt is present a second line
 *     `System prompt: <N> chars` is appended. If the last user text contains "recall" or "remember",
 *     a third part `Context: <system prompt + earlier turns, joined with " | ">` is added, so tests
 *     can check that history reached the model.
 *   - Tools offered and the last message is from the user: one call per matching tool, all in one
 *     reply. A tool matches when its name appears in the user text, or by trigger:
 *       arithmetic like `12 * 7` and a tool with an `expression` argument  -> {expression: "12 * 7"}
 *       "calculate"/"compute"/"sum"/"total" plus 2+ numbers (no operator)   -> {expression: "n1 + n2 + ..."}
 *       a URL `http(s)://...` and a tool with a `url*`/`urls` argument      -> {url_input: url} / {urls: [url]}
 *       "date"/"today"/"time" and a tool named like get_current_date       -> {}
 *       "search"/"look up"/"research" and a tool with query/prompt/input_value arguments -> those = user text
 *     Other string arguments get the user text. A forced tool_choice {function:{name}} always calls it.
 *   - After tool results (last message role "tool"): `Tool results: <r1> | <r2>` (the tool messages'
 *     contents), so the answer contains what the tool returned.
 *   - response_format json_schema: an object matching the schema: strings `"<key> value"` (or the
 *     first enum value), numbers 42, integers 42, booleans true, arrays with one item.
 *     json_object: {"response": "You said: ..."}.
 *   - Trigger "fail with status NNN" in the user text answers HTTP NNN with an OpenAI error body.
 *
 * Siblings: fake-web.js (pages, an echo endpoint and fake vendor APIs for URL / API Request /
 * search tools, Astra DB) and fake-mcp.js (an MCP server over streamable HTTP, HTTP+SSE and stdio).
 *
 * Streaming: SSE `data: {...}\n\n` chunks (text split into word-ish pieces, tool-call arguments
 * split in two), then `data: [DONE]\n\n`; `chunkDelayMs` between chunks; a held stream pauses after
 * its first content chunk. Each request log entry gets
 * `done: true` and `finishedAt` (a monotonic sequence number, also in `startedAt`) once fully sent,
 * so tests can compare orderings without timing assertions. `fake.seq()` gives the next number.
 * A client abort sets `aborted: true` on the log entry.
 */
const http = require('http');
const crypto = require('crypto');

let SEQ = 0;
const nextSeq = () => ++SEQ;

function textOf(content) {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => (typeof p === 'string' ? p : p && (p.type === 'text' || p.type === 'input_text') ? p.text : ''))
      .filter(Boolean)
      .join(' ');
  }
  return String(content);
}

/** Normalised conversation: [{role: system|user|assistant|tool, text}] */
function brainReply(conv, tools, forcedTool, responseFormat) {
  const last = conv[conv.length - 1] || { role: 'user', text: '' };
  const lastUser = [...conv].reverse().find((m) => m.role === 'user');
  const userText = lastUser ? lastUser.text : '';
  const system = conv.filter((m) => m.role === 'system').map((m) => m.text).join('\n');

  const fail = /fail with status (\d{3})/i.exec(userText);
  if (fail && last.role === 'user') return { error: Number(fail[1]) };

  if (responseFormat && responseFormat.type === 'json_schema') {
    const schema = (responseFormat.json_schema && responseFormat.json_schema.schema) || {};
    return { text: JSON.stringify(sampleFromSchema(schema, 'value', schema)) };
  }

  if (tools && tools.length && (last.role === 'user' || forcedTool)) {
    const calls = [];
    for (const t of tools) {
      const forced = forcedTool && forcedTool === t.name;
      if (forcedTool && !forced) continue;
      const args = forced ? forcedArgs(t, userText) : matchTool(t, userText);
      if (args) calls.push({ id: 'call_' + hash(t.name + userText + calls.length).slice(0, 12), name: t.name, arguments: JSON.stringify(args) });
    }
    if (calls.length) return { toolCalls: calls };
  }
  if (last.role === 'tool') {
    const results = [];
    for (let i = conv.length - 1; i >= 0 && conv[i].role === 'tool'; i--) results.unshift(conv[i].text);
    return { text: 'Tool results: ' + results.join(' | ') };
  }
  if (responseFormat && responseFormat.type === 'json_object') {
    return { text: JSON.stringify({ response: 'You said: ' + userText }) };
  }
  let text = 'You said: ' + userText;
  if (system) text += '\nSystem prompt: ' + system.length + ' chars';
  if (/recall|remember/i.test(userText)) {
    const ctx = conv.filter((m) => m !== lastUser && m.role !== 'tool').map((m) => m.text);
    text += '\nContext: ' + ctx.join(' | ');
  }
  return { text };
}

function schemaProps(t) {
  const p = t.parameters || {};
  return p.properties || {};
}

function matchTool(t, userText) {
  const props = schemaProps(t);
  const names = Object.keys(props);
  const lower = userText.toLowerCase();
  const mentioned = lower.includes(t.name.toLowerCase());
  const expr = /(-?\d+(?:\.\d+)?(?:\s*(?:\*\*|[-+*/])\s*\(?-?\d+(?:\.\d+)?\)?)+)/.exec(userText);
  const url = /https?:\/\/[^\s"'<>)\]]+/.exec(userText);
  if (names.some((n) => /expression/i.test(n))) {
    if (expr || mentioned) return fillArgs(t, userText, expr && expr[1].trim(), url && url[0]);
    const nums = userText.match(/\d+(?:\.\d+)?/g) || [];
    if (/calculat|compute|sum|total/i.test(userText) && nums.length >= 2) return fillArgs(t, userText, nums.join(' + '), null);
    return null;
  }
  if (names.some((n) => /url/i.test(n))) {
    if (url || mentioned) return fillArgs(t, userText, expr && expr[1].trim(), url && url[0].replace(/[.,;:]+$/, ''));
    return null;
  }
  if (/date|time/i.test(t.name) && /\b(date|today|time)\b/i.test(userText)) return fillArgs(t, userText);
  const queryArgs = names.filter((n) => /query|prompt|input_value|search/i.test(n));
  if (queryArgs.length && /\b(search|look up|research)\b/i.test(userText)) {
    const args = {};
    for (const n of queryArgs) args[n] = userText;
    return args;
  }
  if (mentioned) return fillArgs(t, userText);
  return null;
}

function forcedArgs(t, userText) {
  const p = t.parameters || {};
  if (p.properties && Object.keys(p.properties).length && !Object.keys(p.properties).some((n) => /url|expression/i.test(n))) {
    return sampleFromSchema(p, 'value', p);
  }
  return fillArgs(t, userText, null, null) || {};
}

function fillArgs(t, userText, expr, url) {
  const props = schemaProps(t);
  const required = new Set((t.parameters && t.parameters.required) || []);
  const args = {};
  for (const [name, spec] of Object.entries(props)) {
    const type = spec && spec.type;
    let v;
    if (/expression/i.test(name)) v = expr || userText;
    else if (/url/i.test(name)) {
      if (/curl/i.test(name)) continue;
      v = url || '';
      if (type === 'array') v = url ? [url] : [];
    } else if (type === 'string' || type === undefined) {
      if (!required.has(name)) continue;
      v = userText;
    } else if (required.has(name)) v = sampleFromSchema(spec, name, t.parameters);
    else continue;
    args[name] = v;
  }
  return args;
}

function resolveRef(schema, root) {
  if (schema && schema.$ref && root) {
    const path = schema.$ref.replace(/^#\//, '').split('/');
    let cur = root;
    for (const p of path) cur = cur && cur[p];
    return cur || {};
  }
  return schema || {};
}

function sampleFromSchema(schema, key, root, depth = 0) {
  schema = resolveRef(schema, root);
  if (depth > 8) return null;
  if (schema.enum && schema.enum.length) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  const anyOf = schema.anyOf || schema.oneOf;
  if (anyOf) {
    const pick = anyOf.find((s) => resolveRef(s, root).type !== 'null') || anyOf[0];
    return sampleFromSchema(pick, key, root, depth + 1);
  }
  let type = schema.type;
  if (Array.isArray(type)) type = type.find((x) => x !== 'null') || type[0];
  if (!type && schema.properties) type = 'object';
  switch (type) {
    case 'object': {
      const out = {};
      for (const [k, v] of Object.entries(schema.properties || {})) out[k] = sampleFromSchema(v, k, root, depth + 1);
      return out;
    }
    case 'array': {
      const n = Math.max(1, schema.minItems || 1);
      return Array.from({ length: n }, () => sampleFromSchema(schema.items || { type: 'string' }, key, root, depth + 1));
    }
    case 'integer':
      return 42;
    case 'number':
      return 42;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return key + ' value';
  }
}

function hash(s) {
  return crypto.createHash('sha256').update(String(s)).digest('hex');
}

function embed(text, dims) {
  const out = [];
  let block = Buffer.alloc(0);
  let i = 0;
  while (out.length < dims) {
    if (block.length < 4) {
      block = crypto.createHash('sha256').update(String(text) + '#' + i++).digest();
    }
    out.push(block.readUInt32BE(0) / 0xffffffff - 0.5);
    block = block.subarray(4);
  }
  const norm = Math.sqrt(out.reduce((a, b) => a + b * b, 0)) || 1;
  return out.map((x) => x / norm);
}

/** Split text into streaming pieces: words keep their following whitespace. */
function pieces(text) {
  const parts = String(text).match(/\S+\s*|\s+/g) || [''];
  return parts.length ? parts : [''];
}

function approxTokens(s) {
  return Math.max(1, Math.ceil(String(s).length / 4));
}

// ---------------------------------------------------------------------------------------------

async function startFakeOpenAI(opts = {}) {
  const options = { chunkDelayMs: 0, holdTimeoutMs: 10000, embeddingDims: 16, ...opts };
  const requests = [];
  let holding = false;
  let releaseWaiters = [];

  const waitRelease = () =>
    new Promise((resolve) => {
      if (!holding) return resolve();
      const timer = setTimeout(() => resolve(), options.holdTimeoutMs);
      releaseWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  const delay = () => (options.chunkDelayMs > 0 ? new Promise((r) => setTimeout(r, options.chunkDelayMs)) : Promise.resolve());

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        body = raw;
      }
      const url = new URL(req.url, 'http://x');
      const entry = {
        method: req.method,
        path: url.pathname,
        headers: req.headers,
        body,
        startedAt: nextSeq(),
        finishedAt: null,
        done: false,
        aborted: false,
        chunksSent: 0,
      };
      requests.push(entry);
      res.on('close', () => {
        if (!entry.done) entry.aborted = true;
      });
      const finish = () => {
        entry.done = true;
        entry.finishedAt = nextSeq();
      };
      handle(req, res, url.pathname, body, entry, finish).catch((err) => {
        if (!res.headersSent) sendJson(res, 500, { error: { message: String(err && err.message), type: 'server_error' } });
        else res.end();
        finish();
      });
    });
  });

  function sendJson(res, status, obj) {
    const s = JSON.stringify(obj);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(s) });
    res.end(s);
  }

  /** `holdAfter`: index of the first frame that carries content; a held stream pauses after it. */
  async function streamOut(res, entry, frames, contentType, holdAfter = 0) {
    res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache', connection: 'keep-alive' });
    for (let i = 0; i < frames.length; i++) {
      if (res.destroyed || entry.aborted) return;
      res.write(frames[i]);
      entry.chunksSent++;
      if (i === holdAfter && holding) await waitRelease();
      if (i < frames.length - 1) await delay();
    }
    res.end();
  }

  async function handle(req, res, path, body, entry, finish) {
    if (req.method === 'GET' && (path === '/v1/models' || path === '/models')) {
      sendJson(res, 200, {
        object: 'list',
        data: ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1', 'text-embedding-3-small'].map((id) => ({ id, object: 'model', owned_by: 'fake' })),
      });
      return finish();
    }
    if (req.method === 'GET' && path === '/api/tags') {
      sendJson(res, 200, { models: [{ name: 'llama3.3', model: 'llama3.3' }] });
      return finish();
    }
    if (req.method !== 'POST') {
      sendJson(res, 404, { error: { message: 'Not found: ' + path } });
      return finish();
    }
    if (path === '/v1/embeddings' || path === '/embeddings') {
      const input = Array.isArray(body.input) ? body.input : [body.input];
      const dims = body.dimensions || options.embeddingDims;
      sendJson(res, 200, {
        object: 'list',
        model: body.model,
        data: input.map((t, index) => ({ object: 'embedding', index, embedding: embed(Array.isArray(t) ? t.join(',') : t, dims) })),
        usage: { prompt_tokens: input.length, total_tokens: input.length },
      });
      return finish();
    }
    if (path === '/v1/chat/completions' || path === '/chat/completions') {
      await openaiChat(res, body, entry);
      return finish();
    }
    if (path === '/anthropic/v1/messages' || path === '/v1/messages') {
      await anthropicChat(res, body, entry);
      return finish();
    }
    if (path === '/api/chat') {
      await ollamaChat(res, body, entry);
      return finish();
    }
    if (path === '/identity/token') {
      sendJson(res, 200, { access_token: 'iam-token-for-' + (new URLSearchParams(typeof body === 'string' ? body : '').get('apikey') || ''), expiration: Math.floor(Date.now() / 1000) + 3600 });
      return finish();
    }
    if (path === '/ml/v1/text/chat' || path === '/ml/v1/text/chat_stream') {
      // watsonx: OpenAI-shaped messages and chunks, model_id / project_id in the body
      await openaiChat(res, { ...body, model: body.model_id, stream: path.endsWith('_stream') }, entry);
      return finish();
    }
    const gm = /^\/v1beta\/models\/([^:]+):(generateContent|streamGenerateContent)$/.exec(path);
    if (gm) {
      await geminiChat(res, body, entry, gm[2] === 'streamGenerateContent');
      return finish();
    }
    sendJson(res, 404, { error: { message: 'Not found: ' + path } });
    finish();
  }

  // ---- OpenAI -----------------------------------------------------------------------------
  async function openaiChat(res, body, entry) {
    const conv = (body.messages || []).map((m) => ({
      role: m.role === 'developer' ? 'system' : m.role,
      text: textOf(m.content),
    }));
    const tools = (body.tools || []).filter((t) => t.type === 'function').map((t) => t.function);
    const forced = body.tool_choice && typeof body.tool_choice === 'object' && body.tool_choice.function ? body.tool_choice.function.name : null;
    const reply = brainReply(conv, tools, forced, body.response_format);
    if (reply.error) {
      return sendJson(res, reply.error, { error: { message: 'Fake failure ' + reply.error, type: 'invalid_request_error', code: String(reply.error) } });
    }
    const id = 'chatcmpl-' + hash(JSON.stringify(body)).slice(0, 16);
    const created = 1700000000;
    const model = body.model || 'gpt-4o-mini';
    const promptTokens = approxTokens(conv.map((m) => m.text).join(' '));
    const completionTokens = approxTokens(reply.text || JSON.stringify(reply.toolCalls));
    const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    const finishReason = reply.toolCalls ? 'tool_calls' : 'stop';
    if (!body.stream) {
      const message = { role: 'assistant', content: reply.toolCalls ? null : reply.text, refusal: null };
      if (reply.toolCalls) {
        message.tool_calls = reply.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
      }
      return sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
        usage,
      });
    }
    const frame = (delta, finish_reason = null) =>
      'data: ' + JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, logprobs: null, finish_reason }] }) + '\n\n';
    const frames = [frame({ role: 'assistant', content: '' })];
    if (reply.toolCalls) {
      reply.toolCalls.forEach((c, index) => {
        const half = Math.floor(c.arguments.length / 2);
        frames.push(frame({ tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments.slice(0, half) } }] }));
        frames.push(frame({ tool_calls: [{ index, function: { arguments: c.arguments.slice(half) } }] }));
      });
    } else {
      for (const p of pieces(reply.text)) frames.push(frame({ content: p }));
    }
    frames.push(frame({}, finishReason));
    if (body.stream_options && body.stream_options.include_usage) {
      frames.push('data: ' + JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage }) + '\n\n');
    }
    frames.push('data: [DONE]\n\n');
    await streamOut(res, entry, frames, 'text/event-stream', 1);
  }

  // ---- Anthropic --------------------------------------------------------------------------
  async function anthropicChat(res, body, entry) {
    const conv = [];
    const sys = Array.isArray(body.system) ? body.system.map((b) => b.text).join('\n') : body.system;
    if (sys) conv.push({ role: 'system', text: sys });
    for (const m of body.messages || []) {
      if (Array.isArray(m.content)) {
        const toolResults = m.content.filter((b) => b.type === 'tool_result');
        if (toolResults.length) {
          for (const r of toolResults) conv.push({ role: 'tool', text: textOf(r.content) });
          continue;
        }
      }
      conv.push({ role: m.role, text: textOf(m.content) });
    }
    const tools = (body.tools || []).map((t) => ({ name: t.name, description: t.description, parameters: t.input_schema }));
    const forced = body.tool_choice && body.tool_choice.type === 'tool' ? body.tool_choice.name : null;
    const reply = brainReply(conv, tools, forced, null);
    if (reply.error) return sendJson(res, reply.error, { type: 'error', error: { type: 'invalid_request_error', message: 'Fake failure ' + reply.error } });
    const id = 'msg_' + hash(JSON.stringify(body)).slice(0, 16);
    const content = reply.toolCalls
      ? reply.toolCalls.map((c) => ({ type: 'tool_use', id: 'toolu_' + c.id.slice(5), name: c.name, input: JSON.parse(c.arguments) }))
      : [{ type: 'text', text: reply.text }];
    const stop_reason = reply.toolCalls ? 'tool_use' : 'end_turn';
    const usage = { input_tokens: 10, output_tokens: 10 };
    if (!body.stream) {
      return sendJson(res, 200, { id, type: 'message', role: 'assistant', model: body.model, content, stop_reason, stop_sequence: null, usage });
    }
    const ev = (type, data) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
    const frames = [ev('message_start', { message: { id, type: 'message', role: 'assistant', model: body.model, content: [], stop_reason: null, usage } })];
    content.forEach((block, index) => {
      if (block.type === 'text') {
        frames.push(ev('content_block_start', { index, content_block: { type: 'text', text: '' } }));
        for (const p of pieces(block.text)) frames.push(ev('content_block_delta', { index, delta: { type: 'text_delta', text: p } }));
      } else {
        frames.push(ev('content_block_start', { index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } }));
        frames.push(ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } }));
      }
      frames.push(ev('content_block_stop', { index }));
    });
    frames.push(ev('message_delta', { delta: { stop_reason, stop_sequence: null }, usage: { output_tokens: 10 } }));
    frames.push(ev('message_stop', {}));
    await streamOut(res, entry, frames, 'text/event-stream', 2);
  }

  // ---- Ollama -----------------------------------------------------------------------------
  async function ollamaChat(res, body, entry) {
    const conv = (body.messages || []).map((m) => ({ role: m.role, text: textOf(m.content) }));
    const tools = (body.tools || []).map((t) => t.function || t);
    const rf = body.format && typeof body.format === 'object' ? { type: 'json_schema', json_schema: { schema: body.format } } : null;
    const reply = brainReply(conv, tools, null, rf);
    if (reply.error) return sendJson(res, reply.error, { error: 'Fake failure ' + reply.error });
    const model = body.model;
    const created_at = '2025-01-01T00:00:00Z';
    const message = { role: 'assistant', content: reply.toolCalls ? '' : reply.text };
    if (reply.toolCalls) message.tool_calls = reply.toolCalls.map((c) => ({ function: { name: c.name, arguments: JSON.parse(c.arguments) } }));
    const stream = body.stream !== false;
    if (!stream) return sendJson(res, 200, { model, created_at, message, done: true, done_reason: 'stop' });
    const frames = [];
    if (reply.toolCalls) frames.push(JSON.stringify({ model, created_at, message, done: false }) + '\n');
    else for (const p of pieces(reply.text)) frames.push(JSON.stringify({ model, created_at, message: { role: 'assistant', content: p }, done: false }) + '\n');
    frames.push(JSON.stringify({ model, created_at, message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop' }) + '\n');
    await streamOut(res, entry, frames, 'application/x-ndjson');
  }

  // ---- Google Gemini ------------------------------------------------------------------------
  async function geminiChat(res, body, entry, stream) {
    const conv = [];
    const sys = body.systemInstruction && (body.systemInstruction.parts || []).map((p) => p.text || '').join('\n');
    if (sys) conv.push({ role: 'system', text: sys });
    for (const c of body.contents || []) {
      const fr = (c.parts || []).filter((p) => p.functionResponse);
      if (fr.length) {
        for (const p of fr) {
          const r = p.functionResponse.response;
          conv.push({ role: 'tool', text: r && typeof r.content === 'string' ? r.content : JSON.stringify(r) });
        }
        continue;
      }
      conv.push({ role: c.role === 'model' ? 'assistant' : 'user', text: (c.parts || []).map((p) => p.text || '').join(' ') });
    }
    const tools = ((body.tools || [])[0] || {}).functionDeclarations || [];
    const gc = body.generationConfig || {};
    const rf = gc.responseSchema ? { type: 'json_schema', json_schema: { schema: gc.responseSchema } } : null;
    const reply = brainReply(conv, tools, null, rf);
    if (reply.error) return sendJson(res, reply.error, { error: { code: reply.error, message: 'Fake failure ' + reply.error } });
    const usageMetadata = { promptTokenCount: 10, candidatesTokenCount: 10, totalTokenCount: 20 };
    const partsOut = reply.toolCalls
      ? reply.toolCalls.map((c) => ({ functionCall: { name: c.name, args: JSON.parse(c.arguments) } }))
      : [{ text: reply.text }];
    if (!stream) {
      return sendJson(res, 200, { candidates: [{ content: { role: 'model', parts: partsOut }, finishReason: 'STOP' }], usageMetadata });
    }
    const frames = [];
    if (reply.toolCalls) frames.push('data: ' + JSON.stringify({ candidates: [{ content: { role: 'model', parts: partsOut } }] }) + '\n\n');
    else for (const p of pieces(reply.text)) frames.push('data: ' + JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text: p }] } }] }) + '\n\n');
    frames.push('data: ' + JSON.stringify({ candidates: [{ content: { role: 'model', parts: [] }, finishReason: 'STOP' }], usageMetadata }) + '\n\n');
    await streamOut(res, entry, frames, 'text/event-stream');
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port || 0, '127.0.0.1', resolve);
  });
  const port = server.address().port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: origin + '/v1',
    origin,
    port,
    requests,
    /** Requests to a path suffix, e.g. fake.requestsTo('/chat/completions'). */
    requestsTo: (suffix) => requests.filter((r) => r.path.endsWith(suffix)),
    setOptions: (o) => Object.assign(options, o),
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      const w = releaseWaiters;
      releaseWaiters = [];
      w.forEach((f) => f());
    },
    seq: nextSeq,
    close: () =>
      new Promise((resolve) => {
        holding = false;
        releaseWaiters.forEach((f) => f());
        releaseWaiters = [];
        server.closeAllConnections && server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

module.exports = { startFakeOpenAI, start: startFakeOpenAI, sampleFromSchema, embed };
