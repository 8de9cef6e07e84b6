import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Exclude, Type } from 'class-transformer';
import { IsArray, IsBoolean, IsDefined, IsIn, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import type { FlowAccessType } from '../flow.entity';

/** FlowCreate: `name` is required; `user_id` is always the caller; `id` is ignored. */
export class CreateFlowDto {
  /** Display name, unique per user (a clash on create becomes "Name (1)"). */
  @IsDefined()
  @IsString()
  name: string;

  @IsOptional()
  @IsString()
  description?: string | null;

  @IsOptional()
  @IsString()
  icon?: string | null;

  @IsOptional()
  @IsString()
  icon_bg_color?: string | null;

  @IsOptional()
  @IsString()
  gradient?: string | null;

  /**
   * The graph: {nodes, edges, viewport}. Left out of class-transformer (which
   * would copy a multi-megabyte graph object by object); the controller passes
   * the body's `data` through as parsed and flow-input.ts checks it.
   */
  @ApiPropertyOptional({ type: 'object', additionalProperties: {}, nullable: true })
  @Exclude({ toClassOnly: true })
  data?: Record<string, unknown> | null;

  @IsOptional()
  @IsBoolean()
  is_component?: boolean | null;

  @IsOptional()
  @IsBoolean()
  webhook?: boolean | null;

  /** Letters, digits, "-" and "_"; a clash on create becomes "name-1". */
  @IsOptional()
  @IsString()
  endpoint_name?: string | null;

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  tags?: string[] | null;

  @IsOptional()
  @IsBoolean()
  locked?: boolean | null;

  @IsOptional()
  @IsBoolean()
  mcp_enabled?: boolean | null;

  @IsOptional()
  @IsString()
  action_name?: string | null;

  @IsOptional()
  @IsString()
  action_description?: string | null;

  @ApiProperty({ enum: ['PRIVATE', 'PUBLIC'], required: false })
  @IsOptional()
  @IsIn(['PRIVATE', 'PUBLIC'], { message: "Input should be 'PRIVATE' or 'PUBLIC'" })
  access_type?: FlowAccessType | null;

  /** Ignored: the flow always belongs to the caller. */
  @IsOptional()
  @IsUUID()
  user_id?: string | null;

  /** The project; null means the caller's default project. */
  @IsOptional()
  @IsUUID()
  folder_id?: string | null;

  /** A path, relative to the caller's flow directory, where the flow's JSON is also written. */
  @IsOptional()
  @IsString()
  fs_path?: string | null;
}

/** POST /flows/batch/ body. */
export class CreateFlowsBatchDto {
  @IsDefined()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CreateFlowDto)
  flows: CreateFlowDto[];
}
