import { IsArray, IsOptional, IsString, IsUUID } from 'class-validator';

/** Body of POST /variables/. Emptiness is checked by the service to give Langflow's 400 messages. */
export class CreateVariableDto {
  /** The variable's name, unique per user. */
  @IsOptional()
  @IsString()
  name?: string | null;

  /** The value; sealed at rest for Credential variables. */
  @IsOptional()
  @IsString()
  value?: string | null;

  /** "Credential" (the default) or "Generic". */
  @IsOptional()
  @IsString()
  type?: string | null;

  /** Component fields this variable fills by default. */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  default_fields?: string[] | null;
}

/** Body of PATCH /variables/{id}: the create fields, all optional; only the fields sent change. */
export class UpdateVariableDto extends CreateVariableDto {
  /** Langflow's UI repeats the path id here; it is not needed. */
  @IsOptional()
  @IsUUID()
  id?: string;
}

/** VariableRead: `value` is always null for Credential variables. */
export class VariableReadDto {
  id: string;
  name: string;
  type: string | null;
  value: string | null;
  default_fields: string[] | null;
}
