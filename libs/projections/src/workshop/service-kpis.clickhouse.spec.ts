/**
 * The service KPIs on the embedded ClickHouse engine, on DOMAIN.md's worked example (branch SH-01,
 * January 2026) and on the late-data, reopen and consolidation cases around it. Events go through
 * the real projection sink into the 0003 fact tables; the figures come from libs/kpi/src/service.
 * Every embedded-engine test of the service projections lives in this one file (chdb binds one
 * data directory per process).
 */
import { EmbeddedClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { DomainEvent } from '@app/contracts';
import { perVehicleYield, reworkRate, serviceCsi, serviceRevenue, ServiceKpiFilter } from '../../../kpi/src/service';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UniformBranchCalendar } from '../business-date';
import { ClickHouseProjectionSink } from '../clickhouse-projection.sink';
import { ORG_PROJECTIONS } from '../org';
import { SERVICE_PROJECTIONS } from './index';
import { closed, comeback, envelope, RepairOrderInput, reopened, serviceSurvey, shanghai } from './workshop-events.spec-helper';

// ── DOMAIN.md's worked example: branch SH-01 (CNY, region East), January 2026 ──
const RO1: RepairOrderInput = { branchId: 'SH-01', repairOrderId: 'RO-1', intakeVisitId: 'V1', jobType: 'repair', payer: 'customer', openedAt: shanghai('2026-01-03'), closedAt: shanghai('2026-01-04', '17:00'), totals: { mechanical: '600.00', parts: '400.00', soldHours: '2.5', clockedHours: '3', technicianIds: ['T-1'] } };
const RO2: RepairOrderInput = { branchId: 'SH-01', repairOrderId: 'RO-2', intakeVisitId: 'V2', jobType: 'insurance', payer: 'insurance', openedAt: shanghai('2026-01-10'), closedAt: shanghai('2026-01-12', '16:00'), totals: { body: '700.00', paint: '300.00', parts: '500.00', technicianIds: ['T-2'] } };
const RO3: RepairOrderInput = { branchId: 'SH-01', repairOrderId: 'RO-3', intakeVisitId: 'V2', jobType: 'body_paint', payer: 'customer', openedAt: shanghai('2026-01-10'), closedAt: shanghai('2026-01-14', '15:00'), totals: { body: '500.00', technicianIds: ['T-2'] } };
const RO4: RepairOrderInput = { branchId: 'SH-01', repairOrderId: 'RO-4', intakeVisitId: 'V4', jobType: 'pdi', payer: 'internal', openedAt: shanghai('2026-01-15', '08:00'), closedAt: shanghai('2026-01-15', '12:00'), totals: { mechanical: '200.00' } };
const RO5: RepairOrderInput = { branchId: 'SH-01', repairOrderId: 'RO-5', intakeVisitId: 'V3', jobType: 'repair', payer: 'customer', openedAt: shanghai('2026-01-20', '09:00'), closedAt: shanghai('2026-01-21', '18:00'), totals: {}, comebackOf: 'RO-1' };

const org: DomainEvent[] = [
  envelope('RegionDefined', { regionId: 'EAST', name: 'East China' }),
  envelope('RegionDefined', { regionId: 'NORTH', name: 'North China' }),
  envelope('BranchRegionAssigned', { branchId: 'SH-01', regionId: 'EAST', effectiveFrom: '2025-01-01' }, { branchId: 'SH-01' }),
  envelope('BranchRegionAssigned', { branchId: 'BJ-01', regionId: 'NORTH', effectiveFrom: '2025-01-01' }, { branchId: 'BJ-01' }),
  envelope('BranchRegionAssigned', { branchId: 'BJ-02', regionId: 'NORTH', effectiveFrom: '2025-01-01' }, { branchId: 'BJ-02' }),
  // Head office widens the rework window from June on.
  envelope('KpiSettingChanged', { key: 'rework_window_days', value: '45', effectiveFrom: '2026-06-01' }),
];

