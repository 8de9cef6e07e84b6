/**
 * RunRecorder: what a run did, for the editor (Langflow's `transaction` and `vertex_build`
 * tables). Used by the execution module; every write is write-behind and never blocks a run.
 *
 *   recordTransaction(t: TransactionRecord): string | null
 *       One vertex execution (inputs, outputs, status "success"|"error", error). Returns the
 *       row id, or null when the run has no flow id (Langflow skips those too). Sensitive keys
 *       in inputs/outputs are masked before the row is written.
 *   recordVertexBuild(b: VertexBuildRecord): string
 *       One vertex build result (VertexBuildResponse `data`, `artifacts`, `params`, `valid`).
 *       Returns the build_id.
 *   flush(): Promise<void>
 *       Resolves once everything recorded before the call is in the database (the monitor API
 *       calls it before reading).
 *   prune(): Promise<void>
 *       Applies the retention caps now (they are otherwise applied every N writes per flow and
 *       on a timer, never per insert).
 *
 * Retention (Langflow's settings): LANGFLOW_MAX_TRANSACTIONS_TO_KEEP newest transactions per
 * flow (3000); LANGFLOW_MAX_VERTEX_BUILDS_PER_VERTEX newest builds per vertex of a flow (2);
 * LANGFLOW_MAX_VERTEX_BUILDS_TO_KEEP newest builds in total (3000). Rows of a flow that is not
 * in the database (deleted meanwhile) are dropped.
 */
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUuid } from '../common/validation/uuid-param.pipe';
import { APP_CONFIG, ServerConfig } from '../config/config.module';
import { maskSensitive } from './sensitive';
import { SqlRunner, SqlStatement, createSqlRunner } from './sql-runner';
import { uuid7 } from './uuid7';
import { WriteBehindQueue } from './write-behind';

export interface TransactionRecord {
  flow_id: string | null | undefined;
  vertex_id: string;
  target_id?: string | null;
  inputs?: Record<string, unknown> | null;
  outputs?: Record<string, unknown> | null;
  /** "success" or "error". */
  status: string;
  error?: string | null;
  timestamp?: Date;
}

export interface VertexBuildRecord {
  flow_id: string;
  /** The vertex id, e.g. "ChatOutput-aF5lw" (the table's `id` column). */
  vertex_id: string;
  valid: boolean;
  params?: string | null;
  /** VertexBuildResponse.data: results, outputs, logs, message, artifacts, timedelta, duration... */
  data?: Record<string, unknown> | null;
  artifacts?: Record<string, unknown> | null;
  timestamp?: Date;
  build_id?: string;
}

type Pending =
  | { kind: 'transaction'; id: string; flowId: string; params: unknown[] }
  | { kind: 'build'; id: string; flowId: string; vertexId: string; params: unknown[] };

const TRANSACTION_COLUMNS = '"id", "timestamp", "vertex_id", "target_id", "inputs", "outputs", "status", "error", "flow_id"';
const BUILD_COLUMNS = '"build_id", "id", "timestamp", "data", "artifacts", "params", "valid", "flow_id"';

/** INSERT of `rows` rows of one kind. */
function insertSql(kind: Pending['kind'], rows = 1): string {
  const [table, columns, width] = kind === 'transaction' ? ['transaction', TRANSACTION_COLUMNS, 9] : ['vertex_build', BUILD_COLUMNS, 8];
  const row = `(${Array(width).fill('?').join(', ')})`;
  return `INSERT INTO "${table}" (${columns}) VALUES ${Array(rows).fill(row).join(', ')}`;
}

/** Rows per multi-row INSERT on Postgres. */
const PG_ROWS_PER_STATEMENT = 256;

const FLUSH_DELAY_MS = 10;
const MAX_BATCH = 512;
const PRUNE_TIMER_MS = 30_000;

/** Inserts between two prunes of the same scope: a tenth of the cap, at least 1, at most 500. */
export function pruneEvery(cap: number): number {
  return Math.max(1, Math.min(500, Math.floor(cap / 10)));
}

