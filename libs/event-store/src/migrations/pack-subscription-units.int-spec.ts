import { createTestDatabase, TestDatabase } from '@app/testing';
import { DataSource } from 'typeorm';
import { eventStoreDataSourceOptions } from '../data-source';
import { EVENT_STORE_MIGRATIONS } from './index';

/**
 * Migration 1765200000000 (region and group pack subscriptions, docs/adr/0023-scheduled-pack-delivery.md):
 * a branch subscription and its log written before it stay valid as branch ones, sent as before
 * (the branch's currency, restated, the branch's time zone); down restores the old columns.
 */
describe('migration AddPackSubscriptionUnits1765200000000', () => {
  let db: TestDatabase;
  const open = async (migrations: unknown[]): Promise<DataSource> =>
    new DataSource({ ...eventStoreDataSourceOptions({ url: db.url, poolSize: 2 }), migrations: migrations as never }).initialize();

  beforeAll(async () => {
    db = await createTestDatabase('pack_units');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('backfills existing subscriptions and deliveries as branch ones, and new checks hold', async () => {
    const last = EVENT_STORE_MIGRATIONS.findIndex((m) => m.name === 'AddPackSubscriptionUnits1765200000000');
    expect(last).toBe(EVENT_STORE_MIGRATIONS.length - 1);
    const before = await open(EVENT_STORE_MIGRATIONS.slice(0, last));
    await before.runMigrations();
    const user = '11111111-1111-4111-8111-111111111111';
    const sub = '22222222-2222-4222-8222-222222222222';
    await before.query(
      `INSERT INTO users (id, username, display_name, password_hash, role, branches, created_by, updated_by) VALUES ($1, 'wang', 'Wang', 'x', 'branch-manager', '{SH-01}', 't', 't')`,
      [user],
    );
    await before.query(
      `INSERT INTO pack_subscriptions (id, recipient_user_id, email, pack, branch_id, formats, locale, schedule_kind, business_day, created_by, updated_by)
       VALUES ($1, $2, 'wang@dealer.example', 'branch-monthly', 'SH-01', '{pdf,xlsx}', 'zh-CN', 'monthly', 3, 't', 't')`,
      [sub, user],
    );
    await before.query(
      `INSERT INTO pack_deliveries (subscription_id, period_key, period, due_at, recipient_user_id, email, branch_id, next_attempt_at)
       VALUES ($1, 'monthly:2026-11', '2026-11', now(), $2, 'wang@dealer.example', 'SH-01', now())`,
      [sub, user],
    );
    await before.destroy();

    const after = await open(EVENT_STORE_MIGRATIONS);
    try {
      await after.runMigrations();
      expect(await after.query(`SELECT pack, level, unit_id, currency, view, time_zone FROM pack_subscriptions`)).toEqual([
        { pack: 'branch-monthly', level: 'branch', unit_id: 'SH-01', currency: 'branch', view: 'restated', time_zone: null },
      ]);
      expect(await after.query(`SELECT level, unit_id, period_key FROM pack_deliveries`)).toEqual([
        { level: 'branch', unit_id: 'SH-01', period_key: 'monthly:2026-11' },
      ]);
      const insert = (pack: string, level: string, unitId: string) =>
        after.query(
          `INSERT INTO pack_subscriptions (id, recipient_user_id, email, pack, level, unit_id, currency, view, formats, locale, schedule_kind, weekday, created_by, updated_by)
           VALUES (gen_random_uuid(), $1, 'a@dealer.example', $2, $3, $4, 'group', 'restated', '{pdf}', 'en', 'weekly', 1, 't', 't')`,
          [user, pack, level, unitId],
        );
      await insert('group-monthly', 'group', 'group');
      await insert('region-monthly', 'region', 'EAST');
      // The pack is the level's; the group's unit is `group`, nobody else's.
      await expect(insert('branch-monthly', 'region', 'EAST')).rejects.toThrow(/pack_subscriptions_pack_check/);
      await expect(insert('group-monthly', 'group', 'EAST')).rejects.toThrow(/pack_subscriptions_group_unit_check/);
      await expect(insert('region-monthly', 'region', 'group')).rejects.toThrow(/pack_subscriptions_group_unit_check/);

      // Down: the branch subscription and its log are kept under the old columns, the others go.
      await after.undoLastMigration();
      expect(await after.query(`SELECT branch_id, pack FROM pack_subscriptions`)).toEqual([{ branch_id: 'SH-01', pack: 'branch-monthly' }]);
      expect(await after.query(`SELECT branch_id FROM pack_deliveries`)).toEqual([{ branch_id: 'SH-01' }]);
    } finally {
      await after.destroy();
    }
  });
});
