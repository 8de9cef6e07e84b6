import { IsDefined, IsString } from 'class-validator';

export class CreateApiKeyDto {
  /** A label for the key. Other fields Langflow's form sends are ignored. */
  @IsDefined()
  @IsString()
  name: string;
}

/** The one response that carries the full key. */
export class ApiKeyCreatedDto {
  name: string | null;
  last_used_at: string | null;
  total_uses: number;
  is_active: boolean;
  id: string;
  api_key: string;
  user_id: string;
}

export class ApiKeyReadDto extends ApiKeyCreatedDto {
  created_at: string;
}

export class ApiKeysListDto {
  total_count: number;
  user_id: string;
  api_keys: ApiKeyReadDto[];
}
