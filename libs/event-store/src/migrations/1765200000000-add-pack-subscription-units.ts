import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pack subscriptions to region and group packs besides branch packs (libs/delivery,
 * docs/adr/0023-scheduled-pack-delivery.md, amendment of 2026-12-07): a subscription and each
 * delivery name their unit by `level` (branch, region, group) and `unit_id` (the branch or region
 * id, `group` for the group; it was `branch_id`), and a subscription the pack's `currency` (group,
 * or branch with per-currency subtotals) and `view` (restated, as-closed), and optionally the
 * `time_zone` its times and its 07:00 are read in. Existing rows are branch subscriptions and keep
 * what they were sent as: level `branch`, the branch's currency, the restated view, the branch's
 * time zone (null).
 */
export class AddPackSubscriptionUnits1765200000000 implements MigrationInterface {
  name = 'AddPackSubscriptionUnits1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE pack_subscriptions RENAME COLUMN branch_id TO unit_id`);
    await queryRunner.query(`ALTER TABLE pack_subscriptions ADD COLUMN level text NOT NULL DEFAULT 'branch' CHECK (level IN ('branch', 'region', 'group'))`);
    await queryRunner.query(`ALTER TABLE pack_subscriptions ADD COLUMN currency text NOT NULL DEFAULT 'branch' CHECK (currency IN ('group', 'branch'))`);
    await queryRunner.query(`ALTER TABLE pack_subscriptions ADD COLUMN view text NOT NULL DEFAULT 'restated' CHECK (view IN ('restated', 'as-closed'))`);
    await queryRunner.query(`ALTER TABLE pack_subscriptions ADD COLUMN time_zone text CHECK (length(time_zone) BETWEEN 1 AND 64)`);
    // Every row so far is a branch subscription (backfilled by the defaults); new rows name their own.
    await queryRunner.query(
      `ALTER TABLE pack_subscriptions ALTER COLUMN level DROP DEFAULT, ALTER COLUMN currency DROP DEFAULT, ALTER COLUMN view DROP DEFAULT`,
    );
    await queryRunner.query(`ALTER TABLE pack_subscriptions DROP CONSTRAINT pack_subscriptions_pack_check`);
    await queryRunner.query(
      `ALTER TABLE pack_subscriptions ADD CONSTRAINT pack_subscriptions_pack_check CHECK (pack IN ('branch-monthly', 'region-monthly', 'group-monthly') AND pack = level || '-monthly')`,
    );
    await queryRunner.query(
      `ALTER TABLE pack_subscriptions ADD CONSTRAINT pack_subscriptions_group_unit_check CHECK ((level = 'group') = (unit_id = 'group'))`,
    );

    await queryRunner.query(`ALTER TABLE pack_deliveries RENAME COLUMN branch_id TO unit_id`);
    await queryRunner.query(`ALTER TABLE pack_deliveries ADD COLUMN level text NOT NULL DEFAULT 'branch' CHECK (level IN ('branch', 'region', 'group'))`);
    await queryRunner.query(`ALTER TABLE pack_deliveries ALTER COLUMN level DROP DEFAULT`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Only branch subscriptions existed before: the others and their log go.
    await queryRunner.query(`DELETE FROM pack_deliveries WHERE level <> 'branch'`);
    await queryRunner.query(`DELETE FROM pack_subscriptions WHERE level <> 'branch'`);
    await queryRunner.query(`ALTER TABLE pack_deliveries DROP COLUMN level`);
    await queryRunner.query(`ALTER TABLE pack_deliveries RENAME COLUMN unit_id TO branch_id`);
    await queryRunner.query(`ALTER TABLE pack_subscriptions DROP CONSTRAINT pack_subscriptions_group_unit_check`);
    await queryRunner.query(`ALTER TABLE pack_subscriptions DROP CONSTRAINT pack_subscriptions_pack_check`);
    await queryRunner.query(`ALTER TABLE pack_subscriptions ADD CONSTRAINT pack_subscriptions_pack_check CHECK (pack IN ('branch-monthly'))`);
    await queryRunner.query(`ALTER TABLE pack_subscriptions DROP COLUMN time_zone, DROP COLUMN view, DROP COLUMN currency, DROP COLUMN level`);
    await queryRunner.query(`ALTER TABLE pack_subscriptions RENAME COLUMN unit_id TO branch_id`);
  }
}
