import { MigrationInterface, QueryRunner } from 'typeorm';

export class UsersAndApiKeys1764400000000 implements MigrationInterface {
  name = 'UsersAndApiKeys1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "user" (
      "id" uuid PRIMARY KEY NOT NULL,
      "username" varchar NOT NULL,
      "password" varchar NOT NULL,
      "profile_image" varchar,
      "store_api_key" varchar,
      "is_active" boolean NOT NULL DEFAULT false,
      "is_superuser" boolean NOT NULL DEFAULT false,
      "create_at" timestamp NOT NULL,
      "updated_at" timestamp NOT NULL,
      "last_login_at" timestamp,
      "optins" text,
      CONSTRAINT "UQ_user_username" UNIQUE ("username"))`);
    await q.query(`CREATE TABLE "apikey" (
      "id" uuid PRIMARY KEY NOT NULL,
      "name" varchar,
      "key_hash" varchar NOT NULL,
      "masked_key" varchar NOT NULL,
      "is_active" boolean NOT NULL DEFAULT true,
      "total_uses" integer NOT NULL DEFAULT 0,
      "last_used_at" timestamp,
      "created_at" timestamp NOT NULL,
      "user_id" uuid NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
      CONSTRAINT "UQ_apikey_key_hash" UNIQUE ("key_hash"))`);
    await q.query(`CREATE INDEX "IDX_apikey_user_id" ON "apikey" ("user_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "apikey"`);
    await q.query(`DROP TABLE "user"`);
  }
}
