import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';

export class CompactNodeDto {
  /** Node id, kept as given (e.g. "ChatInput-1"). */
  @IsDefined()
  @IsString()
  id: string;

  /** Component type, as in the catalog (e.g. "ChatInput"). */
  @IsDefined()
  @IsString()
  type: string;

  /** Field values. */
  @IsOptional()
  @IsObject()
  values?: Record<string, unknown>;
}

export class CompactEdgeDto {
  @IsDefined()
  @IsString()
  source: string;

  @IsDefined()
  @IsString()
  source_output: string;

  @IsDefined()
  @IsString()
  target: string;

  @IsDefined()
  @IsString()
  target_input: string;
}

/** POST /flows/expand/ body. */
export class ExpandFlowDto {
  @IsDefined()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CompactNodeDto)
  nodes: CompactNodeDto[];

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CompactEdgeDto)
  edges?: CompactEdgeDto[];
}
