import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Head office's pack subscriptions and their delivery log (libs/delivery,
 * docs/adr/0023-scheduled-pack-delivery.md). A delivery is unique per subscription and period
 * key: the scheduler inserts it with ON CONFLICT DO NOTHING and claims it with
 * SELECT … FOR UPDATE SKIP LOCKED (status `sending`, next_attempt_at = the claim's lease), so
 * restarts and replicas do not send one twice. The log keeps
 * the recipient and branch it was for, and stays when its subscription is deleted.
 */
export class CreatePackSubscriptions1765000000000 implements MigrationInterface {
  name = 'CreatePackSubscriptions1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE pack_subscriptions (
        id uuid PRIMARY KEY,
        recipient_user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
        pack text NOT NULL CHECK (pack IN ('branch-monthly')),
        branch_id text NOT NULL,
        formats text[] NOT NULL CHECK (cardinality(formats) > 0 AND formats <@ ARRAY['pdf', 'xlsx']),
        locale text NOT NULL CHECK (locale IN ('zh-CN', 'es', 'en')),
        schedule_kind text NOT NULL CHECK (schedule_kind IN ('monthly', 'weekly')),
        business_day integer CHECK (business_day BETWEEN 1 AND 10),
        weekday integer CHECK (weekday BETWEEN 1 AND 7),
        enabled boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        CHECK ((schedule_kind = 'monthly') = (business_day IS NOT NULL)),
        CHECK ((schedule_kind = 'weekly') = (weekday IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX pack_subscriptions_recipient_idx ON pack_subscriptions (recipient_user_id)`);
    await queryRunner.query(`
      CREATE TABLE pack_deliveries (
        id bigserial PRIMARY KEY,
        subscription_id uuid NOT NULL,
        period_key text NOT NULL,
        period text NOT NULL,
        due_at timestamptz NOT NULL,
        recipient_user_id uuid NOT NULL,
        email text NOT NULL,
        branch_id text NOT NULL,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        last_error text,
        message_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CONSTRAINT pack_deliveries_subscription_period_key UNIQUE (subscription_id, period_key)
      )`);
    await queryRunner.query(`CREATE INDEX pack_deliveries_due_idx ON pack_deliveries (next_attempt_at) WHERE status IN ('queued', 'sending')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE pack_deliveries`);
    await queryRunner.query(`DROP TABLE pack_subscriptions`);
  }
}
