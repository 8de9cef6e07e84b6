import type {
  FunctionCallItem,
  ResponseChunkDto,
  ResponseObjectDto,
  ResponseOutputItem,
  ResponsesErrorBody,
  ToolCallResultItem,
} from './dto/responses.dto';

/** The include value that turns function calls into tool_call items with their results. */
export const TOOL_CALL_RESULTS = 'tool_call.results';

/** An agent tool call as it appears in a message's "Agent Steps" content block. */
export interface ToolUse {
  name: string;
  input: Record<string, unknown>;
  output: unknown;
}

export function responsesError(message: string, type: string, code?: string): ResponsesErrorBody {
  return { error: code === undefined ? { message, type } : { message, type, code } };
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

type Json = Record<string, any>;

/** The ResultData entries of a RunResponse (one input, so the first run output). */
function resultDatas(run: Json): Json[] {
  const outputs = Array.isArray(run?.outputs) ? run.outputs : [];
  const out: Json[] = [];
  for (const runOutput of outputs) for (const rd of runOutput?.outputs ?? []) if (rd && typeof rd === 'object') out.push(rd);
  return out;
}

/** The answer's text: the first reported message, else the text of the first result. */
export function responseText(run: Json): string {
  for (const rd of resultDatas(run)) {
    const messages = Array.isArray(rd.messages) ? rd.messages : [];
    const first = messages.find((m: Json) => m && m.message !== undefined && m.message !== null);
    if (first) return typeof first.message === 'string' ? first.message : JSON.stringify(first.message);
    const results = rd.results && typeof rd.results === 'object' ? Object.values<Json>(rd.results) : [];
    for (const r of results) {
      if (r && typeof r === 'object' && typeof r.text === 'string') return r.text;
      if (typeof r === 'string') return r;
    }
  }
  return '';
}

/** tool_use entries (with a name) of a message's content blocks, in order. */
export function toolUsesOf(message: Json | null | undefined, agentStepsOnly = false): ToolUse[] {
  const blocks = Array.isArray(message?.content_blocks) ? message!.content_blocks : [];
  const out: ToolUse[] = [];
  for (const block of blocks) {
    if (agentStepsOnly && block?.title !== 'Agent Steps') continue;
    for (const c of Array.isArray(block?.contents) ? block.contents : []) {
      if (c?.type !== 'tool_use' || typeof c.name !== 'string' || !c.name) continue;
      const input = c.tool_input ?? c.input ?? {};
      out.push({ name: c.name, input: input && typeof input === 'object' && !Array.isArray(input) ? input : { input }, output: c.output ?? null });
    }
  }
  return out;
}

/** Every tool call in the reported messages (each message counted once, even when repeated in results and messages). */
export function responseToolUses(run: Json): ToolUse[] {
  const out: ToolUse[] = [];
  for (const rd of resultDatas(run)) {
    const candidates: Json[] = [];
    if (rd.results && typeof rd.results === 'object') candidates.push(...Object.values<Json>(rd.results));
    if (Array.isArray(rd.messages)) candidates.push(...rd.messages);
    for (const m of candidates) {
      const uses = toolUsesOf(m);
      if (uses.length) {
        out.push(...uses);
        break;
      }
    }
  }
  return out;
}

export function functionCallItem(use: ToolUse, index: number, status: 'completed' | 'in_progress' = 'completed'): FunctionCallItem {
  return { id: `fc_${index}`, type: 'function_call', status, name: use.name, arguments: JSON.stringify(use.input) };
}

export function toolCallResultItem(use: ToolUse, index: number): ToolCallResultItem {
  return { id: `${use.name}_${index}`, queries: Object.values(use.input), status: 'completed', tool_name: use.name, type: 'tool_call', results: use.output };
}

/** The non-streaming reply for a finished run (`run` is the RunResponse JSON). */
export function toResponseObject(opts: {
  responseId: string;
  model: string;
  previousResponseId: string | null;
  run: Json;
  include: string[] | null | undefined;
  createdAt?: number;
}): ResponseObjectDto {
  const withResults = !!opts.include?.includes(TOOL_CALL_RESULTS);
  const output: ResponseOutputItem[] = responseToolUses(opts.run).map((use, i) => (withResults ? toolCallResultItem(use, i) : functionCallItem(use, i)));
  output.push({
    type: 'message',
    id: `msg_${opts.responseId}`,
    status: 'completed',
    role: 'assistant',
    content: [{ type: 'output_text', text: responseText(opts.run), annotations: [] }],
  });
  return {
    id: opts.responseId,
    object: 'response',
    created_at: opts.createdAt ?? nowSeconds(),
    status: 'completed',
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    model: opts.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: opts.previousResponseId,
    reasoning: { effort: null, summary: null },
    store: true,
    temperature: 1.0,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: 1.0,
    truncation: 'disabled',
    usage: null,
    user: null,
    metadata: {},
  };
}

export function chunk(id: string, model: string, created: number, delta: { content?: string }, status: 'completed' | null = null): ResponseChunkDto {
  return { id, object: 'response.chunk', created, model, delta, status };
}
