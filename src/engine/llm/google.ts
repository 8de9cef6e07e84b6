/**
 * Google Gemini (Generative Language API): `POST {base}/v1beta/models/{model}:generateContent` and
 * `:streamGenerateContent?alt=sse`, key in `x-goog-api-key`. Tools are functionDeclarations; tool
 * calls come back as functionCall parts and results go in as functionResponse parts. Structured
 * output uses responseMimeType application/json + responseSchema. Plain HTTP through our client.
 */
import { readSse } from '../net/http-client';
import { parseJsonOrEmpty, postForJson, postForStream, ProviderPost } from './provider-http';
import {
  ChatContentPart,
  ChatMessage,
  ChatModel,
  ChatModelSettings,
  ChatRequest,
  ChatResult,
  ChatStreamEvent,
  collectStream,
  JsonSchema,
  ToolCall,
} from './types';

export const GOOGLE_DEFAULT_BASE = 'https://generativelanguage.googleapis.com';

/** Gemini accepts an OpenAPI-style subset of JSON schema: drop what it rejects. */
export function toGeminiSchema(s: JsonSchema | undefined): JsonSchema | undefined {
  if (!s || typeof s !== 'object') return s;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(s)) {
    if (['$schema', 'additionalProperties', 'title', 'default', '$defs', 'definitions', 'examples'].includes(k)) continue;
    if (k === 'properties' && v && typeof v === 'object') {
      out.properties = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, toGeminiSchema(pv as JsonSchema)]));
    } else if (k === 'items') out.items = toGeminiSchema(v as JsonSchema);
    else if (k === 'anyOf' && Array.isArray(v)) out.anyOf = v.map((x) => toGeminiSchema(x));
    else out[k] = v;
  }
  return out;
}

function parts(content: string | ChatContentPart[] | null): any[] {
  if (content == null) return [{ text: '' }];
  if (typeof content === 'string') return [{ text: content }];
  return content.map((p) => {
    if (p.type === 'text') return { text: p.text };
    const m = /^data:([^;]+);base64,(.*)$/s.exec(p.image_url.url);
    return m ? { inlineData: { mimeType: m[1], data: m[2] } } : { fileData: { fileUri: p.image_url.url } };
  });
}

function toGemini(messages: ChatMessage[]): { systemInstruction?: any; contents: any[] } {
  const system = messages.filter((m) => m.role === 'system').map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n\n');
  const contents: any[] = [];
  const nameById = new Map<string, string>();
  for (const m of messages) {
    if (m.role === 'system') continue;
    if (m.role === 'assistant') {
      const p: any[] = [];
      if (typeof m.content === 'string' && m.content) p.push({ text: m.content });
      for (const c of m.tool_calls ?? []) {
        nameById.set(c.id, c.name);
        p.push({ functionCall: { name: c.name, args: parseJsonOrEmpty(c.arguments) } });
      }
      contents.push({ role: 'model', parts: p.length ? p : [{ text: '' }] });
    } else if (m.role === 'tool') {
      const part = { functionResponse: { name: m.name ?? nameById.get(m.tool_call_id ?? '') ?? 'tool', response: { content: m.content } } };
      const prev = contents[contents.length - 1];
      if (prev && prev.role === 'user' && prev.parts.every((x: any) => x.functionResponse)) prev.parts.push(part);
      else contents.push({ role: 'user', parts: [part] });
    } else contents.push({ role: 'user', parts: parts(m.content) });
  }
  return { systemInstruction: system ? { parts: [{ text: system }] } : undefined, contents };
}

