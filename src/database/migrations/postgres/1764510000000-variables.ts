import { MigrationInterface, QueryRunner } from 'typeorm';

export class Variables1764510000000 implements MigrationInterface {
  name = 'Variables1764510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "variable" (
      "id" uuid PRIMARY KEY NOT NULL,
      "name" varchar NOT NULL,
      "value" text,
      "default_fields" text,
      "type" varchar,
      "created_at" timestamp,
      "updated_at" timestamp,
      "user_id" uuid NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
      CONSTRAINT "unique_variable_name" UNIQUE ("user_id", "name"))`);
    await q.query(`CREATE INDEX "IDX_variable_user_id" ON "variable" ("user_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "variable"`);
  }
}