const overall = (answer: string, min: string, max: string, weight = '1') => ({ questionId: 'overall', answer, min, max, weight, overall: true });

const january: DomainEvent[] = [
  closed(RO1),
  closed(RO2),
  closed(RO3),
  closed(RO4),
  comeback({ branchId: 'SH-01', repairOrderId: 'RO-5', openedAt: RO5.openedAt }, RO1),
  closed(RO5),
  // RO-1's survey on a 0–10 scale, answered in January: 8 → 80.
  serviceSurvey('S-1', RO1, shanghai('2026-01-25'), [overall('8', '0', '10')]),
  // A survey about the PDI RO-4 (score 0) is recorded but left out of service CSI.
  serviceSurvey('S-4', RO4, shanghai('2026-01-26'), [overall('0', '0', '10')]),
];
// RO-2's survey arrives on 9 February, on a 1–5 scale: overall 5 (w 2) → 100, cleanliness 3 (w 1) → 50.
const februarySurvey = serviceSurvey('S-2', RO2, shanghai('2026-02-09'), [
  overall('5', '1', '5', '2'),
  { questionId: 'cleanliness', answer: '3', min: '1', max: '5', weight: '1', overall: false },
]);

const sh01 = { fromMonth: '2026-01', toMonth: '2026-01', branchIds: ['SH-01'] } satisfies ServiceKpiFilter;

