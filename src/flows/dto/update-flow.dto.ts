import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Exclude } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import type { FlowAccessType } from '../flow.entity';

/** FlowUpdate: only these fields can change; null values are ignored (except endpoint_name, which clears). */
export class UpdateFlowDto {
  @IsOptional()
  @IsString()
  name?: string | null;

  @IsOptional()
  @IsString()
  description?: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: {}, nullable: true })
  @Exclude({ toClassOnly: true })
  data?: Record<string, unknown> | null;

  @IsOptional()
  @IsUUID()
  folder_id?: string | null;

  /** Omitted, null or "" clears the stored endpoint name (Langflow's behaviour). */
  @IsOptional()
  @IsString()
  endpoint_name?: string | null;

  @IsOptional()
  @IsBoolean()
  mcp_enabled?: boolean | null;

  @IsOptional()
  @IsBoolean()
  locked?: boolean | null;

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

  @IsOptional()
  @IsString()
  fs_path?: string | null;
}
