import { MigrationInterface, QueryRunner } from 'typeorm';

export class UserFiles1764600000000 implements MigrationInterface {
  name = 'UserFiles1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "file" (
      "id" uuid PRIMARY KEY NOT NULL,
      "user_id" uuid NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
      "name" varchar NOT NULL,
      "path" varchar NOT NULL,
      "size" bigint NOT NULL,
      "provider" varchar,
      "created_at" timestamp NOT NULL,
      "updated_at" timestamp NOT NULL,
      CONSTRAINT "unique_file_name_user" UNIQUE ("name", "user_id"))`);
    await q.query(`CREATE INDEX "IDX_file_user_id" ON "file" ("user_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "file"`);
  }
}
