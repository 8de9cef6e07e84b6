import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsObject, IsOptional, IsString } from 'class-validator';

/** POST /api/v1/validate/prompt body. */
export class ValidatePromptDto {
  /** The template field's name (usually "template"). */
  @IsDefined()
  @IsString()
  name: string;

  @IsDefined()
  @IsString()
  template: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: {}, nullable: true })
  @IsOptional()
  @IsObject()
  custom_fields?: Record<string, string[]> | null;

  /** The prompt node; without it nothing is parsed (as in Langflow). */
  @ApiPropertyOptional({ type: 'object', additionalProperties: {}, nullable: true })
  @IsOptional()
  @IsObject()
  frontend_node?: Record<string, any> | null;

  /** `{{var}}` variables instead of `{var}`. */
  @IsOptional()
  @IsBoolean()
  mustache?: boolean;
}
