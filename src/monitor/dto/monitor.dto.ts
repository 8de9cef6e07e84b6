import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, TransformFnParams } from 'class-transformer';
import { IsArray, IsBoolean, IsDefined, IsInt, IsObject, IsOptional, IsString, Max, Min, ValidateBy } from 'class-validator';
import { isUuid } from '../../common/validation/uuid-param.pipe';

/** A UUID as Python's UUID() takes it (any version; dashes optional). 422 uuid_parsing otherwise. */
export const IsLangflowUuid = () =>
  ValidateBy({ name: 'isUuid', validator: { validate: (v) => isUuid(v), defaultMessage: () => 'Input should be a valid UUID' } });

/** A query integer: digits become a number; anything else stays as sent, for a 422 that shows it. */
function integerFromQuery({ value }: TransformFnParams): unknown {
  return typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value) ? Number(value) : value;
}

/** Columns GET /monitor/messages can be ordered by. */
export const MESSAGE_ORDER_COLUMNS = [
  'id', 'timestamp', 'sender', 'sender_name', 'session_id', 'context_id', 'text', 'files', 'error', 'edit',
  'properties', 'category', 'content_blocks', 'flow_id',
] as const;

export class MessagesQueryDto {
  /** Only this flow's messages. */
  @IsOptional()
  @IsLangflowUuid()
  flow_id?: string;

  /** Only this session (URL-decoded once more, as Langflow does). */
  @IsOptional()
  @IsString()
  session_id?: string;

  @IsOptional()
  @IsString()
  sender?: string;

  @IsOptional()
  @IsString()
  sender_name?: string;

  /** A message column; ascending. Default `timestamp`. */
  @IsOptional()
  @IsString()
  order_by?: string;
}

export class SessionsQueryDto {
  @IsOptional()
  @IsLangflowUuid()
  flow_id?: string;
}

export class FlowIdQueryDto {
  @IsDefined()
  @IsLangflowUuid()
  flow_id: string;
}

export class TransactionsQueryDto {
  @IsDefined()
  @IsLangflowUuid()
  flow_id: string;

  /** Page number, from 1. */
  @IsOptional()
  @Transform(integerFromQuery)
  @Min(1, { message: 'Input should be greater than or equal to 1' })
  @IsInt()
  page?: number;

  /** Items per page, 1..100 (default 50). */
  @IsOptional()
  @Transform(integerFromQuery)
  @Min(1, { message: 'Input should be greater than or equal to 1' })
  @Max(100, { message: 'Input should be less than or equal to 100' })
  @IsInt()
  size?: number;
}

export class RenameSessionQueryDto {
  /** The session id the messages move to. */
  @IsDefined()
  @IsString()
  new_session_id: string;
}

/** PUT /monitor/messages/{id} body (Langflow's MessageUpdate); unset and null fields are kept. */
export class MessageUpdateDto {
  @IsOptional()
  @IsString()
  text?: string | null;

  @IsOptional()
  @IsString()
  sender?: string | null;

  @IsOptional()
  @IsString()
  sender_name?: string | null;

  @IsOptional()
  @IsString()
  session_id?: string | null;

  @IsOptional()
  @IsString()
  context_id?: string | null;

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  files?: string[] | null;

  @IsOptional()
  @IsBoolean()
  edit?: boolean | null;

  @IsOptional()
  @IsBoolean()
  error?: boolean | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  properties?: Record<string, unknown> | null;
}

export class MessageResponseDto {
  id: string;
  flow_id: string | null;
  /** "YYYY-MM-DD HH:MM:SS UTC" */
  timestamp: string;
  sender: string;
  sender_name: string;
  session_id: string;
  context_id: string | null;
  text: string;
  /** The file list, JSON-encoded (Langflow's MessageResponse). */
  files: string;
  edit: boolean;
  duration: number | null;
  @ApiProperty({ type: 'object', additionalProperties: true })
  properties: Record<string, unknown>;
  category: string;
  @ApiProperty({ type: 'array', items: { type: 'object' } })
  content_blocks: unknown[];
}

export class MessageReadDto {
  /** "YYYY-MM-DD HH:MM:SS UTC" */
  timestamp: string;
  sender: string;
  sender_name: string;
  session_id: string;
  context_id: string | null;
  text: string;
  @ApiProperty({ type: 'array', items: { type: 'string' } })
  files: unknown[];
  error: boolean;
  edit: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true })
  properties: Record<string, unknown>;
  category: string;
  @ApiProperty({ type: 'array', items: { type: 'object' } })
  content_blocks: unknown[];
  id: string;
  flow_id: string | null;
}

export class TransactionReadDto {
  id: string;
  /** Naive ISO datetime (UTC), as Langflow serialises it. */
  timestamp: string;
  vertex_id: string;
  target_id: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  inputs: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  outputs: Record<string, unknown> | null;
  status: string;
}

export class TransactionsPageDto {
  @ApiProperty({ type: [TransactionReadDto] })
  items: TransactionReadDto[];
  total: number;
  page: number;
  size: number;
  pages: number;
}

export class VertexBuildReadDto {
  timestamp: string;
  /** Vertex id. */
  id: string;
  @ApiProperty({ type: 'object', additionalProperties: true })
  data: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true })
  artifacts: Record<string, unknown>;
  params: string | null;
  valid: boolean;
  flow_id: string;
  build_id: string;
}

export class VertexBuildMapDto {
  /** Builds per vertex id, oldest first. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'array', items: { $ref: '#/components/schemas/VertexBuildReadDto' } } })
  vertex_builds: Record<string, VertexBuildReadDto[]>;
}
