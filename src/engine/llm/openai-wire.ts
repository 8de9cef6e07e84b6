/**
 * Pieces of the OpenAI chat wire format that other providers speak too (watsonx follows it for
 * tools and streamed deltas, Ollama for tools).
 */
import { ChatUsage, ToolCall, ToolSpec } from './types';

/** Tool specs as OpenAI-style function tools. */
export function functionTools(tools: ToolSpec[]): any[] {
  return tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } }));
}

/** OpenAI-style token counts in our usage shape. */
export function openAIUsage(u: any): ChatUsage {
  return { input_tokens: u.prompt_tokens, output_tokens: u.completion_tokens, total_tokens: u.total_tokens };
}

export type PartialToolCall = { id: string; name: string; arguments: string };

/** Streamed tool calls arrive as fragments by index: append each fragment to its call. */
export function mergeToolCallDeltas(calls: PartialToolCall[], deltas: any[] | undefined): void {
  for (const tc of deltas ?? []) {
    const i = tc.index ?? calls.length;
    calls[i] ??= { id: '', name: '', arguments: '' };
    if (tc.id) calls[i].id = tc.id;
    if (tc.function?.name) calls[i].name += tc.function.name;
    if (tc.function?.arguments) calls[i].arguments += tc.function.arguments;
  }
}

/** The merged calls, with an id and arguments filled in where the stream left them out. */
export function completedToolCalls(calls: PartialToolCall[]): ToolCall[] {
  return calls.filter(Boolean).map((c, i) => ({ id: c.id || `call_${i}`, name: c.name, arguments: c.arguments || '{}' }));
}
