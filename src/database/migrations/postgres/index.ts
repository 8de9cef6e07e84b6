import { UsersAndApiKeys1764400000000 } from './1764400000000-users-and-api-keys';

/** Postgres migrations in order. Each API area appends its own. */
export const postgresMigrations = [UsersAndApiKeys1764400000000];
