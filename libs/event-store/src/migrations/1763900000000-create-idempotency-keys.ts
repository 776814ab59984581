import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Results of commands sent with an Idempotency-Key. A row is claimed at the start of the
 * command's transaction and filled with the response before it commits, so a concurrent retry
 * waits for the first attempt and then answers with its result. `json`, not `jsonb`: a replay
 * returns the first answer byte for byte.
 */
export class CreateIdempotencyKeys1763900000000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status_code integer NOT NULL,
        response json NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE idempotency_keys`);
  }
}
