import { UsersAndApiKeys1764400000000 } from './1764400000000-users-and-api-keys';

/** SQLite migrations in order. Each API area appends its own. */
export const sqliteMigrations = [UsersAndApiKeys1764400000000];