describe('service KPIs on the embedded ClickHouse engine', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kpi-service-ch-'));
  let client: EmbeddedClickHouseClient;
  let sink: ClickHouseProjectionSink;

  const figures = async () => ({
    revenue: await serviceRevenue(client, sh01),
    yield: await perVehicleYield(client, sh01),
    rework: await reworkRate(client, { ...sh01, now: shanghai('2026-03-03', '09:00'), timeZone: 'Asia/Shanghai' }),
    csi: await serviceCsi(client, sh01),
  });

  beforeAll(async () => {
    client = await EmbeddedClickHouseClient.open({ dataDir, database: 'service_spec' });
    await runClickHouseMigrations(client, MIGRATIONS_DIR, { logger: { log: () => undefined, warn: () => undefined } });
    sink = new ClickHouseProjectionSink(client, [...ORG_PROJECTIONS, ...SERVICE_PROJECTIONS], { calendar: new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 }) });
    expect(await sink.write([...org, ...january])).toEqual({ rejected: [] });
  });

  afterAll(async () => {
    await client?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('the worked example (SH-01, January 2026)', () => {
    it('service revenue = 1,000 + 1,500 + 500 + 0 = 3,000.00; the PDI RO-4 is left out', async () => {
      const [row, ...others] = await serviceRevenue(client, sh01);
      expect(others).toEqual([]);
      expect(row).toMatchObject({
        grain: 'branch',
        unitId: 'SH-01',
        month: '2026-01',
        segment: 'all',
        currency: 'CNY',
        totalNet: '3000.00',
        labourNet: '2100.00',
        labourMechanicalNet: '600.00',
        labourBodyNet: '1200.00',
        labourPaintNet: '300.00',
        partsNet: '900.00',
        subletNet: '0.00',
        totalTax: '390.00',
        totalGross: '3390.00',
        soldHours: '2.50',
        clockedHours: '3.00',
      });
      const bySegment = await serviceRevenue(client, { ...sh01, bySegment: true });
      expect(bySegment.map((r) => [r.segment, r.totalNet])).toEqual([
        ['customer', '1500.00'],
        ['insurance', '1500.00'],
      ]);
    });

    it('intakes = 3 (V1, V2, V3) and per-vehicle yield = 1,000.00; per segment too', async () => {
      const rows = await perVehicleYield(client, sh01);
      expect(rows.map((r) => [r.segment, r.revenueNet, r.intakes, r.closedRepairOrders, r.yieldNet])).toEqual([
        ['all', '3000.00', 3, 4, '1000.00'],
        // V2 was split into an insurance RO and a customer body RO: once in each segment, once overall.
        ['customer', '1500.00', 3, 3, '500.00'],
        ['insurance', '1500.00', 1, 1, '1500.00'],
      ]);
    });

    it('rework rate = 1 ÷ 4 closed ROs (RO-1, 2, 3, 5) = 25.00 %, provisional until 2 March, not on 3 March', async () => {
      const at = (now: string) => reworkRate(client, { ...sh01, now, timeZone: 'Asia/Shanghai' });
      const onSecond = await at(shanghai('2026-03-02', '23:59'));
      expect(onSecond).toEqual([
        { grain: 'branch', unitId: 'SH-01', month: '2026-01', closedRepairOrders: 4, comebacks: 1, ratePercent: '25.00', windowDays: 30, provisionalUntil: '2026-03-02', provisional: true },
      ]);
      const onThird = await at(shanghai('2026-03-03', '00:00'));
      expect(onThird).toEqual([{ ...onSecond[0], provisional: false }]);
    });

    it('CSI = 80.00 before the February survey lands (1 response of 4 closed ROs, no top box)', async () => {
      expect(await serviceCsi(client, sh01)).toEqual([
        { grain: 'branch', unitId: 'SH-01', month: '2026-01', source: 'all', responses: 1, scoreSum: '80.000000', csi: '80.00', closedRepairOrders: 4, responseRatePercent: '25.00', topBoxResponses: 0, topBoxPercent: '0.00' },
      ]);
    });

    it('CSI = mean(80.0, 83.333333) = 81.67 once the survey of 9 February restates January; February gets nothing', async () => {
      expect(await sink.write([februarySurvey])).toEqual({ rejected: [] });
      expect(await serviceCsi(client, { ...sh01, toMonth: '2026-02' })).toEqual([
        { grain: 'branch', unitId: 'SH-01', month: '2026-01', source: 'all', responses: 2, scoreSum: '163.333333', csi: '81.67', closedRepairOrders: 4, responseRatePercent: '50.00', topBoxResponses: 1, topBoxPercent: '50.00' },
      ]);
    });

    it('redelivering the same batches (org, January, the late survey) changes no figure', async () => {
      const before = await figures();
      expect(await sink.write([...org, ...january, februarySurvey])).toEqual({ rejected: [] });
      expect(await sink.write(january)).toEqual({ rejected: [] });
      const after = await figures();
      expect(after).toEqual(before);
      expect(after.revenue[0]?.totalNet).toBe('3000.00');
      expect(after.yield[0]?.yieldNet).toBe('1000.00');
      expect(after.rework[0]?.ratePercent).toBe('25.00');
      expect(after.csi[0]?.csi).toBe('81.67');
      // FINAL reads one row per event, however often it was written.
      await expect(client.query("SELECT count() AS n FROM fact_service_revenue FINAL WHERE branch_id = 'SH-01'")).resolves.toEqual([{ n: '5' }]);
    });
  });

  describe('late comebacks (SH-02)', () => {
    const A: RepairOrderInput = { branchId: 'SH-02', repairOrderId: 'A', intakeVisitId: 'VA', jobType: 'maintenance', payer: 'customer', openedAt: shanghai('2026-01-28', '08:00'), closedAt: shanghai('2026-01-28', '18:00'), totals: { mechanical: '300.00' } };
    const C: RepairOrderInput = { branchId: 'SH-02', repairOrderId: 'C', intakeVisitId: 'VC', jobType: 'repair', payer: 'customer', openedAt: shanghai('2026-01-05', '08:00'), closedAt: shanghai('2026-01-05', '18:00'), totals: { mechanical: '100.00' } };
    const B: RepairOrderInput = { branchId: 'SH-02', repairOrderId: 'B', intakeVisitId: 'VB', jobType: 'repair', payer: 'customer', openedAt: shanghai('2026-02-03'), closedAt: shanghai('2026-02-05'), totals: {}, comebackOf: 'A' };
    const jan = { fromMonth: '2026-01', toMonth: '2026-02', branchIds: ['SH-02'], now: shanghai('2026-05-01'), timeZone: 'Asia/Shanghai' };

    it('a comeback registered in February is charged to the original RO\u2019s January; one opened after W days is not counted', async () => {
      expect(await sink.write([closed(A), closed(C)])).toEqual({ rejected: [] });
      expect((await reworkRate(client, jan)).map((r) => [r.month, r.closedRepairOrders, r.comebacks, r.ratePercent])).toEqual([['2026-01', 2, 0, '0.00']]);
      // B (opened 3 Feb, 6 days after A's close) comes back for A; D (opened 10 Feb, 36 days after C's close) for C: outside W = 30.
      expect(
        await sink.write([
          comeback({ branchId: 'SH-02', repairOrderId: 'B', openedAt: B.openedAt }, A),
          closed(B),
          comeback({ branchId: 'SH-02', repairOrderId: 'D', openedAt: shanghai('2026-02-10') }, C),
        ]),
      ).toEqual({ rejected: [] });
      expect((await reworkRate(client, jan)).map((r) => [r.month, r.closedRepairOrders, r.comebacks, r.ratePercent, r.provisional])).toEqual([
        ['2026-01', 2, 1, '50.00', false],
        ['2026-02', 1, 0, '0.00', false],
      ]);
    });

    it('uses the rework window in force on the original close date (45 days from June)', async () => {
      const J: RepairOrderInput = { branchId: 'SH-02', repairOrderId: 'J', intakeVisitId: 'VJ', jobType: 'repair', payer: 'customer', openedAt: shanghai('2026-06-01', '08:00'), closedAt: shanghai('2026-06-01', '18:00'), totals: { mechanical: '100.00' } };
      expect(await sink.write([closed(J), comeback({ branchId: 'SH-02', repairOrderId: 'K', openedAt: shanghai('2026-07-11') }, J)])).toEqual({ rejected: [] });
      const june = await reworkRate(client, { fromMonth: '2026-06', toMonth: '2026-06', branchIds: ['SH-02'], now: shanghai('2026-08-14', '12:00'), timeZone: 'Asia/Shanghai' });
      expect(june).toEqual([
        { grain: 'branch', unitId: 'SH-02', month: '2026-06', closedRepairOrders: 1, comebacks: 1, ratePercent: '100.00', windowDays: 45, provisionalUntil: '2026-08-14', provisional: true },
      ]);
    });
  });

  describe('reopen and re-close (SH-03)', () => {
    const X: RepairOrderInput = { branchId: 'SH-03', repairOrderId: 'X', intakeVisitId: 'VX', jobType: 'repair', payer: 'customer', openedAt: shanghai('2026-01-19'), closedAt: shanghai('2026-01-20'), totals: { mechanical: '600.00', parts: '400.00' } };
    const X2: RepairOrderInput = { ...X, closeSequence: 2, closedAt: shanghai('2026-02-08'), totals: { mechanical: '800.00', parts: '400.00' } };
    const Y: RepairOrderInput = { branchId: 'SH-03', repairOrderId: 'Y', intakeVisitId: 'VY', jobType: 'repair', payer: 'customer', openedAt: shanghai('2026-02-09'), closedAt: shanghai('2026-02-10'), totals: { mechanical: '300.00' } };
    const range = { fromMonth: '2026-01', toMonth: '2026-02', branchIds: ['SH-03'] } satisfies ServiceKpiFilter;

    it('the reopen reverses the January close on its own February date; the re-close recognises the new totals in February; January stays', async () => {
      expect(await sink.write([closed(X), reopened(X, shanghai('2026-02-05')), closed(X2), closed(Y), reopened(Y, shanghai('2026-02-11'))])).toEqual({ rejected: [] });
      expect((await serviceRevenue(client, range)).map((r) => [r.month, r.totalNet, r.labourNet, r.partsNet])).toEqual([
        ['2026-01', '1000.00', '600.00', '400.00'],
        // −1,000 (reopen of X) + 1,200 (re-close of X) + 300 − 300 (Y closed and reopened in February) = 200.
        ['2026-02', '200.00', '200.00', '0.00'],
      ]);
      // Yield and rework count the ROs closed in the month: X in January (1,000) and X again in
      // February at its new totals (1,200); Y, reopened in the same month and not closed again, is not closed in February.
      expect((await perVehicleYield(client, range)).filter((r) => r.segment === 'all').map((r) => [r.month, r.revenueNet, r.intakes, r.yieldNet])).toEqual([
        ['2026-01', '1000.00', 1, '1000.00'],
        ['2026-02', '1200.00', 1, '1200.00'],
      ]);
      expect((await reworkRate(client, { ...range, now: shanghai('2026-12-31') })).map((r) => [r.month, r.closedRepairOrders])).toEqual([
        ['2026-01', 1],
        ['2026-02', 1],
      ]);
    });
  });

  describe('a region (NORTH: BJ-01 and BJ-02)', () => {
    const ro = (branchId: string, id: string, day: string): RepairOrderInput => ({ branchId, repairOrderId: id, intakeVisitId: `V-${id}`, jobType: 'repair', payer: 'customer', openedAt: shanghai(day, '08:00'), closedAt: shanghai(day, '18:00'), totals: { mechanical: '100.00' } });
    const small = ro('BJ-01', 'BJ1-1', '2026-01-06');
    const big = ['2026-01-07', '2026-01-08', '2026-01-09', '2026-01-10'].map((d, i) => ro('BJ-02', `BJ2-${i}`, d));

    it('rework rate is Σ comebacks ÷ Σ closed ROs = 1 ÷ 5 = 20.00 %, not the mean of 100 % and 0 %', async () => {
      expect(await sink.write([closed(small), ...big.map(closed), comeback({ branchId: 'BJ-01', repairOrderId: 'BJ1-CB', openedAt: shanghai('2026-01-12') }, small)])).toEqual({ rejected: [] });
      const filter = { fromMonth: '2026-01', toMonth: '2026-01', branchIds: ['BJ-01', 'BJ-02'], now: shanghai('2026-06-01'), timeZone: 'Asia/Shanghai' };
      expect((await reworkRate(client, filter)).map((r) => [r.unitId, r.closedRepairOrders, r.comebacks, r.ratePercent])).toEqual([
        ['BJ-01', 1, 1, '100.00'],
        ['BJ-02', 4, 0, '0.00'],
      ]);
      expect((await reworkRate(client, { ...filter, branchIds: [], grain: 'region', regionIds: ['NORTH'] })).map((r) => [r.grain, r.unitId, r.closedRepairOrders, r.comebacks, r.ratePercent])).toEqual([
        ['region', 'NORTH', 5, 1, '20.00'],
      ]);
      // The same for money: the region's yield is Σ revenue ÷ Σ intakes.
      expect((await perVehicleYield(client, { ...filter, branchIds: [], grain: 'region', regionIds: ['NORTH'] })).filter((r) => r.segment === 'all').map((r) => [r.unitId, r.revenueNet, r.intakes, r.yieldNet])).toEqual([
        ['NORTH', '500.00', 5, '100.00'],
      ]);
      expect((await serviceRevenue(client, { fromMonth: '2026-01', toMonth: '2026-01', grain: 'region' })).map((r) => [r.unitId, r.totalNet])).toEqual([
        ['', '1400.00'],
        ['EAST', '3000.00'],
        ['NORTH', '500.00'],
      ]);
    });
  });
});