@Injectable()
export class RunRecorder implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(RunRecorder.name);
  readonly sql: SqlRunner;
  private readonly queue: WriteBehindQueue<string, Pending>;
  /** Inserts since the last prune: transactions per flow, builds per flow, builds overall. */
  private readonly txSincePrune = new Map<string, number>();
  private readonly buildsSincePrune = new Map<string, number>();
  private buildsTotalSincePrune = 0;
  private timer: NodeJS.Timeout | undefined;
  private pruning: Promise<void> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: ServerConfig,
  ) {
    this.sql = createSqlRunner(dataSource);
    this.queue = new WriteBehindQueue<string, Pending>({
      write: (batch) => this.write(batch),
      afterWrite: () => this.pruneDue(false),
      onError: (error) => this.logger.error(`Could not record run data: ${(error as Error).message}`),
      delayMs: FLUSH_DELAY_MS,
      maxBatch: MAX_BATCH,
    });
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.queue.flush().then(() => this.pruneDue(true)), PRUNE_TIMER_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.queue.flush();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.queue.size && this.dataSource.isInitialized) await this.queue.flush();
  }

  recordTransaction(t: TransactionRecord): string | null {
    if (!t.flow_id || !isUuid(t.flow_id)) return null;
    const id = uuid7();
    const flowId = t.flow_id.toLowerCase();
    const params = [
      id,
      this.sql.date(t.timestamp ?? new Date()),
      t.vertex_id,
      t.target_id ?? null,
      t.inputs == null ? null : JSON.stringify(maskSensitive(t.inputs)),
      t.outputs == null ? null : JSON.stringify(maskSensitive(t.outputs)),
      t.status,
      t.error ?? null,
      flowId,
    ];
    this.queue.put(id, { kind: 'transaction', id, flowId, params });
    return id;
  }

  recordVertexBuild(b: VertexBuildRecord): string {
    const id = b.build_id && isUuid(b.build_id) ? b.build_id.toLowerCase() : uuid7();
    if (!b.flow_id || !isUuid(b.flow_id)) return id;
    const flowId = b.flow_id.toLowerCase();
    const params = [
      id,
      b.vertex_id,
      this.sql.date(b.timestamp ?? new Date()),
      b.data == null ? null : JSON.stringify(b.data),
      b.artifacts == null ? null : JSON.stringify(b.artifacts),
      b.params ?? null,
      this.sql.bool(!!b.valid),
      flowId,
    ];
    this.queue.put(id, { kind: 'build', id, flowId, vertexId: b.vertex_id, params });
    return id;
  }

  flush(): Promise<void> {
    return this.queue.flush();
  }

  /** Flushes, then applies every retention cap. */
  async prune(): Promise<void> {
    await this.queue.flush();
    await this.pruneDue(true);
  }

  /** Drops queued rows of a flow (its builds are being deleted). */
  dropPending(flowId: string, kind: Pending['kind']): void {
    this.queue.drop((p) => p.flowId === flowId && p.kind === kind);
  }

  private async write(batch: Pending[]): Promise<void> {
    const statements: SqlStatement[] = [];
    if (this.sql.driver === 'sqlite') {
      for (const p of batch) statements.push({ sql: insertSql(p.kind), params: p.params });
    } else {
      for (const kind of ['transaction', 'build'] as const) {
        const rows = batch.filter((p) => p.kind === kind);
        for (let i = 0; i < rows.length; i += PG_ROWS_PER_STATEMENT) {
          const chunk = rows.slice(i, i + PG_ROWS_PER_STATEMENT);
          statements.push({ sql: insertSql(kind, chunk.length), params: chunk.flatMap((p) => p.params) });
        }
      }
    }
    try {
      await this.sql.transaction(statements);
      for (const p of batch) this.counted(p);
    } catch (error) {
      if (!this.sql.isForeignKeyError(error)) this.logger.warn(`Batch of ${batch.length} run records failed, retrying one by one: ${(error as Error).message}`);
      for (const p of batch) {
        try {
          await this.sql.run(insertSql(p.kind), p.params);
          this.counted(p);
        } catch (rowError) {
          // A flow deleted (or never stored): its records go with it.
          if (!this.sql.isForeignKeyError(rowError)) this.logger.error(`Could not record ${p.kind} ${p.id}: ${(rowError as Error).message}`);
        }
      }
    }
  }

  private counted(p: Pending): void {
    if (p.kind === 'transaction') {
      this.txSincePrune.set(p.flowId, (this.txSincePrune.get(p.flowId) ?? 0) + 1);
    } else {
      this.buildsSincePrune.set(p.flowId, (this.buildsSincePrune.get(p.flowId) ?? 0) + 1);
      this.buildsTotalSincePrune += 1;
    }
  }

  /** Prunes the scopes whose insert count reached the threshold (or every touched scope when `all`). */
  private pruneDue(all: boolean): Promise<void> {
    this.pruning = this.pruning.then(() => this.runPrunes(all)).catch((error) => {
      this.logger.warn(`Retention pruning failed: ${(error as Error).message}`);
    });
    return this.pruning;
  }

  private async runPrunes(all: boolean): Promise<void> {
    const { maxTransactionsToKeep: txCap, maxVertexBuildsToKeep: buildCap, maxVertexBuildsPerVertex: perVertexCap } = this.config;
    const seq = this.sql.seq;
    const txEvery = pruneEvery(txCap);
    for (const [flowId, n] of [...this.txSincePrune]) {
      if (!all && n < txEvery) continue;
      this.txSincePrune.delete(flowId);
      await this.sql.run(
        `DELETE FROM "transaction" WHERE "id" IN (SELECT "id" FROM "transaction" WHERE "flow_id" = ? ORDER BY "timestamp" DESC, ${seq} DESC LIMIT ${this.sql.noLimit} OFFSET ?)`,
        [flowId, txCap],
      );
    }
    const perVertexEvery = pruneEvery(buildCap);
    for (const [flowId, n] of [...this.buildsSincePrune]) {
      if (!all && n < Math.min(perVertexEvery, 50)) continue;
      this.buildsSincePrune.delete(flowId);
      await this.sql.run(
        `DELETE FROM "vertex_build" WHERE "build_id" IN (SELECT "build_id" FROM (SELECT "build_id", ROW_NUMBER() OVER (PARTITION BY "id" ORDER BY "timestamp" DESC, ${seq} DESC) AS rn FROM "vertex_build" WHERE "flow_id" = ?) ranked WHERE rn > ?)`,
        [flowId, perVertexCap],
      );
    }
    if (this.buildsTotalSincePrune && (all || this.buildsTotalSincePrune >= pruneEvery(buildCap))) {
      this.buildsTotalSincePrune = 0;
      await this.sql.run(
        `DELETE FROM "vertex_build" WHERE "build_id" IN (SELECT "build_id" FROM "vertex_build" ORDER BY "timestamp" DESC, ${seq} DESC LIMIT ${this.sql.noLimit} OFFSET ?)`,
        [buildCap],
      );
    }
  }
}
