import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString } from 'class-validator';

/** FastAPI's boolean query parsing (true/false, 1/0, yes/no, on/off). */
const toBool = ({ value }: { value: unknown }) => {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v !== 'string') return v;
  const lower = v.toLowerCase();
  if (['true', '1', 'yes', 'on', 't', 'y'].includes(lower)) return true;
  if (['false', '0', 'no', 'off', 'f', 'n'].includes(lower)) return false;
  return v;
};

const toList = ({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

/** GET /api/v1/models filters. */
export class ModelsQueryDto {
  /** Providers to keep (repeatable). */
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @Transform(toList)
  @IsString({ each: true })
  provider?: string[];

  @IsOptional()
  @IsString()
  model_name?: string;

  /** "language" (or "llm") / "embeddings". */
  @IsOptional()
  @IsString()
  model_type?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  reasoning?: boolean;

  /** Accepted for Langflow clients; Nestflow lists no unsupported or deprecated models. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  include_unsupported?: boolean;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  include_deprecated?: boolean;

  /** Every language model Nestflow lists can call tools; false lists only embedding models. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  tool_calling?: boolean;
}
