/**
 * Ollama chat API (POST {base}/api/chat), NDJSON streaming, and embeddings (POST {base}/api/embed).
 * Plain HTTP through our client: the protocol is a handful of JSON fields, no SDK needed.
 */
import { readLines } from '../net/http-client';
import { functionTools } from './openai-wire';
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
  EmbeddingsModel,
  LlmError,
  ToolCall,
} from './types';

export const OLLAMA_DEFAULT_BASE = 'http://localhost:11434';

export function ollamaBase(explicit?: string): string {
  return (explicit || process.env.OLLAMA_BASE_URL || process.env.OLLAMA_HOST || OLLAMA_DEFAULT_BASE).replace(/\/+$/, '');
}

function toOllama(m: ChatMessage): any {
  if (m.role === 'tool') return { role: 'tool', content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content) };
  const parts: ChatContentPart[] = typeof m.content === 'string' || m.content == null ? [{ type: 'text', text: m.content ?? '' }] : m.content;
  const out: any = {
    role: m.role,
    content: parts.filter((p) => p.type === 'text').map((p: any) => p.text).join(''),
  };
  const images = parts.filter((p) => p.type === 'image_url').map((p: any) => String(p.image_url.url).replace(/^data:[^,]*,/, ''));
  if (images.length) out.images = images;
  if (m.tool_calls?.length) out.tool_calls = m.tool_calls.map((c) => ({ function: { name: c.name, arguments: parseJsonOrEmpty(c.arguments) } }));
  return out;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

function ollamaPost(body: any, signal: AbortSignal | undefined): ProviderPost {
  return { api: 'Ollama', headers: JSON_HEADERS, body, signal, errorDetail: (json, raw) => json?.error ?? raw };
}

export class OllamaChatModel implements ChatModel {
  readonly provider = 'Ollama';
  readonly model: string;
  constructor(readonly settings: ChatModelSettings) {
    this.model = settings.model;
  }

  private body(req: ChatRequest, stream: boolean): any {
    const body: any = { model: this.model, messages: req.messages.map(toOllama), stream, ...(this.settings.modelKwargs ?? {}) };
    const options: any = {};
    if (this.settings.temperature !== undefined && this.settings.temperature !== null) options.temperature = this.settings.temperature;
    if (this.settings.seed !== undefined && this.settings.seed !== null) options.seed = this.settings.seed;
    if (this.settings.maxTokens) options.num_predict = this.settings.maxTokens;
    if (Object.keys(options).length) body.options = options;
    if (req.tools?.length) body.tools = functionTools(req.tools);
    if (req.responseFormat?.type === 'json_schema') body.format = req.responseFormat.schema;
    else if (req.responseFormat?.type === 'json_object' || this.settings.jsonMode) body.format = 'json';
    return body;
  }

  private calls(msg: any, offset: number): ToolCall[] {
    return (msg?.tool_calls ?? []).map((c: any, i: number) => ({
      id: c.id ?? `call_${offset + i}`,
      name: c.function?.name,
      arguments: typeof c.function?.arguments === 'string' ? c.function.arguments : JSON.stringify(c.function?.arguments ?? {}),
    }));
  }

  async chat(req: ChatRequest): Promise<ChatResult> {
    if (req.stream) return collectStream(this.streamChat(req), req.onToken);
    const post = ollamaPost(this.body(req, false), req.signal);
    const json = await postForJson(`${ollamaBase(this.settings.baseUrl)}/api/chat`, { ...post, timeoutMs: this.settings.timeoutMs ?? 600_000 });
    const calls = this.calls(json.message, 0);
    return {
      text: json.message?.content ?? '',
      toolCalls: calls,
      finishReason: calls.length ? 'tool_calls' : json.done_reason ?? 'stop',
      usage: { input_tokens: json.prompt_eval_count, output_tokens: json.eval_count },
      model: json.model ?? this.model,
    };
  }

  async *streamChat(req: ChatRequest): AsyncGenerator<ChatStreamEvent, void, void> {
    const res = await postForStream(`${ollamaBase(this.settings.baseUrl)}/api/chat`, ollamaPost(this.body(req, true), req.signal));
    let text = '';
    const calls: ToolCall[] = [];
    let finish: string | null = null;
    let usage: any;
    try {
      for await (const line of readLines(res.body)) {
        if (!line.trim()) continue;
        const d = parseJsonOrEmpty(line);
        if (d.error) throw new LlmError(`Ollama API error: ${d.error}`);
        const piece = d.message?.content;
        if (piece) {
          text += piece;
          yield { type: 'text', text: piece };
        }
        calls.push(...this.calls(d.message, calls.length));
        if (d.done) {
          finish = d.done_reason ?? 'stop';
          usage = { input_tokens: d.prompt_eval_count, output_tokens: d.eval_count };
        }
      }
    } finally {
      res.body.destroy();
    }
    yield { type: 'done', result: { text, toolCalls: calls, finishReason: calls.length ? 'tool_calls' : finish, usage, model: this.model } };
  }
}

export class OllamaEmbeddingsModel implements EmbeddingsModel {
  readonly provider = 'Ollama';
  constructor(
    readonly model: string,
    private readonly baseUrl?: string,
  ) {}

  async embedDocuments(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    const json = await postForJson(`${ollamaBase(this.baseUrl)}/api/embed`, { ...ollamaPost({ model: this.model, input: texts }, signal), timeoutMs: 600_000 });
    return json.embeddings ?? [];
  }

  async embedQuery(text: string, signal?: AbortSignal): Promise<number[]> {
    return (await this.embedDocuments([text], signal))[0];
  }
}
