import { join } from 'node:path';
import { AppConfig } from '../config/env';

export type DatabaseConfig =
  | { type: 'postgres'; url: string }
  | { type: 'sqlite'; path: string };

/** Reads LANGFLOW_DATABASE_URL; unset means an SQLite file in the config dir. */
export function databaseConfigFrom(config: Pick<AppConfig, 'databaseUrl' | 'configDir'>): DatabaseConfig {
  const url = config.databaseUrl;
  if (!url) return { type: 'sqlite', path: join(config.configDir, 'nestflow.db') };
  if (url.startsWith('postgres')) return { type: 'postgres', url };
  // sqlite:///absolute/path or sqlite:///./relative (SQLAlchemy's spelling, as Langflow takes it)
  const path = url.replace(/^sqlite:\/\/\/?/, '');
  return { type: 'sqlite', path: path === ':memory:' ? ':memory:' : path || join(config.configDir, 'nestflow.db') };
}