export class GoogleChatModel implements ChatModel {
  readonly provider = 'Google Generative AI';
  readonly model: string;
  constructor(readonly settings: ChatModelSettings) {
    this.model = settings.model.replace(/^models\//, '');
  }

  private url(stream: boolean): string {
    const base = (this.settings.baseUrl || process.env.GOOGLE_API_BASE || GOOGLE_DEFAULT_BASE).replace(/\/+$/, '');
    return `${base}/v1beta/models/${encodeURIComponent(this.model)}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`;
  }

  private headers(): Record<string, string> {
    return { 'content-type': 'application/json', 'x-goog-api-key': this.settings.apiKey ?? '' };
  }

  private post(req: ChatRequest, headers: Record<string, string>): ProviderPost {
    return { api: 'Google', headers, body: this.body(req), signal: req.signal, errorDetail: (json, raw) => json?.error?.message ?? raw };
  }

  private body(req: ChatRequest): any {
    const { systemInstruction, contents } = toGemini(req.messages);
    const body: any = { contents, ...(this.settings.modelKwargs ?? {}) };
    if (systemInstruction) body.systemInstruction = systemInstruction;
    const gen: any = {};
    if (this.settings.temperature !== undefined && this.settings.temperature !== null) gen.temperature = this.settings.temperature;
    if (this.settings.maxTokens) gen.maxOutputTokens = this.settings.maxTokens;
    if (this.settings.seed !== undefined && this.settings.seed !== null) gen.seed = this.settings.seed;
    if (req.responseFormat?.type === 'json_schema') {
      gen.responseMimeType = 'application/json';
      gen.responseSchema = toGeminiSchema(req.responseFormat.schema);
    } else if (req.responseFormat?.type === 'json_object' || this.settings.jsonMode) gen.responseMimeType = 'application/json';
    if (Object.keys(gen).length) body.generationConfig = gen;
    if (req.tools?.length) {
      body.tools = [{ functionDeclarations: req.tools.map((t) => ({ name: t.name, description: t.description, parameters: toGeminiSchema(t.parameters) })) }];
      if (req.toolChoice && req.toolChoice !== 'auto') {
        body.toolConfig = {
          functionCallingConfig:
            typeof req.toolChoice === 'string'
              ? { mode: req.toolChoice === 'none' ? 'NONE' : 'ANY' }
              : { mode: 'ANY', allowedFunctionNames: [req.toolChoice.name] },
        };
      }
    }
    return body;
  }

  private read(json: any, calls: ToolCall[]): string {
    let text = '';
    for (const p of json?.candidates?.[0]?.content?.parts ?? []) {
      if (typeof p.text === 'string' && !p.thought) text += p.text;
      if (p.functionCall) calls.push({ id: `call_${calls.length}`, name: p.functionCall.name, arguments: JSON.stringify(p.functionCall.args ?? {}) });
    }
    return text;
  }

  async chat(req: ChatRequest): Promise<ChatResult> {
    if (req.stream) return collectStream(this.streamChat(req), req.onToken);
    const json = await postForJson(this.url(false), { ...this.post(req, this.headers()), timeoutMs: this.settings.timeoutMs ?? 600_000 });
    const calls: ToolCall[] = [];
    const text = this.read(json, calls);
    const u = json.usageMetadata;
    return {
      text,
      toolCalls: calls,
      finishReason: calls.length ? 'tool_calls' : String(json?.candidates?.[0]?.finishReason ?? 'STOP').toLowerCase(),
      usage: u ? { input_tokens: u.promptTokenCount, output_tokens: u.candidatesTokenCount, total_tokens: u.totalTokenCount } : undefined,
      model: this.model,
    };
  }

  async *streamChat(req: ChatRequest): AsyncGenerator<ChatStreamEvent, void, void> {
    const res = await postForStream(this.url(true), this.post(req, { ...this.headers(), accept: 'text/event-stream' }));
    let text = '';
    const calls: ToolCall[] = [];
    let finish: string | null = null;
    let usage: any;
    try {
      for await (const ev of readSse(res.body)) {
        const json = parseJsonOrEmpty(ev.data);
        const piece = this.read(json, calls);
        if (piece) {
          text += piece;
          yield { type: 'text', text: piece };
        }
        const f = json?.candidates?.[0]?.finishReason;
        if (f) finish = String(f).toLowerCase();
        if (json.usageMetadata) usage = { input_tokens: json.usageMetadata.promptTokenCount, output_tokens: json.usageMetadata.candidatesTokenCount };
      }
    } finally {
      res.body.destroy();
    }
    yield { type: 'done', result: { text, toolCalls: calls, finishReason: calls.length ? 'tool_calls' : finish, usage, model: this.model } };
  }
}
