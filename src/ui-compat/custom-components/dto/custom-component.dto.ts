import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsBoolean, IsDefined, IsObject, IsOptional, IsString } from 'class-validator';

/** POST /api/v1/custom_component body (Langflow's CustomComponentRequest). */
export class CustomComponentDto {
  /** The node's component source; it only identifies the component type and is never run. */
  @IsDefined()
  @IsString()
  code: string;

  /** The node as the editor has it; its field values are kept on the returned node. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: {}, nullable: true })
  @IsOptional()
  @IsObject()
  frontend_node?: Record<string, any> | null;
}

/** POST /api/v1/custom_component/update body (Langflow's UpdateCustomComponentRequest). */
export class UpdateCustomComponentDto extends CustomComponentDto {
  /** The field that changed. */
  @IsDefined()
  @IsString()
  field: string;

  /** Its new value (any JSON). */
  @ApiPropertyOptional({ nullable: true })
  @Allow()
  field_value?: unknown;

  /** The node's current template. */
  @ApiProperty({ type: 'object', additionalProperties: {} })
  @IsDefined()
  @IsObject()
  template: Record<string, any>;

  @IsOptional()
  @IsBoolean()
  tool_mode?: boolean;
}
