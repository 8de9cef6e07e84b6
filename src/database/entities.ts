import { ApiKey } from '../api-keys/api-key.entity';
import { User } from '../users/user.entity';

/** Every entity, listed explicitly: globs break under SWC and bundlers. */
export const entities = [User, ApiKey];
