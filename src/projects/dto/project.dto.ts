import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsArray, IsBoolean, IsDefined, IsInt, IsObject, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { toBool } from '../../flows/dto/list-flows.query.dto';

/** POST /projects/. */
export class CreateProjectDto {
  /** A taken name becomes "Name (n)". */
  @IsDefined()
  @IsString()
  name: string;

  @IsOptional()
  @IsString()
  description?: string | null;

  /** MCP auth settings ({auth_type, api_key?, oauth_*}); secrets are sealed at rest and masked in replies. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: {}, nullable: true })
  @IsOptional()
  @IsObject()
  auth_settings?: Record<string, unknown> | null;

  @IsOptional()
  @IsUUID()
  parent_id?: string | null;

  /** Components to move into the new project. */
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true })
  components_list?: string[];

  /** Flows to move into the new project. */
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true })
  flows_list?: string[];
}

/** PATCH /projects/{id}. */
export class UpdateProjectDto {
  @IsOptional()
  @IsString()
  name?: string | null;

  @IsOptional()
  @IsString()
  description?: string | null;

  @IsOptional()
  @IsUUID()
  parent_id?: string | null;

  /** A secret sent back as "*******" keeps its stored value. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: {}, nullable: true })
  @IsOptional()
  @IsObject()
  auth_settings?: Record<string, unknown> | null;

  /** Flows to move into the project. */
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true })
  flows?: string[];

  /** Components to move into the project. */
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true })
  components?: string[];

  /** The names Langflow's UI sends. */
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true })
  flows_list?: string[];

  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true })
  components_list?: string[];
}

/** GET /projects/{id}: page and size together give a page of flows. */
export class ReadProjectQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  size?: number;

  /** Only components. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  is_component?: boolean = false;

  /** Only flows (not components). */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  is_flow?: boolean = false;

  /** Part of the flow name (case-insensitive). */
  @IsOptional()
  @IsString()
  search?: string;
}

/** FolderRead. */
export class ProjectReadDto {
  name: string;
  description: string | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: {}, nullable: true })
  auth_settings: Record<string, unknown> | null;
  id: string;
  parent_id: string | null;
}
