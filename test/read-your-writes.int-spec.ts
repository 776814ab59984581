import { bearerFor } from '@app/auth';
import { configureHttpApp, loadPlatformConfig } from '@app/platform-kit';
import { ProjectorRunner, StoreFeedProjectorRunner } from '@app/projections';
import { createTestDatabase, expectEventually, TestDatabase, uniqueId, useTestClickHouse } from '@app/testing';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Server } from 'node:http';
import request from 'supertest';
import { PlatformModule } from '../apps/platform/src/platform.module';

/**
 * Issue #16 item 6 (docs/adr/0018-as-of-marks.md), with the real components in both run modes:
 * a command answers the position of its events; a read with minPosition includes them (the KPI
 * series from the facts, the scorecard and the monthly summary from the KPI month roll-up), or
 * answers 503 PROJECTION_BEHIND when the projector (or the roll-up) does not get there in time;
 * every report states its as-of mark, a roll-up behind the facts its own.
 */

interface AsOf {
  readModel: 'facts' | 'kpi-month-rollup';
  position: string | null;
  recordedAt: string | null;
  lag: { events: number | null; seconds: number | null };
  storeHead: { position: string | null; recordedAt: string | null } | null;
}

// The longest wait the setting allows: the machines that run this suite are shared and slow, and
// a roll-up round (every KPI's SQL) can take seconds there.
const MAX_WAIT_MS = '10000';

const money = (net: string) => ({ currency: 'CNY', net, tax: '0.00', gross: net });

