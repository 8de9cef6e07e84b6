import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monitor tables (message, transaction, vertex_build). Ties within one millisecond are ordered
 * by SQLite's implicit rowid, which every index carries, so (session_id, timestamp) also serves
 * ORDER BY timestamp, rowid.
 */
export class MonitorTables1764700000000 implements MigrationInterface {
  name = 'MonitorTables1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "message" (
      "id" varchar PRIMARY KEY NOT NULL,
      "timestamp" datetime NOT NULL,
      "sender" varchar NOT NULL,
      "sender_name" varchar NOT NULL,
      "session_id" varchar NOT NULL,
      "context_id" varchar,
      "text" text NOT NULL DEFAULT (''),
      "files" text,
      "error" boolean NOT NULL DEFAULT (0),
      "edit" boolean NOT NULL DEFAULT (0),
      "properties" text,
      "category" varchar NOT NULL DEFAULT ('message'),
      "content_blocks" text,
      "flow_id" varchar REFERENCES "flow" ("id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "IDX_message_session_ts" ON "message" ("session_id", "timestamp")`);
    // flow_id alone: rows of a flow arrive in rowid order, so this index appends instead of
    // scattering like (flow_id, session_id, ...) would; session reads use the index above.
    await q.query(`CREATE INDEX "IDX_message_flow" ON "message" ("flow_id")`);

    await q.query(`CREATE TABLE "transaction" (
      "id" varchar PRIMARY KEY NOT NULL,
      "timestamp" datetime NOT NULL,
      "vertex_id" varchar NOT NULL,
      "target_id" varchar,
      "inputs" text,
      "outputs" text,
      "status" varchar NOT NULL,
      "error" text,
      "flow_id" varchar NOT NULL REFERENCES "flow" ("id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "IDX_transaction_flow_ts" ON "transaction" ("flow_id", "timestamp")`);

    await q.query(`CREATE TABLE "vertex_build" (
      "build_id" varchar PRIMARY KEY NOT NULL,
      "id" varchar NOT NULL,
      "timestamp" datetime NOT NULL,
      "data" text,
      "artifacts" text,
      "params" text,
      "valid" boolean NOT NULL,
      "flow_id" varchar NOT NULL REFERENCES "flow" ("id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "IDX_vertex_build_flow_vertex_ts" ON "vertex_build" ("flow_id", "id", "timestamp")`);
    await q.query(`CREATE INDEX "IDX_vertex_build_ts" ON "vertex_build" ("timestamp")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "vertex_build"`);
    await q.query(`DROP TABLE "transaction"`);
    await q.query(`DROP TABLE "message"`);
  }
}
