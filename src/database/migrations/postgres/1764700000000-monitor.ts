import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monitor tables (message, transaction, vertex_build). Each has a hidden "seq" BIGSERIAL, not
 * in the entities, that orders rows stored within the same millisecond (SQLite uses rowid).
 */
export class MonitorTables1764700000000 implements MigrationInterface {
  name = 'MonitorTables1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "message" (
      "id" uuid PRIMARY KEY NOT NULL,
      "timestamp" timestamp NOT NULL,
      "sender" varchar NOT NULL,
      "sender_name" varchar NOT NULL,
      "session_id" varchar NOT NULL,
      "context_id" varchar,
      "text" text NOT NULL DEFAULT '',
      "files" text,
      "error" boolean NOT NULL DEFAULT false,
      "edit" boolean NOT NULL DEFAULT false,
      "properties" text,
      "category" varchar NOT NULL DEFAULT 'message',
      "content_blocks" text,
      "flow_id" uuid REFERENCES "flow" ("id") ON DELETE CASCADE,
      "seq" BIGSERIAL NOT NULL)`);
    await q.query(`CREATE INDEX "IDX_message_session_ts" ON "message" ("session_id", "timestamp", "seq")`);
    // flow_id alone (cheap to maintain); session reads use the index above.
    await q.query(`CREATE INDEX "IDX_message_flow" ON "message" ("flow_id")`);

    await q.query(`CREATE TABLE "transaction" (
      "id" uuid PRIMARY KEY NOT NULL,
      "timestamp" timestamp NOT NULL,
      "vertex_id" varchar NOT NULL,
      "target_id" varchar,
      "inputs" text,
      "outputs" text,
      "status" varchar NOT NULL,
      "error" text,
      "flow_id" uuid NOT NULL REFERENCES "flow" ("id") ON DELETE CASCADE,
      "seq" BIGSERIAL NOT NULL)`);
    await q.query(`CREATE INDEX "IDX_transaction_flow_ts" ON "transaction" ("flow_id", "timestamp", "seq")`);

    await q.query(`CREATE TABLE "vertex_build" (
      "build_id" uuid PRIMARY KEY NOT NULL,
      "id" varchar NOT NULL,
      "timestamp" timestamp NOT NULL,
      "data" text,
      "artifacts" text,
      "params" text,
      "valid" boolean NOT NULL,
      "flow_id" uuid NOT NULL REFERENCES "flow" ("id") ON DELETE CASCADE,
      "seq" BIGSERIAL NOT NULL)`);
    await q.query(`CREATE INDEX "IDX_vertex_build_flow_vertex_ts" ON "vertex_build" ("flow_id", "id", "timestamp", "seq")`);
    await q.query(`CREATE INDEX "IDX_vertex_build_ts" ON "vertex_build" ("timestamp", "seq")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "vertex_build"`);
    await q.query(`DROP TABLE "transaction"`);
    await q.query(`DROP TABLE "message"`);
  }
}
