import { UsersAndApiKeys1764400000000 } from './1764400000000-users-and-api-keys';
import { FlowsAndProjects1764500000000 } from './1764500000000-flows-and-projects';
import { UserFiles1764600000000 } from './1764600000000-user-files';

/** Postgres migrations in order. Each API area appends its own. */
export const postgresMigrations = [
  UsersAndApiKeys1764400000000,
  FlowsAndProjects1764500000000,
  UserFiles1764600000000,
];
