import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only event store.
 *
 * `transaction_id` records the writing transaction (xid8). Readers tail the store ordered by
 * (transaction_id, global_position) and only up to `pg_snapshot_xmin(pg_current_snapshot())`,
 * so an event from a transaction that commits after a later one is never skipped.
 */
export class CreateEventStore1763856000000 implements MigrationInterface {
  name = 'CreateEventStore1763856000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE events (
        global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        event_id uuid NOT NULL,
        stream_id text NOT NULL,
        stream_position integer NOT NULL CHECK (stream_position > 0),
        type text NOT NULL,
        schema_version integer NOT NULL CHECK (schema_version > 0),
        branch_id text NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor jsonb NOT NULL,
        correlation_id text NOT NULL,
        causation_id text,
        payload jsonb NOT NULL,
        CONSTRAINT events_event_id_unique UNIQUE (event_id),
        CONSTRAINT events_stream_position_unique UNIQUE (stream_id, stream_position)
      )`);
    await queryRunner.query(`CREATE INDEX events_commit_order ON events (transaction_id, global_position)`);
    // Nothing is updated in place: a correction is a new event.
    await queryRunner.query(`
      CREATE FUNCTION events_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events are append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION events_reject_change()`);
    await queryRunner.query(`
      CREATE TABLE checkpoints (
        name text PRIMARY KEY,
        transaction_id xid8 NOT NULL,
        global_position bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE checkpoints`);
    await queryRunner.query(`DROP TABLE events`);
    await queryRunner.query(`DROP FUNCTION events_reject_change()`);
  }
}
