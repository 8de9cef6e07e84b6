import { isoSeconds } from '../common/time';
import { UserReadDto } from './dto/user-read.dto';
import { User, UserOptins } from './user.entity';

export const DEFAULT_OPTINS: UserOptins = { github_starred: false, dialog_dismissed: false, discord_clicked: false };

/** The password hash never leaves this function. */
export function toUserRead(user: User): UserReadDto {
  return {
    id: user.id,
    username: user.username,
    profile_image: user.profile_image,
    store_api_key: user.store_api_key ? '*****' : null,
    is_active: user.is_active,
    is_superuser: user.is_superuser,
    create_at: isoSeconds(user.create_at),
    updated_at: isoSeconds(user.updated_at),
    last_login_at: user.last_login_at ? isoSeconds(user.last_login_at) : null,
    optins: { ...DEFAULT_OPTINS, ...(user.optins ?? {}) },
  };
}
