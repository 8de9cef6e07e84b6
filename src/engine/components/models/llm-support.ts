/**
 * Helpers shared by the model, structured-output, batch and agent components:
 * Message → chat messages (text + image files), and running a model call with Langflow's streaming
 * behaviour (§2.11): when streaming into a ChatOutput, the component stores a partial AI message,
 * emits `token` events as chunks arrive, and updates the stored row at the end.
 */
import { randomUUID } from 'crypto';
import { Component, messageEventPayload } from '../../component/component';
import { Message } from '../../schema/message';
import { Data } from '../../schema/data';
import { DataFrame } from '../../schema/dataframe';
import { toPromptText } from '../../schema/convert';
import type { ChatContentPart, ChatMessage, ChatModel, ChatRequest, ChatResult } from '../../llm/types';
import type { LlmContext } from '../../llm/model-config';

const IMAGE_MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
};

/** The bits of the run context the LLM layer reads, from a component. */
export function llmContext(c: Component): LlmContext {
  return {
    settings: c.ctx?.settings,
    resolveVariable: c.ctx?.resolveVariable ? (n: string) => c.ctx.resolveVariable(n) : undefined,
  };
}

/** Text of any value fed into a model input (Message → text, Data → text, ...). */
export function inputText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (v instanceof Message) return v.getText();
  return toPromptText(v);
}

function filePath(f: unknown): string | null {
  if (typeof f === 'string') return f;
  if (f && typeof f === 'object') return ((f as any).path ?? (f as any).file_path ?? (f as any).url ?? null) as string | null;
  return null;
}

async function imagePart(c: Component, f: unknown): Promise<ChatContentPart | null> {
  const p = filePath(f);
  if (!p) return null;
  if (/^(https?:|data:)/.test(p)) return { type: 'image_url', image_url: { url: p } };
  const ext = p.split('.').pop()?.toLowerCase() ?? '';
  const mime = IMAGE_MIME[ext];
  if (!mime) return null;
  try {
    const buf = await c.ctx.ports.files.read(p);
    return { type: 'image_url', image_url: { url: `data:${mime};base64,${Buffer.from(buf).toString('base64')}` } };
  } catch {
    return null;
  }
}

/** Langflow's `to_lc_message` content: text, plus image parts for image files. */
export async function messageContent(c: Component, v: unknown): Promise<string | ChatContentPart[]> {
  const text = inputText(v);
  const files = v instanceof Message ? v.files ?? [] : [];
  if (!files.length) return text;
  const parts: ChatContentPart[] = [{ type: 'text', text }];
  for (const f of files) {
    const part = await imagePart(c, f);
    if (part) parts.push(part);
  }
  return parts.length > 1 ? parts : text;
}

/** sender "User" or empty → user; anything else → assistant (§3.4). */
export function roleOf(m: Message): 'user' | 'assistant' {
  return !m.sender || m.sender === 'User' ? 'user' : 'assistant';
}

/** [system?, user(input)] as Langflow's `_get_chat_result` builds it. */
export async function buildChatMessages(c: Component, input: unknown, system: unknown): Promise<ChatMessage[]> {
  const sys = inputText(system);
  const hasInput = input !== undefined && input !== null && inputText(input) !== '' ;
  if (!sys.trim() && !hasInput && !(input instanceof Message && input.files?.length)) {
    throw new Error('The message you want to send to the model is empty.');
  }
  const out: ChatMessage[] = [];
  if (sys) out.push({ role: 'system', content: sys });
  // A Prompt message may carry its own chat messages (template with several roles).
  const promptMessages = input instanceof Message ? (input.extra?.messages as unknown) : undefined;
  if (Array.isArray(promptMessages) && promptMessages.length && promptMessages.every((m) => m && typeof m === 'object' && 'role' in m)) {
    for (const m of promptMessages as any[]) out.push({ role: m.role, content: m.content });
    return out;
  }
  if (hasInput || (input instanceof Message && input.files?.length)) {
    const role = input instanceof Message && input.sender && input.sender !== 'User' ? 'assistant' : 'user';
    out.push({ role, content: await messageContent(c, input) });
  }
  return out;
}

