/**
 * Anthropic Messages API (POST {base}/v1/messages), streaming via SSE.
 *
 * Plain HTTP through our client instead of the Anthropic SDK: the wire protocol is small and
 * documented (messages, system, tools/tool_use/tool_result, content_block_delta events), and one
 * fewer dependency to keep on a Node-20-compatible version.
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
  LlmError,
  ToolCall,
} from './types';

export const ANTHROPIC_DEFAULT_BASE = 'https://api.anthropic.com';

function partsToAnthropic(content: string | ChatContentPart[] | null): any {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  return content.map((p) => {
    if (p.type === 'text') return { type: 'text', text: p.text };
    const m = /^data:([^;]+);base64,(.*)$/s.exec(p.image_url.url);
    return m
      ? { type: 'image', source: { type: 'base64', media_type: m[1], data: m[2] } }
      : { type: 'image', source: { type: 'url', url: p.image_url.url } };
  });
}

function toAnthropic(messages: ChatMessage[]): { system?: string; messages: any[] } {
  const system = messages
    .filter((m) => m.role === 'system')
    .map((m) => (typeof m.content === 'string' ? m.content : (m.content ?? []).map((p: any) => p.text ?? '').join('')))
    .join('\n\n');
  const out: any[] = [];
  for (const m of messages) {
    if (m.role === 'system') continue;
    if (m.role === 'tool') {
      const block = { type: 'tool_result', tool_use_id: m.tool_call_id, content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content) };
      const prev = out[out.length - 1];
      if (prev && prev.role === 'user' && Array.isArray(prev.content) && prev.content.every((b: any) => b.type === 'tool_result')) prev.content.push(block);
      else out.push({ role: 'user', content: [block] });
      continue;
    }
    if (m.role === 'assistant' && m.tool_calls?.length) {
      const content: any[] = [];
      if (typeof m.content === 'string' && m.content) content.push({ type: 'text', text: m.content });
      for (const c of m.tool_calls) content.push({ type: 'tool_use', id: c.id, name: c.name, input: parseJsonOrEmpty(c.arguments) });
      out.push({ role: 'assistant', content });
      continue;
    }
    out.push({ role: m.role === 'assistant' ? 'assistant' : 'user', content: partsToAnthropic(m.content) });
  }
  return { system: system || undefined, messages: out };
}

export class AnthropicChatModel implements ChatModel {
  readonly provider = 'Anthropic';
  readonly model: string;
  constructor(readonly settings: ChatModelSettings) {
    this.model = settings.model;
  }

  private url(): string {
    const base = (this.settings.baseUrl || process.env.ANTHROPIC_BASE_URL || ANTHROPIC_DEFAULT_BASE).replace(/\/+$/, '');
    return base.endsWith('/v1') ? `${base}/messages` : `${base}/v1/messages`;
  }

  private headers(): Record<string, string> {
    return { 'content-type': 'application/json', 'x-api-key': this.settings.apiKey ?? '', 'anthropic-version': '2023-06-01' };
  }

  private post(req: ChatRequest, stream: boolean, headers: Record<string, string>): ProviderPost {
    return { api: 'Anthropic', headers, body: this.body(req, stream), signal: req.signal, errorDetail: (json, raw) => json?.error?.message ?? raw };
  }

  private body(req: ChatRequest, stream: boolean): any {
    const { system, messages } = toAnthropic(req.messages);
    const body: any = { model: this.model, max_tokens: this.settings.maxTokens || 4096, messages, stream, ...(this.settings.modelKwargs ?? {}) };
    if (system) body.system = system;
    if (this.settings.temperature !== undefined && this.settings.temperature !== null) body.temperature = this.settings.temperature;
    let tools = req.tools ?? [];
    let toolChoice = req.toolChoice;
    if (req.responseFormat?.type === 'json_schema') {
      // Anthropic has no response_format: force a single tool whose input is the schema.
      tools = [{ name: req.responseFormat.name || 'output', description: 'Return the structured output.', parameters: req.responseFormat.schema }];
      toolChoice = { name: tools[0].name };
    }
    if (tools.length) {
      body.tools = tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.parameters }));
      if (toolChoice && toolChoice !== 'none') {
        body.tool_choice = typeof toolChoice === 'string' ? { type: toolChoice === 'required' ? 'any' : 'auto' } : { type: 'tool', name: toolChoice.name };
      }
    }
    return body;
  }

  private finish(req: ChatRequest, text: string, calls: ToolCall[], stop: string | null, usage: any): ChatResult {
    if (req.responseFormat?.type === 'json_schema' && calls.length) {
      return { text: calls[0].arguments, toolCalls: [], finishReason: 'stop', usage, model: this.model };
    }
    return { text, toolCalls: calls, finishReason: stop === 'tool_use' ? 'tool_calls' : stop === 'end_turn' ? 'stop' : stop, usage, model: this.model };
  }

  async chat(req: ChatRequest): Promise<ChatResult> {
    if (req.stream) return collectStream(this.streamChat(req), req.onToken);
    const json = await postForJson(this.url(), { ...this.post(req, false, this.headers()), timeoutMs: this.settings.timeoutMs ?? 600_000 });
    let text = '';
    const calls: ToolCall[] = [];
    for (const b of json.content ?? []) {
      if (b.type === 'text') text += b.text;
      else if (b.type === 'tool_use') calls.push({ id: b.id, name: b.name, arguments: JSON.stringify(b.input ?? {}) });
    }
    const usage = json.usage ? { input_tokens: json.usage.input_tokens, output_tokens: json.usage.output_tokens } : undefined;
    return this.finish(req, text, calls, json.stop_reason ?? null, usage);
  }

  async *streamChat(req: ChatRequest): AsyncGenerator<ChatStreamEvent, void, void> {
    const res = await postForStream(this.url(), this.post(req, true, { ...this.headers(), accept: 'text/event-stream' }));
    const structured = req.responseFormat?.type === 'json_schema';
    let text = '';
    let stop: string | null = null;
    const usage: any = {};
    const blocks: Array<{ type: string; id?: string; name?: string; json: string }> = [];
    try {
      for await (const ev of readSse(res.body)) {
        const d = parseJsonOrEmpty(ev.data);
        switch (d.type) {
          case 'message_start':
            usage.input_tokens = d.message?.usage?.input_tokens;
            break;
          case 'content_block_start':
            blocks[d.index] = { type: d.content_block.type, id: d.content_block.id, name: d.content_block.name, json: '' };
            break;
          case 'content_block_delta':
            if (d.delta.type === 'text_delta') {
              text += d.delta.text;
              if (!structured) yield { type: 'text', text: d.delta.text };
            } else if (d.delta.type === 'input_json_delta') blocks[d.index].json += d.delta.partial_json;
            break;
          case 'message_delta':
            stop = d.delta?.stop_reason ?? stop;
            if (d.usage?.output_tokens) usage.output_tokens = d.usage.output_tokens;
            break;
          case 'error':
            throw new LlmError(`Anthropic API error: ${d.error?.message ?? ev.data}`);
        }
      }
    } finally {
      res.body.destroy();
    }
    const calls = blocks.filter((b) => b && b.type === 'tool_use').map((b) => ({ id: b.id!, name: b.name!, arguments: b.json || '{}' }));
    yield { type: 'done', result: this.finish(req, text, calls, stop, usage) };
  }
}
