import { UsersAndApiKeys1764400000000 } from './1764400000000-users-and-api-keys';
import { FlowsAndProjects1764500000000 } from './1764500000000-flows-and-projects';
import { Variables1764510000000 } from './1764510000000-variables';
import { UserFiles1764600000000 } from './1764600000000-user-files';
import { MonitorTables1764700000000 } from './1764700000000-monitor';

/** SQLite migrations in order. Each API area appends its own. */
export const sqliteMigrations = [
  UsersAndApiKeys1764400000000,
  FlowsAndProjects1764500000000,
  Variables1764510000000,
  UserFiles1764600000000,
  MonitorTables1764700000000,
];