export interface RunModelOptions {
  stream: boolean;
  /** Where streamed tokens go when the component is connected to a ChatOutput (default: yes if so). */
  toChat?: boolean;
  request?: Partial<ChatRequest>;
}

/** The AI message a model component produces (sender Machine / AI, source = this vertex). */
export function aiMessage(c: Component, text: string, modelName?: string): Message {
  return new Message({
    text,
    sender: 'Machine',
    sender_name: 'AI',
    session_id: c.sessionId || null,
    context_id: c.params?.context_id || null,
    flow_id: c.ctx?.flowId ?? null,
    properties: { source: { id: c.vertex?.id ?? null, display_name: c.displayName ?? null, source: modelName ?? null } },
    ...(modelName ? { model_name: modelName } : {}),
  });
}

/**
 * Calls the model and returns Langflow's text_response Message.
 * Streaming into a ChatOutput: stores a partial message at the first chunk (add_message), emits a
 * `token` per chunk while the upstream is still sending, and updates the stored row at the end.
 */
export async function runModelToMessage(c: Component, model: ChatModel, messages: ChatMessage[], opts: RunModelOptions): Promise<Message> {
  const toChat = opts.toChat ?? (c.isConnectedToChatOutput() && c.ctx.hasEventSink);
  const req: ChatRequest = { messages, signal: c.ctx.signal, ...(opts.request ?? {}) };
  let result: ChatResult;
  if (opts.stream && toChat) {
    const msg = aiMessage(c, '', model.model);
    msg.properties.state = 'partial';
    let text = '';
    let storing: Promise<void> | null = null;
    let storeError: unknown = null;
    const withdraw = async () => {
      // a cancelled run has already ended: no more events or writes from here
      if (!storing || c.ctx.signal.aborted) return;
      await storing;
      await c.ctx.ports.messages.delete?.(msg.id!).catch(() => undefined);
      if (c.ctx.hasEventSink) c.ctx.emit('remove_message', { id: msg.id });
    };
    result = await model.chat({
      ...req,
      stream: true,
      onToken: (chunk) => {
        text += chunk;
        if (!storing) {
          // First chunk: the message gets its id now and is announced at once; the row is written
          // in the background so the first token is not held up by the store.
          msg.id = randomUUID();
          msg.text = text;
          // (the handler is attached at once, so a failing store is not an unhandled rejection)
          storing = c.ctx.ports.messages.add(msg.clone()).then(
            () => undefined,
            (e) => void (storeError = e),
          );
          if (c.ctx.hasEventSink) c.ctx.emit('add_message', messageEventPayload(msg));
        }
        c.emitToken(chunk, msg.id);
      },
    }).catch(async (e) => {
      // a stream that fails half way: withdraw the partial message
      await withdraw();
      throw e;
    });
    msg.text = result.text;
    msg.properties = { ...msg.properties, state: 'complete' };
    if (storing) {
      await storing;
      if (storeError) throw storeError;
      await c.ctx.ports.messages.update(msg);
    }
    c.status = result.text;
    return msg;
  }
  // Not feeding a chat output: a plain (non-streaming) call, as Langflow does.
  result = await model.chat({ ...req, stream: false });
  c.status = result.text;
  return aiMessage(c, result.text, model.model);
}

/** Tool / agent output value → text for the model. */
export function valueToToolText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (v instanceof Message) return v.getText();
  if (v instanceof DataFrame) return JSON.stringify(v.rows);
  if (v instanceof Data) return JSON.stringify(v.data);
  if (Array.isArray(v)) return JSON.stringify(v.map((x) => (x instanceof Data ? x.data : x instanceof Message ? x.getText() : x)));
  if (typeof v === 'object') {
    try {
      return JSON.stringify(v);
    } catch {
      return String(v);
    }
  }
  return String(v);
}
