/**
 * IBM watsonx.ai chat (`POST {base}/ml/v1/text/chat?version=…`, streaming `/ml/v1/text/chat_stream`
 * as SSE). The API key is exchanged for an IAM bearer token (`POST {iam}/identity/token`), cached
 * until shortly before it expires. Messages, tools and deltas follow the OpenAI chat shapes.
 */
import { httpRequest, readSse } from '../net/http-client';
import { completedToolCalls, functionTools, mergeToolCallDeltas, openAIUsage, PartialToolCall } from './openai-wire';
import { postForJson, postForStream, ProviderPost } from './provider-http';
import {
  ChatMessage,
  ChatModel,
  ChatModelSettings,
  ChatRequest,
  ChatResult,
  ChatStreamEvent,
  collectStream,
  LlmError,
  ToolCall,
} from './types';

export const WATSONX_DEFAULT_BASE = 'https://us-south.ml.cloud.ibm.com';
export const IBM_IAM_DEFAULT = 'https://iam.cloud.ibm.com';
const API_VERSION = '2024-10-08';

const tokens = new Map<string, { token: string; expires: number }>();

async function iamToken(apiKey: string, iamBase: string, signal?: AbortSignal): Promise<string> {
  const key = `${iamBase}|${apiKey}`;
  const hit = tokens.get(key);
  if (hit && hit.expires > Date.now() + 60_000) return hit.token;
  const res = await httpRequest(`${iamBase.replace(/\/+$/, '')}/identity/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: `grant_type=${encodeURIComponent('urn:ibm:params:oauth:grant-type:apikey')}&apikey=${encodeURIComponent(apiKey)}`,
    signal,
    ssrf: { enabled: false },
  });
  if (res.status >= 400) throw new LlmError(`IBM IAM token request failed (${res.status}): ${res.text().slice(0, 200)}`, res.status);
  const json = res.json();
  tokens.set(key, { token: json.access_token, expires: (json.expiration ? json.expiration * 1000 : Date.now() + 3_600_000) });
  if (tokens.size > 100) tokens.clear();
  return json.access_token;
}

function wire(m: ChatMessage): any {
  if (m.role === 'tool') return { role: 'tool', tool_call_id: m.tool_call_id, content: m.content ?? '' };
  if (m.role === 'assistant' && m.tool_calls?.length) {
    return { role: 'assistant', content: m.content || '', tool_calls: m.tool_calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })) };
  }
  return { role: m.role, content: m.content ?? '' };
}

export interface WatsonxSettings extends ChatModelSettings {
  projectId?: string;
  iamUrl?: string;
}

export class WatsonxChatModel implements ChatModel {
  readonly provider = 'IBM watsonx.ai';
  readonly model: string;
  constructor(readonly settings: WatsonxSettings) {
    this.model = settings.model;
  }

  private async headers(signal?: AbortSignal): Promise<Record<string, string>> {
    const token = await iamToken(this.settings.apiKey ?? '', this.settings.iamUrl || process.env.IBM_IAM_URL || IBM_IAM_DEFAULT, signal);
    return { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` };
  }

  private url(stream: boolean): string {
    const base = (this.settings.baseUrl || WATSONX_DEFAULT_BASE).replace(/\/+$/, '');
    return `${base}/ml/v1/text/${stream ? 'chat_stream' : 'chat'}?version=${API_VERSION}`;
  }

  private body(req: ChatRequest): any {
    const s = this.settings;
    if (!s.projectId) throw new LlmError('watsonx project ID is required.');
    const body: any = { model_id: s.model, project_id: s.projectId, messages: req.messages.map(wire), ...(s.modelKwargs ?? {}) };
    if (s.temperature !== undefined && s.temperature !== null) body.temperature = s.temperature;
    if (s.maxTokens) body.max_tokens = s.maxTokens;
    if (s.seed !== undefined && s.seed !== null) body.seed = s.seed;
    if (req.tools?.length) {
      body.tools = functionTools(req.tools);
      if (req.toolChoice && typeof req.toolChoice === 'object') body.tool_choice = { type: 'function', function: { name: req.toolChoice.name } };
      else if (req.toolChoice) body.tool_choice_option = req.toolChoice;
    }
    if (req.responseFormat?.type === 'json_schema') {
      body.response_format = { type: 'json_schema', json_schema: { name: req.responseFormat.name, schema: req.responseFormat.schema } };
    } else if (req.responseFormat?.type === 'json_object' || s.jsonMode) body.response_format = { type: 'json_object' };
    return body;
  }

  async chat(req: ChatRequest): Promise<ChatResult> {
    if (req.stream) return collectStream(this.streamChat(req), req.onToken);
    const json = await postForJson(this.url(false), {
      api: 'watsonx',
      headers: await this.headers(req.signal),
      body: this.body(req),
      timeoutMs: this.settings.timeoutMs ?? 600_000,
      signal: req.signal,
      errorDetail: (body, raw) => body?.errors?.[0]?.message ?? raw.slice(0, 300),
    });
    const msg = json.choices?.[0]?.message ?? {};
    const calls: ToolCall[] = (msg.tool_calls ?? []).map((c: any, i: number) => ({ id: c.id ?? `call_${i}`, name: c.function?.name, arguments: c.function?.arguments ?? '{}' }));
    return {
      text: msg.content ?? '',
      toolCalls: calls,
      finishReason: json.choices?.[0]?.finish_reason ?? null,
      usage: json.usage ? openAIUsage(json.usage) : undefined,
      model: json.model_id ?? this.model,
    };
  }

  async *streamChat(req: ChatRequest): AsyncGenerator<ChatStreamEvent, void, void> {
    const post: ProviderPost = {
      api: 'watsonx',
      headers: { ...(await this.headers(req.signal)), accept: 'text/event-stream' },
      body: this.body(req),
      signal: req.signal,
      errorDetail: (_body, raw) => raw.slice(0, 300),
    };
    const res = await postForStream(this.url(true), post);
    let text = '';
    let finish: string | null = null;
    let usage: any;
    const calls: PartialToolCall[] = [];
    try {
      for await (const ev of readSse(res.body)) {
        if (ev.data === '[DONE]') break;
        let chunk: any;
        try {
          chunk = JSON.parse(ev.data);
        } catch {
          continue;
        }
        const choice = chunk.choices?.[0];
        if (chunk.usage) usage = { input_tokens: chunk.usage.prompt_tokens, output_tokens: chunk.usage.completion_tokens };
        if (!choice) continue;
        const delta = choice.delta ?? {};
        if (delta.content) {
          text += delta.content;
          yield { type: 'text', text: delta.content };
        }
        mergeToolCallDeltas(calls, delta.tool_calls);
        if (choice.finish_reason) finish = choice.finish_reason;
      }
    } finally {
      res.body.destroy();
    }
    yield { type: 'done', result: { text, toolCalls: completedToolCalls(calls), finishReason: finish, usage, model: this.model } };
  }
}
