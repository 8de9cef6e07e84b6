/**
 * OpenAI-compatible chat completions and embeddings.
 *
 * Uses the `openai` SDK directly rather than LangChain's ChatOpenAI on this hot path: one layer
 * fewer between the upstream SSE chunk and our token callback (time to first token), exact control
 * of the wire body (tools, tool_choice, response_format json_schema, stream_options), and a plain
 * AbortSignal per request so a cancelled run aborts the upstream call. The SDK is already installed
 * as @langchain/openai's dependency.
 */
import OpenAI from 'openai';
import {
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
import { completedToolCalls, functionTools, mergeToolCallDeltas, openAIUsage, PartialToolCall } from './openai-wire';

export const OPENAI_DEFAULT_BASE = 'https://api.openai.com/v1';

/** Reasoning models reject temperature and seed. */
export function isReasoningModel(model: string, extra: string[] = []): boolean {
  if (extra.includes(model)) return true;
  return /^(o\d)(-|$)/.test(model) || (/^gpt-5/.test(model) && !/chat/.test(model));
}

const clients = new Map<string, OpenAI>();
function clientFor(s: ChatModelSettings | { apiKey?: string; baseUrl?: string; maxRetries?: number; timeoutMs?: number }): OpenAI {
  const key = JSON.stringify([s.apiKey, s.baseUrl, s.maxRetries, s.timeoutMs]);
  let c = clients.get(key);
  if (!c) {
    c = new OpenAI({
      apiKey: s.apiKey || 'missing-api-key',
      baseURL: s.baseUrl || OPENAI_DEFAULT_BASE,
      maxRetries: s.maxRetries ?? 2,
      timeout: s.timeoutMs ?? 700_000,
    });
    if (clients.size > 50) clients.clear();
    clients.set(key, c);
  }
  return c;
}

function toWireMessage(m: ChatMessage): any {
  if (m.role === 'tool') return { role: 'tool', tool_call_id: m.tool_call_id, content: m.content ?? '' };
  if (m.role === 'assistant' && m.tool_calls?.length) {
    return {
      role: 'assistant',
      content: m.content || null,
      tool_calls: m.tool_calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })),
    };
  }
  return { role: m.role, content: m.content ?? '' };
}

export function wrapOpenAIError(e: any): Error {
  if (e instanceof OpenAI.APIUserAbortError || e?.name === 'AbortError') {
    const err = new Error('The model request was cancelled');
    err.name = 'AbortError';
    return err;
  }
  if (e instanceof OpenAI.APIError) {
    const body: any = (e as any).error;
    const msg = body?.message ?? e.message;
    return new LlmError(`OpenAI API error${e.status ? ` (${e.status})` : ''}: ${msg}`, e.status);
  }
  return e instanceof Error ? e : new Error(String(e));
}

export class OpenAIChatModel implements ChatModel {
  readonly provider: string;
  readonly model: string;
  constructor(readonly settings: ChatModelSettings) {
    this.provider = settings.provider || 'OpenAI';
    this.model = settings.model;
  }

  private body(req: ChatRequest, stream: boolean): any {
    const s = this.settings;
    const body: any = { model: s.model, messages: req.messages.map(toWireMessage), ...(s.modelKwargs ?? {}) };
    const reasoning = isReasoningModel(s.model);
    if (!reasoning && s.temperature !== undefined && s.temperature !== null) body.temperature = s.temperature;
    if (!reasoning && s.seed !== undefined && s.seed !== null) body.seed = s.seed;
    if (s.maxTokens) body[reasoning ? 'max_completion_tokens' : 'max_tokens'] = s.maxTokens;
    if (req.tools?.length) {
      body.tools = functionTools(req.tools);
      if (req.toolChoice) {
        body.tool_choice = typeof req.toolChoice === 'string' ? req.toolChoice : { type: 'function', function: { name: req.toolChoice.name } };
      }
    }
    if (req.responseFormat?.type === 'json_schema') {
      body.response_format = {
        type: 'json_schema',
        json_schema: { name: req.responseFormat.name, schema: req.responseFormat.schema, strict: req.responseFormat.strict ?? false },
      };
    } else if (req.responseFormat?.type === 'json_object' || s.jsonMode) {
      body.response_format = { type: 'json_object' };
    }
    body.stream = stream;
    if (stream) body.stream_options = { include_usage: true };
    return body;
  }

