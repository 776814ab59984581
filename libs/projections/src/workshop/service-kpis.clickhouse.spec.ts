/**
 * The service KPIs through the KPI engine (evaluateKpi, what the pages show) on the embedded
 * ClickHouse engine: DOMAIN.md's worked example (branch SH-01, January 2026) with its labour,
 * parts, segment, hours and CSI figures, and the late-data, reopen, region, labour-hours, warranty,
 * complaint, sales-CSI and follow-up cases around it. Events go through the real projection sink
 * into the fact tables. (These scenarios tested the per-area service query functions until those
 * were folded into the engine.)
 */
import { EmbeddedClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { DomainEvent } from '@app/contracts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateKpi, evaluateKpis, KpiPoint, KpiQuery } from '@app/kpi';
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
const RO1: RepairOrderInput = {
  branchId: 'SH-01',
  repairOrderId: 'RO-1',
  intakeVisitId: 'V1',
  jobType: 'repair',
  payer: 'customer',
  openedAt: shanghai('2026-01-03'),
  closedAt: shanghai('2026-01-04', '17:00'),
  totals: { mechanical: '600.00', parts: '400.00', soldHours: '2.5', clockedHours: '3', technicianIds: ['T-1'] },
};
const RO2: RepairOrderInput = {
  branchId: 'SH-01',
  repairOrderId: 'RO-2',
  intakeVisitId: 'V2',
  jobType: 'insurance',
  payer: 'insurance',
  openedAt: shanghai('2026-01-10'),
  closedAt: shanghai('2026-01-12', '16:00'),
  totals: { body: '700.00', paint: '300.00', parts: '500.00', technicianIds: ['T-2'] },
};
const RO3: RepairOrderInput = {
  branchId: 'SH-01',
  repairOrderId: 'RO-3',
  intakeVisitId: 'V2',
  jobType: 'body_paint',
  payer: 'customer',
  openedAt: shanghai('2026-01-10'),
  closedAt: shanghai('2026-01-14', '15:00'),
  totals: { body: '500.00', technicianIds: ['T-2'] },
};
const RO4: RepairOrderInput = {
  branchId: 'SH-01',
  repairOrderId: 'RO-4',
  intakeVisitId: 'V4',
  jobType: 'pdi',
  payer: 'internal',
  openedAt: shanghai('2026-01-15', '08:00'),
  closedAt: shanghai('2026-01-15', '12:00'),
  totals: { mechanical: '200.00' },
};
const RO5: RepairOrderInput = {
  branchId: 'SH-01',
  repairOrderId: 'RO-5',
  intakeVisitId: 'V3',
  jobType: 'repair',
  payer: 'customer',
  openedAt: shanghai('2026-01-20', '09:00'),
  closedAt: shanghai('2026-01-21', '18:00'),
  totals: {},
  comebackOf: 'RO-1',
};

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

/** Months `from`..`to` (YYYY-MM) of some branches, at branch level, in branch currency. */
const months = (from: string, to: string, overrides: Partial<KpiQuery> = {}): KpiQuery => {
  const [y, m] = to.split('-').map(Number) as [number, number];
  return {
    from: `${from}-01`,
    to: new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10),
    bucket: 'month',
    level: 'branch',
    currency: 'branch',
    now: new Date('2026-12-31T00:00:00Z'),
    ...overrides,
  };
};
const sh01 = months('2026-01', '2026-01', { branchIds: ['SH-01'] });
/** [unit, period, value, numerator, denominator] of each point. */
const row = (p: KpiPoint) => [p.unitId, p.period, p.value, p.numerator, p.denominator];

