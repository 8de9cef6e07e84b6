import { DataSource } from 'typeorm';

export type SqlDriver = 'sqlite' | 'postgres';

export interface SqlStatement {
  sql: string;
  params: unknown[];
}

/**
 * A thin, portable SQL layer for the monitor tables' hot paths. SQL is written once with `?`
 * placeholders; on Postgres they become `$1..$n`. Booleans and dates are converted the way
 * TypeORM stores them, so rows written here read back identically through TypeORM.
 *
 * SQLite runs on the DataSource's own better-sqlite3 connection with cached prepared
 * statements, synchronously: a batch is one transaction that no other query can interleave.
 * Postgres goes through the DataSource's pool.
 */
export interface SqlRunner {
  readonly driver: SqlDriver;
  /** Column that orders rows inserted within the same millisecond. */
  readonly seq: string;
  /** `LIMIT x OFFSET n` with no limit. */
  readonly noLimit: string;
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  run(sql: string, params?: unknown[]): Promise<number>;
  /** Runs the statements in one transaction; throws (and rolls back) on the first failure. */
  transaction(statements: SqlStatement[]): Promise<void>;
  /** A value for a boolean column. */
  bool(value: boolean): unknown;
  /** A value for a timestamp column. */
  date(value: Date): unknown;
  /** A timestamp column value read back → Date. */
  toDate(value: unknown): Date;
  /** True when the error is a foreign-key violation. */
  isForeignKeyError(error: unknown): boolean;
}

interface PgPool {
  query(sql: string, params: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

interface BetterSqliteStatement {
  run(...params: unknown[]): { changes: number };
  all(...params: unknown[]): unknown[];
}
interface BetterSqliteDb {
  prepare(sql: string): BetterSqliteStatement;
  transaction<F extends (...a: never[]) => unknown>(fn: F): F;
  readonly inTransaction: boolean;
}

/** "YYYY-MM-DD HH:MM:SS.SSS" in UTC, as TypeORM writes dates to SQLite. */
export function sqliteDate(d: Date): string {
  const iso = d.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

export function parseSqliteDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  const s = String(value);
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (m) return new Date(`${m[1]}T${m[2]}${m[3] ?? 'Z'}`);
  return new Date(s);
}

class SqliteRunner implements SqlRunner {
  readonly driver = 'sqlite' as const;
  readonly seq = 'rowid';
  readonly noLimit = '-1';
  private readonly statements = new Map<string, BetterSqliteStatement>();

  constructor(private readonly db: BetterSqliteDb) {}

  private stmt(sql: string): BetterSqliteStatement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      if (this.statements.size > 500) this.statements.clear();
      this.statements.set(sql, s);
    }
    return s;
  }

  async all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.stmt(sql).all(...params) as T[];
  }

  async run(sql: string, params: unknown[] = []): Promise<number> {
    return this.stmt(sql).run(...params).changes;
  }

  async transaction(statements: SqlStatement[]): Promise<void> {
    // Another caller may hold a TypeORM transaction open on this (single) connection across
    // awaits; joining it would tie our rows to its outcome, so wait for it to end.
    for (let i = 0; this.db.inTransaction && i < 2000; i++) await new Promise((r) => setTimeout(r, 1));
    const prepared = statements.map((s) => [this.stmt(s.sql), s.params] as const);
    this.db.transaction(() => {
      for (const [stmt, params] of prepared) stmt.run(...params);
    })();
  }

  bool(value: boolean): number {
    return value ? 1 : 0;
  }

  date(value: Date): string {
    return sqliteDate(value);
  }

  toDate(value: unknown): Date {
    return parseSqliteDate(value);
  }

  isForeignKeyError(error: unknown): boolean {
    return (error as { code?: string })?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
  }
}

class PostgresRunner implements SqlRunner {
  readonly driver = 'postgres' as const;
  readonly seq = '"seq"';
  readonly noLimit = 'ALL';
  private readonly converted = new Map<string, string>();

  constructor(private readonly dataSource: DataSource) {}

  private sql(sql: string): string {
    let out = this.converted.get(sql);
    if (out === undefined) {
      let i = 0;
      out = sql.replace(/\?/g, () => `$${++i}`);
      if (this.converted.size > 500) this.converted.clear();
      this.converted.set(sql, out);
    }
    return out;
  }

  /** The DataSource's pg pool: a single statement needs no TypeORM query runner around it. */
  private get pool(): PgPool {
    return (this.dataSource.driver as unknown as { master: PgPool }).master;
  }

  async all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(this.sql(sql), params)).rows as T[];
  }

  async run(sql: string, params: unknown[] = []): Promise<number> {
    return (await this.pool.query(this.sql(sql), params)).rowCount ?? 0;
  }

  async transaction(statements: SqlStatement[]): Promise<void> {
    if (statements.length === 1) {
      await this.pool.query(this.sql(statements[0].sql), statements[0].params);
      return;
    }
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      try {
        for (const s of statements) await runner.query(this.sql(s.sql), s.params);
        await runner.commitTransaction();
      } catch (error) {
        await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    } finally {
      await runner.release();
    }
  }

  bool(value: boolean): boolean {
    return value;
  }

  date(value: Date): Date {
    return value;
  }

  toDate(value: unknown): Date {
    return value instanceof Date ? value : new Date(String(value));
  }

  isForeignKeyError(error: unknown): boolean {
    const e = error as { code?: string; driverError?: { code?: string } };
    return e?.code === '23503' || e?.driverError?.code === '23503';
  }
}

/** The runner for this DataSource's driver. */
export function createSqlRunner(dataSource: DataSource): SqlRunner {
  const type = dataSource.options.type;
  if (type === 'postgres') return new PostgresRunner(dataSource);
  if (type === 'better-sqlite3') {
    const db = (dataSource.driver as unknown as { databaseConnection: BetterSqliteDb }).databaseConnection;
    return new SqliteRunner(db);
  }
  throw new Error(`Unsupported database driver for the monitor tables: ${type}`);
}