for (const mode of ['embedded', 'kafka'] as const) {
  describe(`read-your-writes and as-of marks (${mode} mode)`, () => {
    let db: TestDatabase;
    let app: INestApplication;
    const saved = { wait: process.env.READ_YOUR_WRITES_MAX_WAIT_MS, interval: process.env.ROLLUP_REFRESH_INTERVAL_MS };
    const branchId = `RW-${uniqueId()}`;
    const http = () => request.agent(app.getHttpServer() as Server).set(bearerFor('head-office', { subject: 'test-head-office' }));
    let sale = 0;

    /** Delivers one new vehicle in January 2026; returns the command's answer. */
    async function deliver(net = '100000.00'): Promise<{ position: string; positions: string[]; eventIds: string[] }> {
      sale++;
      const response = await http()
        .post(`/api/v1/sales/vehicle-sales/${branchId}-${sale}/delivery`)
        .send({
          branchId,
          vin: 'LSVAU2180N2183294',
          model: 'Lavida',
          condition: 'new',
          consultantId: 'E-1',
          occurredAt: '2026-01-10T03:00:00Z',
          invoice: money(net),
          cost: money('90000.00'),
        })
        .expect(201);
      return response.body as { position: string; positions: string[]; eventIds: string[] };
    }

    const seriesUnits = (query: Record<string, string> = {}) =>
      http()
        .get('/api/v1/kpis/units_delivered')
        .query({ from: '2026-01', to: '2026-01', groupBy: 'branch', branchId, currency: 'branch', ...query });
    const scorecard = (query: Record<string, string> = {}) =>
      http()
        .get('/api/v1/scorecard')
        .query({ period: '2026-01', level: 'branch', currency: 'branch', ...query });
    const summary = (query: Record<string, string> = {}) => http().get(`/api/v1/branches/${branchId}/monthly-summary/2026-01`).query(query);

    const unitsIn = (body: unknown) =>
      (body as { points: { unitId: string; value: string | null }[] }).points.find((p) => p.unitId === branchId)?.value ?? null;
    const scorecardUnits = (body: unknown) =>
      (body as { rows: { unitId: string; figures: Record<string, { value: string | null }> }[] }).rows.find((r) => r.unitId === branchId)?.figures
        .units_delivered?.value ?? null;
    const summaryUnits = (body: unknown) =>
      (body as { sections: { rows: { kpiId: string; value: string | null }[] }[] }).sections.flatMap((s) => s.rows).find((r) => r.kpiId === 'units_delivered')
        ?.value ?? null;
    const asOfIn = (body: unknown) => (body as { asOf: AsOf }).asOf;

    beforeAll(async () => {
      process.env.READ_YOUR_WRITES_MAX_WAIT_MS = MAX_WAIT_MS;
      process.env.ROLLUP_REFRESH_INTERVAL_MS = '200';
      db = await createTestDatabase(`ryw_${mode}`);
      useTestClickHouse();
      const kafkaBrokers = mode === 'kafka' ? (process.env.KAFKA_BROKERS ?? '') : undefined;
      if (mode === 'kafka') expect(kafkaBrokers).not.toBe('');
      const config = loadPlatformConfig({ ...process.env, KAFKA_BROKERS: kafkaBrokers, KAFKA_TOPIC_PREFIX: `${uniqueId('t')}.` });
      const moduleRef = await Test.createTestingModule({ imports: [PlatformModule.forRoot({ config, databaseUrl: db.url, kafkaBrokers })] }).compile();
      app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
      configureHttpApp(app, { title: 'test' });
      await app.init();
      await http()
        .post('/api/v1/org/branches')
        .send({ branchId, name: 'Read-your-writes 4S', brands: ['VW'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2025-01-01' })
        .expect(201);
    }, 120_000);

    afterAll(async () => {
      await app?.close();
      await db?.drop();
      process.env.READ_YOUR_WRITES_MAX_WAIT_MS = saved.wait;
      process.env.ROLLUP_REFRESH_INTERVAL_MS = saved.interval;
      if (saved.wait === undefined) delete process.env.READ_YOUR_WRITES_MAX_WAIT_MS;
      if (saved.interval === undefined) delete process.env.ROLLUP_REFRESH_INTERVAL_MS;
    });

    it('answers a command with the positions of its events; a read with that position sees it, without polling figures', async () => {
      const first = await deliver();
      expect(first.positions).toHaveLength(first.eventIds.length);
      expect(first.position).toBe(first.positions[first.positions.length - 1]);
      expect(first.position).toMatch(/^[1-9]\d*$/);

      const series = await seriesUnits({ minPosition: first.position }).expect(200);
      expect(unitsIn(series.body)).toBe('1');
      const seriesAsOf = asOfIn(series.body);
      expect(seriesAsOf.readModel).toBe('facts');
      expect(BigInt(seriesAsOf.position!)).toBeGreaterThanOrEqual(BigInt(first.position));
      expect(series.headers['x-as-of-position']).toBe(seriesAsOf.position);

      // The scorecard and the monthly summary read the KPI month roll-up: they wait for it too, and state its mark.
      const card = await scorecard({ minPosition: first.position }).expect(200);
      expect(scorecardUnits(card.body)).toBe('1');
      expect(asOfIn(card.body)).toMatchObject({ readModel: 'kpi-month-rollup' });
      expect(BigInt(asOfIn(card.body).position!)).toBeGreaterThanOrEqual(BigInt(first.position));

      const second = await deliver();
      const pack = await summary({ minPosition: second.position }).expect(200);
      expect(summaryUnits(pack.body)).toBe('2');
      const packAsOf = asOfIn(pack.body);
      expect(packAsOf.readModel).toBe('kpi-month-rollup');
      expect(BigInt(packAsOf.position!)).toBeGreaterThanOrEqual(BigInt(second.position));
      expect(packAsOf.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(packAsOf.storeHead?.position).toBeTruthy();
      // The page states it too, in the pack's language.
      const page = await summary({ minPosition: second.position, format: 'html', locale: 'zh-CN' }).expect(200);
      expect(page.text).toContain(`<dt>数据截至</dt><dd>事件 #`);
    }, 90_000);

    it('validates minPosition: 400 on garbage, 400 UNKNOWN_POSITION for a position the store does not have', async () => {
      for (const bad of ['abc', '0', '-5', '1.5', '99999999999999999999']) {
        const response = await scorecard({ minPosition: bad }).expect(400);
        expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      }
      await summary({ minPosition: 'x' }).expect(400);
      const unknown = await seriesUnits({ minPosition: '9223372036854775807' }).expect(400);
      expect(unknown.body).toMatchObject({ code: 'UNKNOWN_POSITION' });
    });

    it("reports the projector's and the roll-up's lag on the readiness endpoint, without a token", async () => {
      await expectEventually(async () => {
        const ready = await request(app.getHttpServer() as Server)
          .get('/health/ready')
          .expect(200);
        expect(ready.body).toMatchObject({
          status: 'ready',
          kpiRollupCurrent: true,
          projector: { readModel: 'facts', lag: { events: 0, seconds: 0 } },
          kpiRollup: { readModel: 'kpi-month-rollup', lag: { events: 0, seconds: 0 } },
        });
      });
    });

    it("states the roll-up's own mark while the roll-up lags behind the facts; a roll-up read with a later position is PROJECTION_BEHIND", async () => {
      const refresher = mode === 'embedded' ? app.get(StoreFeedProjectorRunner).rollupRefresher : app.get(ProjectorRunner).rollupRefresher;
      await refresher.stop();
      try {
        const rolledUp = asOfIn((await scorecard().expect(200)).body).position!;
        const third = await deliver();
        // The facts have it at once (a facts read waits for the projector only)…
        const series = await seriesUnits({ minPosition: third.position }).expect(200);
        expect(unitsIn(series.body)).toBe('3');
        // …the roll-up does not: the scorecard says so instead of showing stale figures silently.
        const card = await scorecard().expect(200);
        expect(scorecardUnits(card.body)).toBe('2');
        expect(asOfIn(card.body)).toMatchObject({ readModel: 'kpi-month-rollup', position: rolledUp });
        expect(asOfIn(card.body).lag.events).toBeGreaterThan(0);
        const behind = await scorecard({ minPosition: third.position }).expect(503);
        expect(behind.headers['retry-after']).toBe('2');
        expect(behind.body).toMatchObject({
          statusCode: 503,
          code: 'PROJECTION_BEHIND',
          minPosition: third.position,
          asOf: { readModel: 'kpi-month-rollup', position: rolledUp },
        });
      } finally {
        refresher.start();
      }
      // Running again, the roll-up catches up: a client that retries after Retry-After gets the figures.
      const fourth = await deliver('1.00');
      const caughtUp = await expectEventually(
        async () => {
          const response = await scorecard({ minPosition: fourth.position });
          expect(response.status).toBe(200);
          return response;
        },
        { timeoutMs: 45_000, intervalMs: 2_000 },
      );
      expect(scorecardUnits(caughtUp.body)).toBe('4');
    }, 120_000);

    it('answers PROJECTION_BEHIND, with Retry-After and the current mark, while the projector is stopped', async () => {
      if (mode === 'embedded') await app.get(StoreFeedProjectorRunner).feed.stop();
      else await app.get(ProjectorRunner).consumer.stop();
      const before = asOfIn((await seriesUnits().expect(200)).body).position!;
      const fifth = await deliver();
      const behind = await seriesUnits({ minPosition: fifth.position }).expect(503);
      expect(behind.headers['retry-after']).toBe('2');
      expect(behind.body).toMatchObject({
        statusCode: 503,
        code: 'PROJECTION_BEHIND',
        minPosition: fifth.position,
        asOf: { readModel: 'facts', position: before },
      });
      expect(asOfIn(behind.body).lag.events).toBeGreaterThanOrEqual(1);
      expect((behind.body as { message: string }).message).toContain(fifth.position);
    }, 90_000);
  });
}
