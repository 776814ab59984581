/**
 * The service KPIs on the embedded ClickHouse engine, on DOMAIN.md's worked example (branch SH-01,
 * January 2026) and on the late-data, reopen and consolidation cases around it. Events go through
 * the real projection sink into the 0003 fact tables; the figures come from libs/kpi/src/service.
 * Every embedded-engine test of the service projections lives in this one file (chdb binds one
 * data directory per process).
 */
import { EmbeddedClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { DomainEvent } from '@app/contracts';
import {
  complaintResolutionDays,
  complaints,
  effectiveLabourRate,
  followUpWithin3WorkingDays,
  hoursSold,
  perVehicleYield,
  reworkRate,
  salesCsi,
  serviceCsi,
  serviceRevenue,
  ServiceKpiFilter,
  technicianEfficiency,
  warrantyApprovalRate,
} from '../../../kpi/src/service';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UniformBranchCalendar } from '../business-date';
import { ClickHouseProjectionSink } from '../clickhouse-projection.sink';
import { ORG_PROJECTIONS } from '../org';
import { vehicleSalesProjection } from '../vehicle-sales.projection';
import { SERVICE_PROJECTIONS } from './index';
import {
  closed,
  comeback,
  complaintLogged,
  complaintResolved,
  envelope,
  labourLine,
  RepairOrderInput,
  reopened,
  salesSurvey,
  serviceSurvey,
  shanghai,
  vehicleDelivered,
  vehicleReturned,
  warrantyDecided,
} from './workshop-events.spec-helper';

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
    sink = new ClickHouseProjectionSink(client, [...ORG_PROJECTIONS, ...SERVICE_PROJECTIONS, vehicleSalesProjection], { calendar: new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 }) });
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

  // ── Hours sold, effective labour rate and technician efficiency (GZ-01 and GZ-02 in region SOUTH, March–April 2026) ──
  describe('hours sold, effective labour rate, technician efficiency (GZ-01, GZ-02)', () => {
    const ro = (branchId: string, id: string, jobType: RepairOrderInput['jobType'], payer: RepairOrderInput['payer'], openedAt: string, closedAt: string, totals: RepairOrderInput['totals']): RepairOrderInput => ({
      branchId,
      repairOrderId: id,
      intakeVisitId: `V-${id}`,
      jobType,
      payer,
      openedAt,
      closedAt,
      totals,
    });
    // R1: T-A 2.0 sold / 1.5 clocked (400.00), T-B 1.0 / 1.0 (200.00); closed 5 April.
    const R1 = ro('GZ-01', 'GZ-R1', 'repair', 'customer', shanghai('2026-04-04'), shanghai('2026-04-05'), { mechanical: '600.00', soldHours: '3', clockedHours: '2.5', technicianIds: ['T-A', 'T-B'] });
    // R2: T-B 2.5 / 3.0 body (500.00); closed 8 April.
    const R2 = ro('GZ-01', 'GZ-R2', 'body_paint', 'customer', shanghai('2026-04-06'), shanghai('2026-04-08'), { body: '500.00', soldHours: '2.5', clockedHours: '3', technicianIds: ['T-B'] });
    // R3: PDI, T-A 1.0 / 1.0 (100.00): excluded.
    const R3 = ro('GZ-01', 'GZ-R3', 'pdi', 'internal', shanghai('2026-04-09', '08:00'), shanghai('2026-04-09', '12:00'), { mechanical: '100.00', soldHours: '1', clockedHours: '1', technicianIds: ['T-A'] });
    // R4: T-A 1.0 / 2.0 (180.00), closed 30 March; reopened 12 April; T-C adds 0.5 / 0.5 (90.00); closed again 15 April.
    const R4 = ro('GZ-01', 'GZ-R4', 'repair', 'customer', shanghai('2026-03-28'), shanghai('2026-03-30'), { mechanical: '180.00', soldHours: '1', clockedHours: '2', technicianIds: ['T-A'] });
    const R4again: RepairOrderInput = { ...R4, closeSequence: 2, closedAt: shanghai('2026-04-15'), totals: { mechanical: '270.00', soldHours: '1.5', clockedHours: '2.5', technicianIds: ['T-A', 'T-C'] } };
    // R5 at GZ-02: T-D 2.0 / 4.0 (300.00), closed 20 April.
    const R5 = ro('GZ-02', 'GZ2-R5', 'repair', 'customer', shanghai('2026-04-19'), shanghai('2026-04-20'), { mechanical: '300.00', soldHours: '2', clockedHours: '4', technicianIds: ['T-D'] });
    const gz01 = { fromMonth: '2026-03', toMonth: '2026-04', branchIds: ['GZ-01'] } satisfies ServiceKpiFilter;
    const south = { fromMonth: '2026-04', toMonth: '2026-04', grain: 'region', regionIds: ['SOUTH'] } satisfies ServiceKpiFilter;

    beforeAll(async () => {
      // Built in order: every line is posted (lower global position) before the close that recognises it.
      const events = [
        envelope('RegionDefined', { regionId: 'SOUTH', name: 'South China' }),
        envelope('BranchRegionAssigned', { branchId: 'GZ-01', regionId: 'SOUTH', effectiveFrom: '2025-01-01' }, { branchId: 'GZ-01' }),
        envelope('BranchRegionAssigned', { branchId: 'GZ-02', regionId: 'SOUTH', effectiveFrom: '2025-01-01' }, { branchId: 'GZ-02' }),
        labourLine(R4, { lineId: 'L1', technicianId: 'T-A', soldHours: '1', clockedHours: '2', net: '180.00', postedAt: shanghai('2026-03-29') }),
        closed(R4),
        labourLine(R1, { lineId: 'L1', technicianId: 'T-A', soldHours: '2', clockedHours: '1.5', net: '400.00', postedAt: shanghai('2026-04-04', '11:00') }),
        labourLine(R1, { lineId: 'L2', technicianId: 'T-B', soldHours: '1', clockedHours: '1', net: '200.00', postedAt: shanghai('2026-04-04', '12:00') }),
        closed(R1),
        labourLine(R2, { lineId: 'L1', technicianId: 'T-B', soldHours: '2.5', clockedHours: '3', net: '500.00', postedAt: shanghai('2026-04-07'), category: 'body' }),
        closed(R2),
        labourLine(R3, { lineId: 'L1', technicianId: 'T-A', soldHours: '1', clockedHours: '1', net: '100.00', postedAt: shanghai('2026-04-09', '09:00') }),
        closed(R3),
        reopened(R4, shanghai('2026-04-12')),
        labourLine(R4, { lineId: 'L2', technicianId: 'T-C', soldHours: '0.5', clockedHours: '0.5', net: '90.00', postedAt: shanghai('2026-04-13') }),
        closed(R4again),
        labourLine(R5, { lineId: 'L1', technicianId: 'T-D', soldHours: '2', clockedHours: '4', net: '300.00', postedAt: shanghai('2026-04-19', '15:00') }),
        closed(R5),
      ];
      expect(await sink.write(events)).toEqual({ rejected: [] });
    });

    it('hours sold: March 1.0 (R4); April 3.0 + 2.5 − 1.0 (R4 reopened) + 1.5 (R4 re-closed) = 6.0, the PDI R3 left out', async () => {
      expect(await hoursSold(client, gz01)).toEqual([
        { grain: 'branch', unitId: 'GZ-01', month: '2026-03', soldHours: '1.00', clockedHours: '2.00' },
        { grain: 'branch', unitId: 'GZ-01', month: '2026-04', soldHours: '6.00', clockedHours: '6.00' },
      ]);
    });

    it('effective labour rate: March 180.00 ÷ 1.0 = 180.00; April (600 + 500 − 180 + 270) ÷ 6.0 = 1,190.00 ÷ 6 = 198.33', async () => {
      expect(await effectiveLabourRate(client, gz01)).toEqual([
        { grain: 'branch', unitId: 'GZ-01', month: '2026-03', currency: 'CNY', labourNet: '180.00', soldHours: '1.00', ratePerHour: '180.00' },
        { grain: 'branch', unitId: 'GZ-01', month: '2026-04', currency: 'CNY', labourNet: '1190.00', soldHours: '6.00', ratePerHour: '198.33' },
      ]);
      // Region SOUTH in April: (1,190 + 300) ÷ (6.0 + 2.0) = 186.25, Σ ÷ Σ.
      expect((await effectiveLabourRate(client, south)).map((r) => [r.unitId, r.labourNet, r.soldHours, r.ratePerHour])).toEqual([['SOUTH', '1490.00', '8.00', '186.25']]);
    });

    it('technician efficiency per branch (sold ÷ clocked: April 6.0 ÷ 6.0 = 100 %) and per technician from the lines each close recognises', async () => {
      expect((await technicianEfficiency(client, gz01)).map((r) => [r.month, r.technicianId, r.soldHours, r.clockedHours, r.efficiencyPercent])).toEqual([
        ['2026-03', 'all', '1.00', '2.00', '50.00'],
        ['2026-04', 'all', '6.00', '6.00', '100.00'],
      ]);
      // April: T-A 2.0/1.5 (R1) − 1.0/2.0 (R4's March close reversed) + 1.0/2.0 (re-close) = 2.0/1.5 → 133.33 %;
      // T-B 1.0/1.0 + 2.5/3.0 = 3.5/4.0 → 87.50 %; T-C 0.5/0.5 (line posted after the reopen) → 100 %; R3's PDI hours nowhere.
      expect((await technicianEfficiency(client, { ...gz01, byTechnician: true })).map((r) => [r.month, r.technicianId, r.soldHours, r.clockedHours, r.efficiencyPercent])).toEqual([
        ['2026-03', 'T-A', '1.00', '2.00', '50.00'],
        ['2026-04', 'T-A', '2.00', '1.50', '133.33'],
        ['2026-04', 'T-B', '3.50', '4.00', '87.50'],
        ['2026-04', 'T-C', '0.50', '0.50', '100.00'],
      ]);
      // Region SOUTH in April: (6.0 + 2.0) ÷ (6.0 + 4.0) = 80.00 %, not the mean of 100 % and 50 %; T-D 50 %.
      expect((await technicianEfficiency(client, south)).map((r) => [r.unitId, r.technicianId, r.soldHours, r.clockedHours, r.efficiencyPercent])).toEqual([['SOUTH', 'all', '8.00', '10.00', '80.00']]);
      expect((await technicianEfficiency(client, { ...south, byTechnician: true })).map((r) => [r.unitId, r.technicianId, r.efficiencyPercent])).toEqual([
        ['SOUTH', 'T-A', '133.33'],
        ['SOUTH', 'T-B', '87.50'],
        ['SOUTH', 'T-C', '100.00'],
        ['SOUTH', 'T-D', '50.00'],
      ]);
    });
  });

  describe('warranty approval rate (GZ-01)', () => {
    it('10 claims decided in April: 7 approved, 1 partially, 2 rejected = 80.00 %; one decided in May counts in May', async () => {
      const decisions = [
        ...['W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W7'].map((id, i) => warrantyDecided('GZ-01', id, 'approved', shanghai(`2026-04-${String(10 + i)}`))),
        warrantyDecided('GZ-01', 'W8', 'partially_approved', shanghai('2026-04-20')),
        warrantyDecided('GZ-01', 'W9', 'rejected', shanghai('2026-04-21')),
        warrantyDecided('GZ-01', 'W10', 'rejected', shanghai('2026-04-30', '23:30')),
        warrantyDecided('GZ-01', 'W11', 'rejected', shanghai('2026-05-01', '00:30')),
      ];
      expect(await sink.write(decisions)).toEqual({ rejected: [] });
      expect(await sink.write(decisions.slice(0, 3))).toEqual({ rejected: [] });
      expect(await warrantyApprovalRate(client, { fromMonth: '2026-04', toMonth: '2026-05', branchIds: ['GZ-01'] })).toEqual([
        { grain: 'branch', unitId: 'GZ-01', month: '2026-04', decided: 10, approved: 7, partiallyApproved: 1, rejected: 2, approvalRatePercent: '80.00' },
        { grain: 'branch', unitId: 'GZ-01', month: '2026-05', decided: 1, approved: 0, partiallyApproved: 0, rejected: 1, approvalRatePercent: '0.00' },
      ]);
      expect((await warrantyApprovalRate(client, { fromMonth: '2026-04', toMonth: '2026-04', grain: 'region', regionIds: ['SOUTH'] })).map((r) => [r.unitId, r.decided, r.approvalRatePercent])).toEqual([['SOUTH', 10, '80.00']]);
    });
  });

  describe('complaints and resolution time (GZ-01)', () => {
    it('counts complaints on the logging date; resolution time is the mean of 1.5 and 4.5 days = 3.00 over those resolved in April', async () => {
      const c1 = shanghai('2026-04-02', '10:00');
      const c2 = shanghai('2026-04-03', '08:00');
      const c3 = shanghai('2026-03-30', '20:00');
      expect(
        await sink.write([
          complaintLogged('GZ-01', 'C3', 'sales', c3),
          complaintLogged('GZ-01', 'C1', 'service', c1),
          complaintLogged('GZ-01', 'C2', 'service', c2),
          // C1: 2 Apr 10:00 → 3 Apr 22:00 = 1.5 days; C3: 30 Mar 20:00 → 4 Apr 08:00 = 4.5 days; C2 resolved in May.
          complaintResolved('GZ-01', 'C1', 'service', c1, shanghai('2026-04-03', '22:00')),
          complaintResolved('GZ-01', 'C3', 'sales', c3, shanghai('2026-04-04', '08:00')),
          complaintResolved('GZ-01', 'C2', 'service', c2, shanghai('2026-05-02', '14:00')),
        ]),
      ).toEqual({ rejected: [] });
      const range = { fromMonth: '2026-03', toMonth: '2026-05', branchIds: ['GZ-01'] } satisfies ServiceKpiFilter;
      expect((await complaints(client, range)).map((r) => [r.month, r.kind, r.complaints])).toEqual([
        ['2026-03', 'all', 1],
        ['2026-04', 'all', 2],
      ]);
      expect(await complaintResolutionDays(client, range)).toEqual([
        { grain: 'branch', unitId: 'GZ-01', month: '2026-04', kind: 'all', resolved: 2, totalDays: '6.000000', meanDays: '3.00' },
        // 3 Apr 08:00 → 2 May 14:00 = 29.25 days.
        { grain: 'branch', unitId: 'GZ-01', month: '2026-05', kind: 'all', resolved: 1, totalDays: '29.250000', meanDays: '29.25' },
      ]);
      expect((await complaintResolutionDays(client, { ...range, toMonth: '2026-04', byKind: true })).map((r) => [r.kind, r.resolved, r.meanDays])).toEqual([
        ['sales', 1, '4.50'],
        ['service', 1, '1.50'],
      ]);
    });
  });

  describe('sales CSI (GZ-01)', () => {
    it('mean of 90 and 70 = 80.00 over 4 April deliveries (a return is not a delivery); a late survey restates April', async () => {
      const deliveries = ['VS-1', 'VS-2', 'VS-3', 'VS-4'].map((id, i) => vehicleDelivered('GZ-01', id, shanghai(`2026-04-${String(10 + i)}`)));
      const [d1, d2, d3] = deliveries as [DomainEvent, DomainEvent, DomainEvent, DomainEvent];
      const may = vehicleDelivered('GZ-01', 'VS-5', shanghai('2026-05-06'));
      expect(
        await sink.write([
          ...deliveries,
          vehicleReturned('GZ-01', d1, shanghai('2026-04-25')),
          may,
          salesSurvey('SS-1', 'GZ-01', 'VS-1', d1.occurredAt, shanghai('2026-04-20'), [overall('9', '0', '10')]),
          salesSurvey('SS-2', 'GZ-01', 'VS-2', d2.occurredAt, shanghai('2026-04-28'), [overall('7', '0', '10')]),
        ]),
      ).toEqual({ rejected: [] });
      const range = { fromMonth: '2026-04', toMonth: '2026-05', branchIds: ['GZ-01'] } satisfies ServiceKpiFilter;
      expect(await salesCsi(client, range)).toEqual([
        { grain: 'branch', unitId: 'GZ-01', month: '2026-04', source: 'all', responses: 2, scoreSum: '160.000000', csi: '80.00', deliveries: 4, responseRatePercent: '50.00', topBoxResponses: 0, topBoxPercent: '0.00' },
        { grain: 'branch', unitId: 'GZ-01', month: '2026-05', source: 'all', responses: 0, scoreSum: '0.000000', csi: null, deliveries: 1, responseRatePercent: '0.00', topBoxResponses: 0, topBoxPercent: null },
      ]);
      // VS-3's survey arrives in June, 10 of 10 (top box): April becomes (90 + 70 + 100) ÷ 3 = 86.67, 3 of 4 = 75 %, top box 1 of 3.
      expect(await sink.write([salesSurvey('SS-3', 'GZ-01', 'VS-3', d3.occurredAt, shanghai('2026-06-02'), [overall('10', '0', '10')])])).toEqual({ rejected: [] });
      expect((await salesCsi(client, { ...range, toMonth: '2026-06' }))[0]).toEqual({
        grain: 'branch',
        unitId: 'GZ-01',
        month: '2026-04',
        source: 'all',
        responses: 3,
        scoreSum: '260.000000',
        csi: '86.67',
        deliveries: 4,
        responseRatePercent: '75.00',
        topBoxResponses: 1,
        topBoxPercent: '33.33',
      });
      expect((await salesCsi(client, { ...range, toMonth: '2026-04', bySource: true })).map((r) => [r.source, r.responses, r.csi])).toEqual([['oem_survey', 3, '86.67']]);
      // Service CSI is not disturbed by sales surveys.
      expect(await serviceCsi(client, { ...range, toMonth: '2026-04' })).toEqual([expect.objectContaining({ month: '2026-04', responses: 0, closedRepairOrders: 3 })]);
    });
  });

  // ── Follow-up within 3 working days (WH-01 and WH-02 in region CENTRAL, February 2026) ──
  describe('follow-up within 3 working days (WH-01, WH-02)', () => {
    const ro = (branchId: string, id: string, jobType: RepairOrderInput['jobType'] = 'repair', payer: RepairOrderInput['payer'] = 'customer'): RepairOrderInput => ({
      branchId,
      repairOrderId: id,
      intakeVisitId: `V-${id}`,
      jobType,
      payer,
      openedAt: shanghai('2026-02-12'),
      // Friday 13 February 2026.
      closedAt: shanghai('2026-02-13', '17:00'),
      totals: { mechanical: '100.00' },
    });
    const call = (r: RepairOrderInput, id: string, date: string, reached: boolean) =>
      envelope(
        'FollowUpCallCompleted',
        { followUpCallId: id, repairOrderId: r.repairOrderId, repairOrderClosedAt: r.closedAt, callerId: 'E-9', reached, outcome: reached ? 'satisfied' : 'no_answer', notes: null },
        { branchId: r.branchId, occurredAt: shanghai(date, '11:00'), streamId: `follow-up-call-${id}` },
      );
    const A = ro('WH-01', 'WH-A');
    const B = ro('WH-01', 'WH-B');
    const C = ro('WH-01', 'WH-C');
    const PDI = ro('WH-01', 'WH-PDI', 'pdi', 'internal');
    const D = ro('WH-02', 'WH2-D');
    const E = ro('WH-02', 'WH2-E');
    const now = { now: shanghai('2026-03-03', '09:00'), timeZone: 'Asia/Shanghai' };
    const feb = { fromMonth: '2026-02', toMonth: '2026-02', branchIds: ['WH-01', 'WH-02'], ...now };

    beforeAll(async () => {
      const calls = [
        // WH-01 (holidays 16 and 17 Feb): the 3 working days are 18, 19 and 20 Feb.
        call(A, 'F-A', '2026-02-20', true),
        call(B, 'F-B', '2026-02-23', true),
        call(C, 'F-C1', '2026-02-18', false),
        call(PDI, 'F-PDI', '2026-02-18', true),
        // WH-02 (no calendar: Monday to Friday): the 3 working days are 16, 17 and 18 Feb.
        call(D, 'F-D', '2026-02-18', true),
        call(E, 'F-E', '2026-02-19', true),
      ];
      const events = [
        envelope('RegionDefined', { regionId: 'CENTRAL', name: 'Central China' }),
        envelope('BranchRegionAssigned', { branchId: 'WH-01', regionId: 'CENTRAL', effectiveFrom: '2025-01-01' }, { branchId: 'WH-01' }),
        envelope('BranchRegionAssigned', { branchId: 'WH-02', regionId: 'CENTRAL', effectiveFrom: '2025-01-01' }, { branchId: 'WH-02' }),
        envelope('HolidayCalendarSet', { scope: 'branch', scopeId: 'WH-01', year: 2026, holidays: ['2026-02-16', '2026-02-17'], extraWorkingDays: [], version: 1 }, { branchId: 'WH-01' }),
        ...[A, B, C, PDI, D, E].map(closed),
        ...calls,
      ];
      expect(await sink.write(events)).toEqual({ rejected: [] });
      // A redelivered call collapses onto itself.
      expect(await sink.write(calls.slice(0, 1))).toEqual({ rejected: [] });
    });

    it("the catalogue's example: closed Fri 13 Feb with holidays 16–17 Feb, a call on Fri 20 counts, Mon 23 does not, an unreached call never; PDI left out", async () => {
      expect(await followUpWithin3WorkingDays(client, feb)).toEqual([
        { grain: 'branch', unitId: 'WH-01', month: '2026-02', closedRepairOrders: 3, reachedWithinWorkingDays: 1, ratePercent: '33.33', provisionalUntil: '2026-02-20', provisional: false },
        { grain: 'branch', unitId: 'WH-02', month: '2026-02', closedRepairOrders: 2, reachedWithinWorkingDays: 1, ratePercent: '50.00', provisionalUntil: '2026-02-18', provisional: false },
      ]);
    });

    it('region CENTRAL = (1 + 1) ÷ (3 + 2) = 40.00 %, Σ ÷ Σ, not the mean of 33.33 % and 50 %; provisional until the last deadline', async () => {
      const central = { fromMonth: '2026-02', toMonth: '2026-02', grain: 'region', regionIds: ['CENTRAL'], now: shanghai('2026-02-20', '09:00'), timeZone: 'Asia/Shanghai' } as const;
      expect(await followUpWithin3WorkingDays(client, central)).toEqual([
        { grain: 'region', unitId: 'CENTRAL', month: '2026-02', closedRepairOrders: 5, reachedWithinWorkingDays: 2, ratePercent: '40.00', provisionalUntil: '2026-02-20', provisional: true },
      ]);
    });

    it('a later unreached call does not undo a reached one, and head office may widen N (follow_up_working_days)', async () => {
      expect(await sink.write([call(A, 'F-A2', '2026-02-21', false), envelope('KpiSettingChanged', { key: 'follow_up_working_days', value: '4', effectiveFrom: '2026-02-01' })])).toEqual({ rejected: [] });
      // N = 4: WH-01's deadline moves to Mon 23 (B now counts), WH-02's to Thu 19 (E now counts).
      expect((await followUpWithin3WorkingDays(client, feb)).map((r) => [r.unitId, r.closedRepairOrders, r.reachedWithinWorkingDays, r.ratePercent, r.provisionalUntil])).toEqual([
        ['WH-01', 3, 2, '66.67', '2026-02-23'],
        ['WH-02', 2, 2, '100.00', '2026-02-19'],
      ]);
      expect(await sink.write([envelope('KpiSettingChanged', { key: 'follow_up_working_days', value: '3', effectiveFrom: '2026-02-01' })])).toEqual({ rejected: [] });
      expect((await followUpWithin3WorkingDays(client, feb)).map((r) => r.reachedWithinWorkingDays)).toEqual([1, 1]);
    });
  });
});