describe('service KPIs through the KPI engine on the embedded ClickHouse engine', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kpi-service-ch-'));
  let client: EmbeddedClickHouseClient;
  let sink: ClickHouseProjectionSink;
  const points = async (kpiId: string, query: KpiQuery) => (await evaluateKpi(client, kpiId, query)).map(row);

  const FIGURES = [
    'service_revenue',
    'service_labour_revenue',
    'service_parts_revenue',
    'per_vehicle_yield',
    'vehicle_intakes',
    'rework_rate',
    'csi_service',
    'csi_response_rate',
    'csi_top_box',
  ];
  const figures = async () => Object.fromEntries(await evaluateKpis(client, FIGURES, { ...sh01, now: new Date('2026-03-03T01:00:00Z') }));

  beforeAll(async () => {
    client = await EmbeddedClickHouseClient.open({ dataDir, database: 'service_spec' });
    await runClickHouseMigrations(client, MIGRATIONS_DIR, { logger: { log: () => undefined, warn: () => undefined } });
    sink = new ClickHouseProjectionSink(client, [...ORG_PROJECTIONS, ...SERVICE_PROJECTIONS, vehicleSalesProjection], {
      calendar: new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 }),
    });
    expect(await sink.write([...org, ...january])).toEqual({ rejected: [] });
  });

  afterAll(async () => {
    await client?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('the worked example (SH-01, January 2026)', () => {
    it('service revenue = 1,000 + 1,500 + 500 + 0 = 3,000.00 (labour 2,100, parts 900; insurance 1,500, the rest 1,500; 2.5 of 3 hours); the PDI RO-4 is left out', async () => {
      expect(await points('service_revenue', sh01)).toEqual([['SH-01', '2026-01', '3000.00', '3000.00', null]]);
      expect(await points('service_labour_revenue', sh01)).toEqual([['SH-01', '2026-01', '2100.00', '2100.00', null]]);
      expect(await points('service_parts_revenue', sh01)).toEqual([['SH-01', '2026-01', '900.00', '900.00', null]]);
      expect(await points('insurance_revenue', sh01)).toEqual([['SH-01', '2026-01', '1500.00', '1500.00', null]]);
      expect(await points('repair_and_warranty_revenue', sh01)).toEqual([['SH-01', '2026-01', '1500.00', '1500.00', null]]);
      expect(await points('hours_sold', sh01)).toEqual([['SH-01', '2026-01', '2.50', '2.5', null]]);
      expect(await points('technician_efficiency', sh01)).toEqual([['SH-01', '2026-01', '83.33', '2.5', '3']]);
    });

    it('intakes = 3 (V1, V2, V3) and per-vehicle yield = 3,000 ÷ 3 = 1,000.00', async () => {
      expect(await points('vehicle_intakes', sh01)).toEqual([['SH-01', '2026-01', '3', '3', null]]);
      expect(await points('per_vehicle_yield', sh01)).toEqual([['SH-01', '2026-01', '1000.00', '3000.00', '3']]);
    });

    it('rework rate = 1 ÷ 4 closed ROs (RO-1, 2, 3, 5) = 25.00 %, provisional until 2 March, not on 3 March', async () => {
      const [onSecond] = await evaluateKpi(client, 'rework_rate', { ...sh01, now: new Date('2026-03-02T23:59:00Z') });
      expect(onSecond).toMatchObject({
        unitId: 'SH-01',
        period: '2026-01',
        value: '25.00',
        numerator: '1',
        denominator: '4',
        provisionalUntil: '2026-03-02',
        provisional: true,
      });
      const [onThird] = await evaluateKpi(client, 'rework_rate', { ...sh01, now: new Date('2026-03-03T00:00:00Z') });
      expect(onThird).toEqual({ ...onSecond, provisional: false });
    });

    it("CSI = 80.00 before the February survey lands (1 response of 4 closed ROs, no top box); the PDI RO-4's survey is left out", async () => {
      expect(await points('csi_service', sh01)).toEqual([['SH-01', '2026-01', '80.00', '80', '1']]);
      expect(await points('csi_response_rate', sh01)).toEqual([['SH-01', '2026-01', '25.00', '1', '4']]);
      expect(await points('csi_top_box', sh01)).toEqual([['SH-01', '2026-01', '0.00', '0', '1']]);
    });

    it('CSI = mean(80.0, 83.333333) = 81.67 once the survey of 9 February restates January; February gets nothing', async () => {
      expect(await sink.write([februarySurvey])).toEqual({ rejected: [] });
      const janFeb = months('2026-01', '2026-02', { branchIds: ['SH-01'] });
      expect(await points('csi_service', janFeb)).toEqual([['SH-01', '2026-01', '81.67', '163.3333', '2']]);
      expect(await points('csi_response_rate', janFeb)).toEqual([['SH-01', '2026-01', '50.00', '2', '4']]);
      expect(await points('csi_top_box', janFeb)).toEqual([['SH-01', '2026-01', '50.00', '1', '2']]);
    });

    it('redelivering the same batches (org, January, the late survey) changes no figure', async () => {
      const before = await figures();
      expect(await sink.write([...org, ...january, februarySurvey])).toEqual({ rejected: [] });
      expect(await sink.write(january)).toEqual({ rejected: [] });
      const after = await figures();
      expect(after).toEqual(before);
      expect(['service_revenue', 'per_vehicle_yield', 'rework_rate', 'csi_service'].map((k) => after[k]?.[0]?.value)).toEqual([
        '3000.00',
        '1000.00',
        '25.00',
        '81.67',
      ]);
      // FINAL reads one row per event, however often it was written.
      await expect(client.query("SELECT count() AS n FROM fact_service_revenue FINAL WHERE branch_id = 'SH-01'")).resolves.toEqual([{ n: '5' }]);
    });
  });

  describe('late comebacks (SH-02)', () => {
    const A: RepairOrderInput = {
      branchId: 'SH-02',
      repairOrderId: 'A',
      intakeVisitId: 'VA',
      jobType: 'maintenance',
      payer: 'customer',
      openedAt: shanghai('2026-01-28', '08:00'),
      closedAt: shanghai('2026-01-28', '18:00'),
      totals: { mechanical: '300.00' },
    };
    const C: RepairOrderInput = {
      branchId: 'SH-02',
      repairOrderId: 'C',
      intakeVisitId: 'VC',
      jobType: 'repair',
      payer: 'customer',
      openedAt: shanghai('2026-01-05', '08:00'),
      closedAt: shanghai('2026-01-05', '18:00'),
      totals: { mechanical: '100.00' },
    };
    const B: RepairOrderInput = {
      branchId: 'SH-02',
      repairOrderId: 'B',
      intakeVisitId: 'VB',
      jobType: 'repair',
      payer: 'customer',
      openedAt: shanghai('2026-02-03'),
      closedAt: shanghai('2026-02-05'),
      totals: {},
      comebackOf: 'A',
    };
    const jan = months('2026-01', '2026-02', { branchIds: ['SH-02'], now: new Date('2026-05-01T00:00:00Z') });

    it('a comeback registered in February is charged to the original RO\u2019s January; one opened after W days is not counted', async () => {
      expect(await sink.write([closed(A), closed(C)])).toEqual({ rejected: [] });
      expect(await points('rework_rate', jan)).toEqual([['SH-02', '2026-01', '0.00', '0', '2']]);
      // B (opened 3 Feb, 6 days after A's close) comes back for A; D (opened 10 Feb, 36 days after C's close) for C: outside W = 30.
      expect(
        await sink.write([
          comeback({ branchId: 'SH-02', repairOrderId: 'B', openedAt: B.openedAt }, A),
          closed(B),
          comeback({ branchId: 'SH-02', repairOrderId: 'D', openedAt: shanghai('2026-02-10') }, C),
        ]),
      ).toEqual({ rejected: [] });
      expect((await evaluateKpi(client, 'rework_rate', jan)).map((p) => [p.period, p.value, p.numerator, p.denominator, p.provisional])).toEqual([
        ['2026-01', '50.00', '1', '2', false],
        ['2026-02', '0.00', '0', '1', false],
      ]);
    });

    it('uses the rework window in force on the original close date (45 days from June)', async () => {
      const J: RepairOrderInput = {
        branchId: 'SH-02',
        repairOrderId: 'J',
        intakeVisitId: 'VJ',
        jobType: 'repair',
        payer: 'customer',
        openedAt: shanghai('2026-06-01', '08:00'),
        closedAt: shanghai('2026-06-01', '18:00'),
        totals: { mechanical: '100.00' },
      };
      expect(await sink.write([closed(J), comeback({ branchId: 'SH-02', repairOrderId: 'K', openedAt: shanghai('2026-07-11') }, J)])).toEqual({ rejected: [] });
      const june = await evaluateKpi(client, 'rework_rate', months('2026-06', '2026-06', { branchIds: ['SH-02'], now: new Date('2026-08-14T04:00:00Z') }));
      // K opened 40 days after J's close: inside W = 45; June is provisional until 30 June + 45 days.
      expect(june).toMatchObject([
        { unitId: 'SH-02', period: '2026-06', value: '100.00', numerator: '1', denominator: '1', provisionalUntil: '2026-08-14', provisional: true },
      ]);
    });
  });

  describe('reopen and re-close (SH-03)', () => {
    const X: RepairOrderInput = {
      branchId: 'SH-03',
      repairOrderId: 'X',
      intakeVisitId: 'VX',
      jobType: 'repair',
      payer: 'customer',
      openedAt: shanghai('2026-01-19'),
      closedAt: shanghai('2026-01-20'),
      totals: { mechanical: '600.00', parts: '400.00' },
    };
    const X2: RepairOrderInput = { ...X, closeSequence: 2, closedAt: shanghai('2026-02-08'), totals: { mechanical: '800.00', parts: '400.00' } };
    const Y: RepairOrderInput = {
      branchId: 'SH-03',
      repairOrderId: 'Y',
      intakeVisitId: 'VY',
      jobType: 'repair',
      payer: 'customer',
      openedAt: shanghai('2026-02-09'),
      closedAt: shanghai('2026-02-10'),
      totals: { mechanical: '300.00' },
    };
    const range = months('2026-01', '2026-02', { branchIds: ['SH-03'] });

    it('the reopen reverses the January close on its own February date; the re-close recognises the new totals in February; January stays', async () => {
      expect(await sink.write([closed(X), reopened(X, shanghai('2026-02-05')), closed(X2), closed(Y), reopened(Y, shanghai('2026-02-11'))])).toEqual({
        rejected: [],
      });
      const revenue = await evaluateKpis(client, ['service_revenue', 'service_labour_revenue', 'service_parts_revenue'], range);
      expect([...revenue.values()].map((ps) => ps.map((p) => [p.period, p.value]))).toEqual([
        // −1,000 (reopen of X) + 1,200 (re-close of X) + 300 − 300 (Y closed and reopened in February) = 200.
        [
          ['2026-01', '1000.00'],
          ['2026-02', '200.00'],
        ],
        [
          ['2026-01', '600.00'],
          ['2026-02', '200.00'],
        ],
        [
          ['2026-01', '400.00'],
          ['2026-02', '0.00'],
        ],
      ]);
      // Yield and rework count the ROs closed in the month: X in January (1,000) and X again in
      // February at its new totals (1,200); Y, reopened in the same month and not closed again, is not closed in February.
      expect(await points('per_vehicle_yield', range)).toEqual([
        ['SH-03', '2026-01', '1000.00', '1000.00', '1'],
        ['SH-03', '2026-02', '1200.00', '1200.00', '1'],
      ]);
      expect((await evaluateKpi(client, 'rework_rate', range)).map((p) => [p.period, p.denominator])).toEqual([
        ['2026-01', '1'],
        ['2026-02', '1'],
      ]);
    });
  });

  describe('a region (NORTH: BJ-01 and BJ-02)', () => {
    const ro = (branchId: string, id: string, day: string): RepairOrderInput => ({
      branchId,
      repairOrderId: id,
      intakeVisitId: `V-${id}`,
      jobType: 'repair',
      payer: 'customer',
      openedAt: shanghai(day, '08:00'),
      closedAt: shanghai(day, '18:00'),
      totals: { mechanical: '100.00' },
    });
    const small = ro('BJ-01', 'BJ1-1', '2026-01-06');
    const big = ['2026-01-07', '2026-01-08', '2026-01-09', '2026-01-10'].map((d, i) => ro('BJ-02', `BJ2-${i}`, d));

    it('rework rate is Σ comebacks ÷ Σ closed ROs = 1 ÷ 5 = 20.00 %, not the mean of 100 % and 0 %', async () => {
      expect(
        await sink.write([
          closed(small),
          ...big.map(closed),
          comeback({ branchId: 'BJ-01', repairOrderId: 'BJ1-CB', openedAt: shanghai('2026-01-12') }, small),
        ]),
      ).toEqual({ rejected: [] });
      const jan = months('2026-01', '2026-01', { branchIds: ['BJ-01', 'BJ-02'] });
      expect(await points('rework_rate', jan)).toEqual([
        ['BJ-01', '2026-01', '100.00', '1', '1'],
        ['BJ-02', '2026-01', '0.00', '0', '4'],
      ]);
      const north = months('2026-01', '2026-01', { level: 'region', regionIds: ['NORTH'] });
      expect(await points('rework_rate', north)).toEqual([['NORTH', '2026-01', '20.00', '1', '5']]);
      // The same for money: the region's yield is Σ revenue ÷ Σ intakes.
      expect(await points('per_vehicle_yield', north)).toEqual([['NORTH', '2026-01', '100.00', '500.00', '5']]);
      // Branches without a region (SH-02, SH-03) are region ''.
      expect((await evaluateKpi(client, 'service_revenue', months('2026-01', '2026-01', { level: 'region' }))).map((p) => [p.unitId, p.value])).toEqual([
        ['', '1400.00'],
        ['EAST', '3000.00'],
        ['NORTH', '500.00'],
      ]);
    });
  });

  // ── Hours sold, effective labour rate and technician efficiency (GZ-01 and GZ-02 in region SOUTH, March–April 2026) ──
  describe('hours sold, effective labour rate, technician efficiency (GZ-01, GZ-02)', () => {
    const ro = (
      branchId: string,
      id: string,
      jobType: RepairOrderInput['jobType'],
      payer: RepairOrderInput['payer'],
      openedAt: string,
      closedAt: string,
      totals: RepairOrderInput['totals'],
    ): RepairOrderInput => ({
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
    const R1 = ro('GZ-01', 'GZ-R1', 'repair', 'customer', shanghai('2026-04-04'), shanghai('2026-04-05'), {
      mechanical: '600.00',
      soldHours: '3',
      clockedHours: '2.5',
      technicianIds: ['T-A', 'T-B'],
    });
    // R2: T-B 2.5 / 3.0 body (500.00); closed 8 April.
    const R2 = ro('GZ-01', 'GZ-R2', 'body_paint', 'customer', shanghai('2026-04-06'), shanghai('2026-04-08'), {
      body: '500.00',
      soldHours: '2.5',
      clockedHours: '3',
      technicianIds: ['T-B'],
    });
    // R3: PDI, T-A 1.0 / 1.0 (100.00): excluded.
    const R3 = ro('GZ-01', 'GZ-R3', 'pdi', 'internal', shanghai('2026-04-09', '08:00'), shanghai('2026-04-09', '12:00'), {
      mechanical: '100.00',
      soldHours: '1',
      clockedHours: '1',
      technicianIds: ['T-A'],
    });
    // R4: T-A 1.0 / 2.0 (180.00), closed 30 March; reopened 12 April; T-C adds 0.5 / 0.5 (90.00); closed again 15 April.
    const R4 = ro('GZ-01', 'GZ-R4', 'repair', 'customer', shanghai('2026-03-28'), shanghai('2026-03-30'), {
      mechanical: '180.00',
      soldHours: '1',
      clockedHours: '2',
      technicianIds: ['T-A'],
    });
    const R4again: RepairOrderInput = {
      ...R4,
      closeSequence: 2,
      closedAt: shanghai('2026-04-15'),
      totals: { mechanical: '270.00', soldHours: '1.5', clockedHours: '2.5', technicianIds: ['T-A', 'T-C'] },
    };
    // R5 at GZ-02: T-D 2.0 / 4.0 (300.00), closed 20 April.
    const R5 = ro('GZ-02', 'GZ2-R5', 'repair', 'customer', shanghai('2026-04-19'), shanghai('2026-04-20'), {
      mechanical: '300.00',
      soldHours: '2',
      clockedHours: '4',
      technicianIds: ['T-D'],
    });
    const gz01 = months('2026-03', '2026-04', { branchIds: ['GZ-01'] });
    const south = months('2026-04', '2026-04', { level: 'region', regionIds: ['SOUTH'] });

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
        labourLine(R2, {
          lineId: 'L1',
          technicianId: 'T-B',
          soldHours: '2.5',
          clockedHours: '3',
          net: '500.00',
          postedAt: shanghai('2026-04-07'),
          category: 'body',
        }),
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
      expect(await points('hours_sold', gz01)).toEqual([
        ['GZ-01', '2026-03', '1.00', '1', null],
        ['GZ-01', '2026-04', '6.00', '6', null],
      ]);
    });

    it('effective labour rate: March 180.00 ÷ 1.0 = 180.00; April (600 + 500 − 180 + 270) ÷ 6.0 = 1,190.00 ÷ 6 = 198.33', async () => {
      expect(await points('effective_labour_rate', gz01)).toEqual([
        ['GZ-01', '2026-03', '180.00', '180.00', '1'],
        ['GZ-01', '2026-04', '198.33', '1190.00', '6'],
      ]);
      // Region SOUTH in April: (1,190 + 300) ÷ (6.0 + 2.0) = 186.25, Σ ÷ Σ.
      expect(await points('effective_labour_rate', south)).toEqual([['SOUTH', '2026-04', '186.25', '1490.00', '8']]);
    });

    it('technician efficiency (sold ÷ clocked): GZ-01 March 1.0 ÷ 2.0 = 50 %, April 6.0 ÷ 6.0 = 100 %; SOUTH (6 + 2) ÷ (6 + 4) = 80 %, not the mean of 100 % and 50 %', async () => {
      expect(await points('technician_efficiency', gz01)).toEqual([
        ['GZ-01', '2026-03', '50.00', '1', '2'],
        ['GZ-01', '2026-04', '100.00', '6', '6'],
      ]);
      expect(await points('technician_efficiency', south)).toEqual([['SOUTH', '2026-04', '80.00', '8', '10']]);
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
      expect(await points('warranty_approval_rate', months('2026-04', '2026-05', { branchIds: ['GZ-01'] }))).toEqual([
        ['GZ-01', '2026-04', '80.00', '8', '10'],
        ['GZ-01', '2026-05', '0.00', '0', '1'],
      ]);
      expect(await points('warranty_approval_rate', months('2026-04', '2026-04', { level: 'region', regionIds: ['SOUTH'] }))).toEqual([
        ['SOUTH', '2026-04', '80.00', '8', '10'],
      ]);
    });
  });

  describe('complaints and resolution time (GZ-01)', () => {
    it('counts complaints on the logging date; resolution time is the mean of 1.5 and 4.5 days = 3.0 over those resolved in April', async () => {
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
      const range = months('2026-03', '2026-05', { branchIds: ['GZ-01'] });
      expect(await points('complaints', range)).toEqual([
        ['GZ-01', '2026-03', '1', '1', null],
        ['GZ-01', '2026-04', '2', '2', null],
      ]);
      expect(await points('complaint_resolution_days', range)).toEqual([
        // The numerator in seconds (exact per complaint): 6 days = 518,400 s over 2 complaints.
        ['GZ-01', '2026-04', '3.0', '518400', '2'],
        // 3 Apr 08:00 → 2 May 14:00 = 29.25 days = 2,527,200 s.
        ['GZ-01', '2026-05', '29.3', '2527200', '1'],
      ]);
    });
  });

  describe('sales CSI (GZ-01)', () => {
    it('mean of 90 and 70 = 80.00 over April deliveries; a late survey restates April; service CSI is not disturbed', async () => {
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
      const range = months('2026-04', '2026-05', { branchIds: ['GZ-01'] });
      expect(await points('csi_sales', range)).toEqual([['GZ-01', '2026-04', '80.00', '160', '2']]);
      // A return is not a delivery: 4 delivered and 1 returned in April, 1 delivered in May.
      expect(await points('units_delivered', range)).toEqual([
        ['GZ-01', '2026-04', '4', '4', null],
        ['GZ-01', '2026-05', '1', '1', null],
      ]);
      expect(await points('units_returned', range)).toEqual([
        ['GZ-01', '2026-04', '1', '1', null],
        ['GZ-01', '2026-05', '0', '0', null],
      ]);
      // VS-3's survey arrives in June, 10 of 10 (top box): April becomes (90 + 70 + 100) ÷ 3 = 86.67.
      expect(await sink.write([salesSurvey('SS-3', 'GZ-01', 'VS-3', d3.occurredAt, shanghai('2026-06-02'), [overall('10', '0', '10')])])).toEqual({
        rejected: [],
      });
      expect(await points('csi_sales', months('2026-04', '2026-06', { branchIds: ['GZ-01'] }))).toEqual([['GZ-01', '2026-04', '86.67', '260', '3']]);
      // Service CSI is not disturbed by sales surveys: no service response of April's 3 closed ROs.
      const april = months('2026-04', '2026-04', { branchIds: ['GZ-01'] });
      expect(await points('csi_service', april)).toEqual([]);
      expect(await points('csi_response_rate', april)).toEqual([['GZ-01', '2026-04', '0.00', '0', '3']]);
    });
  });

  // ── Follow-up within 3 working days (WH-01 and WH-02 in region CENTRAL, February 2026) ──
  describe('follow-up within 3 working days (WH-01, WH-02)', () => {
    const FOLLOW_UP = 'follow_up_within_3_working_days';
    const ro = (
      branchId: string,
      id: string,
      jobType: RepairOrderInput['jobType'] = 'repair',
      payer: RepairOrderInput['payer'] = 'customer',
    ): RepairOrderInput => ({
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
        {
          followUpCallId: id,
          repairOrderId: r.repairOrderId,
          repairOrderClosedAt: r.closedAt,
          callerId: 'E-9',
          reached,
          outcome: reached ? 'satisfied' : 'no_answer',
          notes: null,
        },
        { branchId: r.branchId, occurredAt: shanghai(date, '11:00'), streamId: `follow-up-call-${id}` },
      );
    const A = ro('WH-01', 'WH-A');
    const B = ro('WH-01', 'WH-B');
    const C = ro('WH-01', 'WH-C');
    const PDI = ro('WH-01', 'WH-PDI', 'pdi', 'internal');
    const D = ro('WH-02', 'WH2-D');
    const E = ro('WH-02', 'WH2-E');
    const feb = months('2026-02', '2026-02', { branchIds: ['WH-01', 'WH-02'], now: new Date('2026-03-03T01:00:00Z') });

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
        envelope(
          'HolidayCalendarSet',
          { scope: 'branch', scopeId: 'WH-01', year: 2026, holidays: ['2026-02-16', '2026-02-17'], extraWorkingDays: [], version: 1 },
          { branchId: 'WH-01' },
        ),
        ...[A, B, C, PDI, D, E].map(closed),
        ...calls,
      ];
      expect(await sink.write(events)).toEqual({ rejected: [] });
      // A redelivered call collapses onto itself.
      expect(await sink.write(calls.slice(0, 1))).toEqual({ rejected: [] });
    });

    it("the catalogue's example: closed Fri 13 Feb with holidays 16–17 Feb, a call on Fri 20 counts, Mon 23 does not, an unreached call never; PDI left out", async () => {
      const rows = await evaluateKpi(client, FOLLOW_UP, feb);
      expect(rows.map((p) => [...row(p), p.provisionalUntil, p.provisional])).toEqual([
        ['WH-01', '2026-02', '33.33', '1', '3', '2026-02-20', false],
        ['WH-02', '2026-02', '50.00', '1', '2', '2026-02-18', false],
      ]);
    });

    it('region CENTRAL = (1 + 1) ÷ (3 + 2) = 40.00 %, Σ ÷ Σ, not the mean of 33.33 % and 50 %; provisional until the last deadline; the group the same', async () => {
      const central = months('2026-02', '2026-02', { level: 'region', regionIds: ['CENTRAL'], now: new Date('2026-02-20T01:00:00Z') });
      expect((await evaluateKpi(client, FOLLOW_UP, central)).map((p) => [...row(p), p.provisionalUntil, p.provisional])).toEqual([
        ['CENTRAL', '2026-02', '40.00', '2', '5', '2026-02-20', true],
      ]);
      expect(await points(FOLLOW_UP, { ...central, level: 'group' })).toEqual([['group', '2026-02', '40.00', '2', '5']]);
    });

    it('a later unreached call does not undo a reached one, and head office may widen N (follow_up_working_days)', async () => {
      expect(
        await sink.write([
          call(A, 'F-A2', '2026-02-21', false),
          envelope('KpiSettingChanged', { key: 'follow_up_working_days', value: '4', effectiveFrom: '2026-02-01' }),
        ]),
      ).toEqual({ rejected: [] });
      // N = 4: WH-01's deadline moves to Mon 23 (B now counts), WH-02's to Thu 19 (E now counts).
      expect((await evaluateKpi(client, FOLLOW_UP, feb)).map((p) => [...row(p), p.provisionalUntil])).toEqual([
        ['WH-01', '2026-02', '66.67', '2', '3', '2026-02-23'],
        ['WH-02', '2026-02', '100.00', '2', '2', '2026-02-19'],
      ]);
      expect(await sink.write([envelope('KpiSettingChanged', { key: 'follow_up_working_days', value: '3', effectiveFrom: '2026-02-01' })])).toEqual({
        rejected: [],
      });
      expect((await evaluateKpi(client, FOLLOW_UP, feb)).map((p) => p.numerator)).toEqual(['1', '1']);
    });
  });
});
