import { ProjectReadDto } from './dto/project.dto';
import { Folder } from './folder.entity';

/** Auth settings fields that hold secrets. */
export const AUTH_SECRET_FIELDS = ['api_key', 'oauth_client_secret'];
export const MASK = '*******';

/** FolderRead, secrets masked. */
export function toProjectRead(folder: Folder): ProjectReadDto {
  return {
    name: folder.name,
    description: folder.description,
    auth_settings: maskAuthSettings(folder.auth_settings),
    id: folder.id,
    parent_id: folder.parent_id,
  };
}

export function maskAuthSettings(settings: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!settings) return settings;
  const out = { ...settings };
  for (const field of AUTH_SECRET_FIELDS) if (out[field]) out[field] = MASK;
  return out;
}
