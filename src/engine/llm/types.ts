/**
 * Provider-neutral chat model interface used by the model, agent and structured-output components.
 * Each provider (openai.ts, anthropic.ts, ollama.ts) speaks its own wire protocol behind it.
 */

export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';

export type ChatContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: string } };

export interface ToolCall {
  id: string;
  name: string;
  /** JSON text, as the model produced it. */
  arguments: string;
}

export interface ChatMessage {
  role: ChatRole;
  content: string | ChatContentPart[] | null;
  /** assistant messages that asked for tools */
  tool_calls?: ToolCall[];
  /** tool result messages */
  tool_call_id?: string;
  name?: string;
}

export interface JsonSchema {
  [k: string]: any;
}

export interface ToolSpec {
  name: string;
  description: string;
  parameters: JsonSchema;
}

export type ResponseFormat =
  | { type: 'json_schema'; name: string; schema: JsonSchema; strict?: boolean }
  | { type: 'json_object' };

export interface ChatRequest {
  messages: ChatMessage[];
  tools?: ToolSpec[];
  toolChoice?: 'auto' | 'required' | 'none' | { name: string };
  responseFormat?: ResponseFormat;
  /** Stream from upstream; text deltas go to onToken as they arrive. */
  stream?: boolean;
  onToken?: (chunk: string) => void | Promise<void>;
  signal?: AbortSignal;
}

export interface ChatUsage {
  input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
}

export interface ChatResult {
  text: string;
  toolCalls: ToolCall[];
  finishReason: string | null;
  usage?: ChatUsage;
  model: string;
}

/** What a ChatModel streams: text deltas, then one `done` with the whole result. */
export type ChatStreamEvent = { type: 'text'; text: string } | { type: 'done'; result: ChatResult };

export interface ChatModelSettings {
  provider: string;
  model: string;
  apiKey?: string;
  baseUrl?: string;
  temperature?: number | null;
  maxTokens?: number | null;
  seed?: number | null;
  maxRetries?: number;
  timeoutMs?: number;
  jsonMode?: boolean;
  modelKwargs?: Record<string, unknown>;
}

/** The `LanguageModel` value that flows along `model_output` edges. */
export interface ChatModel {
  readonly provider: string;
  readonly model: string;
  readonly settings: ChatModelSettings;
  /** Calls the model once; streams upstream when `req.stream` (tokens to `req.onToken`). */
  chat(req: ChatRequest): Promise<ChatResult>;
  /** Streams the reply (always streams upstream). */
  streamChat(req: ChatRequest): AsyncGenerator<ChatStreamEvent, void, void>;
}

export interface EmbeddingsModel {
  readonly provider: string;
  readonly model: string;
  embedDocuments(texts: string[], signal?: AbortSignal): Promise<number[][]>;
  embedQuery(text: string, signal?: AbortSignal): Promise<number[]>;
}

export function isChatModel(v: unknown): v is ChatModel {
  return !!v && typeof v === 'object' && typeof (v as any).chat === 'function' && typeof (v as any).streamChat === 'function';
}

export function isEmbeddingsModel(v: unknown): v is EmbeddingsModel {
  return !!v && typeof v === 'object' && typeof (v as any).embedDocuments === 'function' && typeof (v as any).embedQuery === 'function';
}

/** Helper for providers: drive a ChatStreamEvent generator, forwarding tokens. */
export async function collectStream(
  gen: AsyncGenerator<ChatStreamEvent, void, void>,
  onToken?: (chunk: string) => void | Promise<void>,
): Promise<ChatResult> {
  let result: ChatResult | undefined;
  for await (const ev of gen) {
    if (ev.type === 'text') {
      if (onToken && ev.text) await onToken(ev.text);
    } else result = ev.result;
  }
  if (!result) throw new Error('The model stream ended without a result');
  return result;
}

export class LlmError extends Error {
  constructor(
    message: string,
    public readonly status?: number,
  ) {
    super(message);
    this.name = 'LlmError';
  }
}
