import { MigrationInterface, QueryRunner } from 'typeorm';

export class FlowsAndProjects1764500000000 implements MigrationInterface {
  name = 'FlowsAndProjects1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "folder" (
      "id" varchar PRIMARY KEY NOT NULL,
      "name" varchar NOT NULL,
      "description" text,
      "auth_settings" text,
      "parent_id" varchar REFERENCES "folder" ("id") ON DELETE SET NULL,
      "user_id" varchar REFERENCES "user" ("id") ON DELETE CASCADE,
      CONSTRAINT "unique_folder_name" UNIQUE ("user_id", "name"))`);
    await q.query(`CREATE INDEX "IDX_folder_user_id" ON "folder" ("user_id")`);
    await q.query(`CREATE TABLE "flow" (
      "id" varchar PRIMARY KEY NOT NULL,
      "name" varchar NOT NULL,
      "description" text,
      "icon" varchar,
      "icon_bg_color" varchar,
      "gradient" varchar,
      "data" text,
      "is_component" boolean NOT NULL DEFAULT (0),
      "updated_at" datetime NOT NULL,
      "webhook" boolean NOT NULL DEFAULT (0),
      "endpoint_name" varchar,
      "tags" text,
      "locked" boolean NOT NULL DEFAULT (0),
      "mcp_enabled" boolean NOT NULL DEFAULT (0),
      "action_name" varchar,
      "action_description" text,
      "access_type" varchar NOT NULL DEFAULT ('PRIVATE'),
      "user_id" varchar REFERENCES "user" ("id") ON DELETE CASCADE,
      "folder_id" varchar REFERENCES "folder" ("id") ON DELETE SET NULL,
      "fs_path" varchar,
      CONSTRAINT "unique_flow_name" UNIQUE ("user_id", "name"),
      CONSTRAINT "unique_flow_endpoint_name" UNIQUE ("user_id", "endpoint_name"))`);
    await q.query(`CREATE INDEX "IDX_flow_user_id" ON "flow" ("user_id")`);
    await q.query(`CREATE INDEX "IDX_flow_folder_id" ON "flow" ("folder_id")`);
    await q.query(`CREATE INDEX "IDX_flow_endpoint_name" ON "flow" ("endpoint_name")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "flow"`);
    await q.query(`DROP TABLE "folder"`);
  }
}
