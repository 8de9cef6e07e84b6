import { pyJsonDumps } from '../execution/python-json';
import { chunk, functionCallItem, responseText, TOOL_CALL_RESULTS, toolCallResultItem, toolUsesOf, ToolUse } from './responses.mapper';

const AI_SENDERS = new Set(['Machine', 'AI', 'Agent']);
const AI_NAMES = new Set(['Agent', 'AI']);

export const DONE_FRAME = 'data: [DONE]\n\n';

export function dataFrame(data: unknown): string {
  return `data: ${pyJsonDumps(data)}\n\n`;
}

export function namedFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${pyJsonDumps(data)}\n\n`;
}

/**
 * Turns the engine's run events into the Responses API's SSE frames: text deltas from `token`
 * events (and from partial AI messages' new suffixes), and the function-call events for each
 * finished agent tool call of an "Agent Steps" content block. Pure: the service writes the frames.
 */
export class ResponsesStreamTranslator {
  /** Text already relayed per message id. */
  private readonly sent = new Map<string, string>();
  /** Token text received per message id. */
  private readonly tokens = new Map<string, string>();
  /** Tool uses already announced, by message id and position. */
  private readonly announced = new Set<string>();
  private toolCalls = 0;
  private relayedAny = false;

  constructor(
    private readonly id: string,
    private readonly model: string,
    private readonly created: number,
    private readonly input: string,
    private readonly include: string[] | null | undefined,
  ) {}

  first(): string {
    return dataFrame(chunk(this.id, this.model, this.created, { content: '' }));
  }

  onEvent(event: string, data: any): string[] {
    if (event === 'token') return this.onToken(data);
    if (event === 'add_message') return this.onMessage(data);
    return [];
  }

  /** The closing frames; `finalRun` (the RunResponse) supplies the text when nothing was streamed. */
  last(finalRun: unknown): string[] {
    const frames: string[] = [];
    if (!this.relayedAny) {
      const text = responseText(finalRun as Record<string, unknown>);
      if (text) frames.push(this.delta(text));
    }
    frames.push(dataFrame(chunk(this.id, this.model, this.created, {}, 'completed')), DONE_FRAME);
    return frames;
  }

  private delta(content: string): string {
    this.relayedAny = true;
    return dataFrame(chunk(this.id, this.model, this.created, { content }));
  }

  /**
   * Tokens and partial messages describe the same growing text (the first add_message of a
   * streamed answer already holds the first token): each message's delivered text only grows
   * to the longest prefix either source has shown, so nothing is sent twice.
   */
  private onToken(data: any): string[] {
    const text = typeof data?.chunk === 'string' ? data.chunk : '';
    if (!text) return [];
    const key = String(data?.id ?? '');
    const tokens = (this.tokens.get(key) ?? '') + text;
    this.tokens.set(key, tokens);
    const before = this.sent.get(key) ?? '';
    if (tokens.startsWith(before)) {
      if (tokens.length <= before.length) return [];
      this.sent.set(key, tokens);
      return [this.delta(tokens.slice(before.length))];
    }
    if (before.startsWith(tokens)) return [];
    this.sent.set(key, before + text);
    return [this.delta(text)];
  }

  private onMessage(m: any): string[] {
    if (!m || typeof m !== 'object') return [];
    const frames: string[] = [];
    const key = String(m.id ?? '');
    const uses = toolUsesOf(m, true);
    uses.forEach((use, i) => {
      const raw = (m.content_blocks as any[]).filter((b) => b?.title === 'Agent Steps').flatMap((b) => b.contents ?? []).filter((c: any) => c?.type === 'tool_use' && c.name)[i];
      const finished = raw && (raw.output !== null && raw.output !== undefined || (raw.error !== null && raw.error !== undefined));
      const seen = `${key}#${i}`;
      if (!finished || this.announced.has(seen)) return;
      this.announced.add(seen);
      frames.push(...this.toolCallFrames(use));
    });
    const text = typeof m.text === 'string' ? m.text : '';
    const state = m.properties?.state;
    if (AI_SENDERS.has(m.sender) && AI_NAMES.has(m.sender_name) && text && text !== this.input && state !== 'complete') {
      const before = this.sent.get(key) ?? '';
      if (text.length > before.length && text.startsWith(before)) {
        this.sent.set(key, text);
        frames.push(this.delta(text.slice(before.length)));
      }
    }
    return frames;
  }

  private toolCallFrames(use: ToolUse): string[] {
    const n = this.toolCalls++;
    const item = functionCallItem(use, n, 'in_progress');
    const args = item.arguments;
    const itemId = item.id;
    const done = this.include?.includes(TOOL_CALL_RESULTS) ? toolCallResultItem(use, n) : { ...item, status: 'completed', call_id: `call_${n}` };
    return [
      namedFrame('response.output_item.added', { type: 'response.output_item.added', output_index: 0, item: { ...item, arguments: '', call_id: `call_${n}` } }),
      namedFrame('response.function_call_arguments.delta', { type: 'response.function_call_arguments.delta', delta: args, item_id: itemId, output_index: 0 }),
      namedFrame('response.function_call_arguments.done', { type: 'response.function_call_arguments.done', arguments: args, item_id: itemId, output_index: 0 }),
      namedFrame('response.output_item.done', { type: 'response.output_item.done', output_index: 0, item: done }),
    ];
  }
}