  async chat(req: ChatRequest): Promise<ChatResult> {
    if (req.stream) return collectStream(this.streamChat(req), req.onToken);
    try {
      const res: any = await clientFor(this.settings).chat.completions.create(this.body(req, false), { signal: req.signal });
      const choice = res.choices?.[0];
      const msg = choice?.message ?? {};
      const toolCalls: ToolCall[] = (msg.tool_calls ?? [])
        .filter((c: any) => c.type === 'function' || c.function)
        .map((c: any) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments ?? '{}' }));
      return {
        text: typeof msg.content === 'string' ? msg.content : msg.refusal ?? '',
        toolCalls,
        finishReason: choice?.finish_reason ?? null,
        usage: res.usage ? openAIUsage(res.usage) : undefined,
        model: res.model ?? this.model,
      };
    } catch (e) {
      throw wrapOpenAIError(e);
    }
  }

  async *streamChat(req: ChatRequest): AsyncGenerator<ChatStreamEvent, void, void> {
    let stream: any;
    try {
      stream = await clientFor(this.settings).chat.completions.create(this.body(req, true), { signal: req.signal });
    } catch (e) {
      throw wrapOpenAIError(e);
    }
    let text = '';
    let finishReason: string | null = null;
    let usage: ChatResult['usage'];
    let model = this.model;
    const calls: PartialToolCall[] = [];
    try {
      for await (const chunk of stream) {
        if (chunk.model) model = chunk.model;
        if (chunk.usage) usage = openAIUsage(chunk.usage);
        const choice = chunk.choices?.[0];
        if (!choice) continue;
        const delta = choice.delta ?? {};
        if (typeof delta.content === 'string' && delta.content) {
          text += delta.content;
          yield { type: 'text', text: delta.content };
        }
        mergeToolCallDeltas(calls, delta.tool_calls);
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
    } catch (e) {
      throw wrapOpenAIError(e);
    } finally {
      // stop reading (and abort the HTTP body) if the consumer left early
      stream.controller?.abort?.();
    }
    // the SDK ends the iteration quietly when the signal fires
    if (req.signal?.aborted) throw wrapOpenAIError({ name: 'AbortError' });
    yield {
      type: 'done',
      result: {
        text,
        toolCalls: completedToolCalls(calls),
        finishReason,
        usage,
        model,
      },
    };
  }
}

export interface OpenAIEmbeddingsSettings {
  provider?: string;
  model: string;
  apiKey?: string;
  baseUrl?: string;
  dimensions?: number | null;
  chunkSize?: number;
  maxRetries?: number;
  timeoutMs?: number;
}

export class OpenAIEmbeddingsModel implements EmbeddingsModel {
  readonly provider: string;
  readonly model: string;
  constructor(readonly settings: OpenAIEmbeddingsSettings) {
    this.provider = settings.provider ?? 'OpenAI';
    this.model = settings.model;
  }

  async embedDocuments(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    const out: number[][] = [];
    const size = Math.max(1, this.settings.chunkSize ?? 1000);
    const client = clientFor(this.settings);
    for (let i = 0; i < texts.length; i += size) {
      const batch = texts.slice(i, i + size);
      try {
        const res = await client.embeddings.create(
          {
            model: this.model,
            input: batch,
            encoding_format: 'float',
            ...(this.settings.dimensions ? { dimensions: this.settings.dimensions } : {}),
          },
          { signal },
        );
        const sorted = [...res.data].sort((a, b) => a.index - b.index);
        for (const d of sorted) out.push(d.embedding as number[]);
      } catch (e) {
        throw wrapOpenAIError(e);
      }
    }
    return out;
  }

  async embedQuery(text: string, signal?: AbortSignal): Promise<number[]> {
    return (await this.embedDocuments([text], signal))[0];
  }
}
