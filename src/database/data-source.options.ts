import { DataSourceOptions } from 'typeorm';
import { DatabaseConfig } from './database-config';
import { entities } from './entities';
import { postgresMigrations } from './migrations/postgres';
import { sqliteMigrations } from './migrations/sqlite';

export const MIGRATIONS_TABLE = 'nestflow_migrations';

/** The one place the driver is chosen. Migrations run explicitly (see migrate.ts). */
export function buildDataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = { entities, synchronize: false, migrationsRun: false, migrationsTableName: MIGRATIONS_TABLE, logging: false };
  if (db.type === 'postgres') {
    return { ...common, type: 'postgres', url: db.url, migrations: postgresMigrations, extra: { max: 20 } };
  }
  return {
    ...common,
    type: 'better-sqlite3',
    database: db.path,
    migrations: sqliteMigrations,
    // WAL lets readers run beside the writer; NORMAL sync is safe under WAL and far faster.
    enableWAL: db.path !== ':memory:',
    timeout: 30000,
    prepareDatabase: (connection: { pragma(sql: string): unknown }) => {
      connection.pragma('synchronous = NORMAL');
      connection.pragma('foreign_keys = ON');
    },
  };
}
