import { IsArray, IsBoolean, IsDefined, IsOptional, IsString } from 'class-validator';

/** Body of POST /api/v1/responses (Langflow's OpenAIResponsesRequest); other fields are ignored. */
export class CreateResponseDto {
  /** The flow to run: its id, or the endpoint name of one of the caller's flows. */
  @IsDefined()
  @IsString()
  model: string;

  /** The user's message, given to the flow's ChatInput. */
  @IsDefined()
  @IsString()
  input: string;

  /** Answer as server-sent events (`data: {...}` chunks, then `data: [DONE]`). */
  @IsOptional()
  @IsBoolean()
  stream?: boolean;

  /** Accepted and ignored, as in Langflow. */
  @IsOptional()
  @IsBoolean()
  background?: boolean;

  /** Not supported: a non-empty list gives a `tools_not_supported` error. */
  @IsOptional()
  @IsArray()
  tools?: unknown[] | null;

  /** The `id` of an earlier response: continues that conversation (the id is the session id). */
  @IsOptional()
  @IsString()
  previous_response_id?: string | null;

  /** `["tool_call.results"]` reports agent tool calls with their results. */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  include?: string[] | null;
}

/** `{"error": {...}}`, which Langflow answers with HTTP 200. */
export interface ResponsesErrorBody {
  error: { message: string; type: string; code?: string };
}

export interface ResponseOutputText {
  type: 'output_text';
  text: string;
  annotations: unknown[];
}

export interface ResponseMessageItem {
  type: 'message';
  id: string;
  status: 'completed';
  role: 'assistant';
  content: ResponseOutputText[];
}

export interface FunctionCallItem {
  id: string;
  type: 'function_call';
  status: 'completed' | 'in_progress';
  name: string;
  arguments: string;
  call_id?: string;
}

export interface ToolCallResultItem {
  id: string;
  queries: unknown[];
  status: 'completed';
  tool_name: string;
  type: 'tool_call';
  results: unknown;
}

export type ResponseOutputItem = ResponseMessageItem | FunctionCallItem | ToolCallResultItem;

/** The non-streaming reply (OpenAIResponsesResponse). */
export interface ResponseObjectDto {
  id: string;
  object: 'response';
  created_at: number;
  status: 'completed';
  error: null;
  incomplete_details: null;
  instructions: null;
  max_output_tokens: null;
  model: string;
  output: ResponseOutputItem[];
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  reasoning: { effort: null; summary: null };
  store: boolean;
  temperature: number;
  text: { format: { type: 'text' } };
  tool_choice: 'auto';
  tools: unknown[];
  top_p: number;
  truncation: 'disabled';
  usage: null;
  user: null;
  metadata: Record<string, unknown>;
}

/** One streamed chunk (OpenAIResponsesStreamChunk). */
export interface ResponseChunkDto {
  id: string;
  object: 'response.chunk';
  created: number;
  model: string;
  delta: { content?: string };
  status: 'completed' | null;
}
