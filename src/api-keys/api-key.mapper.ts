import { isoSeconds } from '../common/time';
import { ApiKey } from './api-key.entity';
import { ApiKeyCreatedDto, ApiKeyReadDto } from './dto/api-key.dto';

export function toApiKeyRead(key: ApiKey): ApiKeyReadDto {
  return {
    name: key.name,
    last_used_at: key.last_used_at ? isoSeconds(key.last_used_at) : null,
    total_uses: key.total_uses,
    is_active: key.is_active,
    id: key.id,
    api_key: key.masked_key,
    user_id: key.user_id,
    created_at: isoSeconds(key.created_at),
  };
}

export function toApiKeyCreated(key: ApiKey, plainKey: string): ApiKeyCreatedDto {
  return {
    name: key.name,
    last_used_at: null,
    total_uses: 0,
    is_active: key.is_active,
    id: key.id,
    api_key: plainKey,
    user_id: key.user_id,
  };
}
