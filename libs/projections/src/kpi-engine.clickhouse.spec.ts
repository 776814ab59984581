/**
 * The uniform KPI engine (libs/kpi/src/engine) on the embedded ClickHouse engine: every catalogue
 * KPI's SQL runs; DOMAIN.md's worked example figure for figure; Σ ÷ Σ at region and group level;
 * a region move splitting a branch's month; consolidation at each month's rate; targets,
 * attainment, MoM and YoY; "as closed" vs restated after a period close; redelivery.
 */
import { EmbeddedClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { DomainEvent } from '@app/contracts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  evaluateKpi,
  evaluateKpis,
  forgetRollupCheck,
  isMeasuredKpi,
  KPI_CATALOGUE,
  KPI_MONTH_ROLLUP_DEFINITION,
  kpiDimensions,
  KpiLevel,
  KpiPoint,
  KpiQuery,
  kpiReport,
  MissingExchangeRateError,
  ROLLUP_DEFINITIONS,
  ROLLUP_KPI_MONTH,
  UnsupportedBucketError,
} from '@app/kpi';
import { UniformBranchCalendar } from './business-date';
import { ClickHouseProjectionSink } from './clickhouse-projection.sink';
import { ALL_PROJECTIONS } from './all-projections';
import { ALL_ROLLUPS, recomputeKpiMonths, recomputeStaleRollups, refreshPendingKpiMonths } from './rollups';
import { expectLineageAddsUpToEveryFigure } from './lineage.spec-helper';
import { closed, comeback, envelope, reopened, serviceSurvey, shanghai, repairOrder } from './workshop/workshop-events.spec-helper';

const RO = repairOrder;

// DOMAIN.md's worked example: SH-01, January 2026.
const RO1 = RO('RO-1', 'V1', 'repair', 'customer', '2026-01-04', { mechanical: '600.00', parts: '400.00' });
const RO2 = RO('RO-2', 'V2', 'insurance', 'insurance', '2026-01-12', { body: '1000.00', parts: '500.00' });
const RO3 = RO('RO-3', 'V2', 'body_paint', 'customer', '2026-01-14', { body: '500.00' });
const RO4 = RO('RO-4', 'V4', 'pdi', 'internal', '2026-01-15', { mechanical: '200.00' });
const RO5 = RO('RO-5', 'V3', 'repair', 'customer', '2026-01-21', {}, { comebackOf: 'RO-1' });
const overall = (answer: string, min: string, max: string, weight = '1') => ({ questionId: 'overall', answer, min, max, weight, overall: true });

/** A closed RO of a Madrid branch: the same event with euros. */
const inEuros = (event: DomainEvent): DomainEvent => {
  const payload = JSON.parse(JSON.stringify(event.payload).replaceAll('"CNY"', '"EUR"')) as DomainEvent['payload'];
  return { ...event, payload } as DomainEvent;
};

const target = (kpi: string, period: string, grainId: string, kind: 'quota' | 'stretch', value: string, unit: string, version = 1, grain = 'branch') =>
  envelope(version === 1 ? 'TargetSet' : 'TargetRevised', {
    kpi,
    periodKind: period.length === 4 ? 'year' : period.includes('Q') ? 'quarter' : 'month',
    period,
    grain,
    grainId,
    model: null,
    segment: null,
    kind,
    value,
    unit,
    version,
    ...(version === 1 ? {} : { supersedesVersion: version - 1, reason: 'mid-year revision' }),
  } as never);

const org: DomainEvent[] = [
  envelope('RegionDefined', { regionId: 'EAST', name: 'East China' }),
  envelope('RegionDefined', { regionId: 'NORTH', name: 'North China' }),
  envelope('RegionDefined', { regionId: 'SPAIN', name: 'Spain' }),
  envelope(
    'BranchOpened',
    { branchId: 'SH-01', name: 'Shanghai 4S', brands: ['Volkswagen'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2024-01-01' },
    { branchId: 'SH-01' },
  ),
  envelope(
    'BranchOpened',
    { branchId: 'BJ-01', name: 'Beijing 4S', brands: ['Audi'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2025-06-01' },
    { branchId: 'BJ-01' },
  ),
  envelope(
    'BranchOpened',
    { branchId: 'MAD-01', name: 'Madrid', brands: ['SEAT'], currency: 'EUR', timeZone: 'Europe/Madrid', cutoffMinutes: 0, openedOn: '2024-01-01' },
    { branchId: 'MAD-01' },
  ),
  envelope('BranchRegionAssigned', { branchId: 'SH-01', regionId: 'EAST', effectiveFrom: '2024-01-01' }, { branchId: 'SH-01' }),
  envelope('BranchRegionAssigned', { branchId: 'BJ-01', regionId: 'NORTH', effectiveFrom: '2025-06-01' }, { branchId: 'BJ-01' }),
  envelope('BranchRegionAssigned', { branchId: 'MAD-01', regionId: 'SPAIN', effectiveFrom: '2024-01-01' }, { branchId: 'MAD-01' }),
  envelope('ExchangeRateSet', { month: '2026-01', fromCurrency: 'EUR', toCurrency: 'CNY', rate: '7.80000000', version: 1 }),
  envelope('ExchangeRateSet', { month: '2026-02', fromCurrency: 'EUR', toCurrency: 'CNY', rate: '7.90000000', version: 1 }),
  target('service_revenue', '2026-01', 'SH-01', 'quota', '2500', 'CNY'),
  target('service_revenue', '2026-01', 'SH-01', 'stretch', '4000', 'CNY'),
  target('service_revenue', '2026', 'SH-01', 'quota', '40000', 'CNY'),
  target('rework_rate', '2026-01', 'group', 'quota', '5', '%', 1, 'group'),
];

const january: DomainEvent[] = [
  closed(RO1),
  closed(RO2),
  closed(RO3),
  closed(RO4),
  comeback({ branchId: 'SH-01', repairOrderId: 'RO-5', openedAt: RO5.openedAt }, RO1),
  closed(RO5),
  serviceSurvey('S-1', RO1, shanghai('2026-01-25'), [overall('8', '0', '10')]),
  // BJ-01: two ROs in January, no comeback; one in January 2025 is not there (it opened mid-2025).
  closed({ ...RO('BJ-A', 'VB1', 'maintenance', 'customer', '2026-01-08', { mechanical: '300.00' }), branchId: 'BJ-01' }),
  closed({ ...RO('BJ-B', 'VB2', 'maintenance', 'customer', '2026-01-09', { mechanical: '200.00' }), branchId: 'BJ-01' }),
  // MAD-01: 100.00 EUR in January, 200.00 EUR in February.
  inEuros(closed({ ...RO('MAD-A', 'VM1', 'repair', 'customer', '2026-01-20', { mechanical: '100.00' }), branchId: 'MAD-01' })),
  inEuros(closed({ ...RO('MAD-B', 'VM2', 'repair', 'customer', '2026-02-10', { mechanical: '200.00' }), branchId: 'MAD-01' })),
  // SH-01 in December 2025 and January 2025 (for MoM and YoY).
  closed(RO('RO-D', 'VD', 'repair', 'customer', '2025-12-10', { mechanical: '2000.00' })),
  closed(RO('RO-Y', 'VY', 'repair', 'customer', '2025-01-10', { mechanical: '1500.00' })),
];

const NOW = new Date('2026-03-01T00:00:00.000Z');

const FOLLOW_UP = 'follow_up_within_3_working_days';
const readsRollup = (sql: string): boolean => new RegExp(`\\b${ROLLUP_KPI_MONTH}\\b`).test(sql);
const builtAt = (date: Date): string => date.toISOString().replace('T', ' ').replace('Z', '');

describe.each([{ source: 'facts' as const }, { source: 'rollup' as const }])(
  'KPI engine on the embedded ClickHouse engine (reading the $source)',
  ({ source }) => {
    const dataDir = mkdtempSync(join(tmpdir(), `kpi-engine-ch-${source}-`));
    let client: EmbeddedClickHouseClient;
    let sink: ClickHouseProjectionSink;
    const jan = (overrides: Partial<KpiQuery> = {}): KpiQuery => ({
      from: '2026-01-01',
      to: '2026-01-31',
      bucket: 'month',
      level: 'branch',
      branchIds: ['SH-01'],
      currency: 'branch',
      now: NOW,
      ...(source === 'rollup' ? { rollup: true } : {}),
      ...overrides,
    });
    const value = async (kpiId: string, q: Partial<KpiQuery> = {}) =>
      (await evaluateKpi(client, kpiId, jan(q))).map((p) => [p.unitId, p.period, p.value, p.numerator, p.denominator]);
    /** A batch through the projector; with the roll-up, its pending months recomputed before anything reads them. */
    const write = async (events: readonly DomainEvent[]) => {
      const result = await sink.write(events);
      if (source === 'rollup') await refreshPendingKpiMonths(client);
      return result;
    };

    beforeAll(async () => {
      client = await EmbeddedClickHouseClient.open({ dataDir, database: `kpi_engine_spec_${source}` });
      await runClickHouseMigrations(client, MIGRATIONS_DIR, { logger: { log: () => undefined, warn: () => undefined } });
      sink = new ClickHouseProjectionSink(
        client,
        ALL_PROJECTIONS,
        { calendar: new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 }) },
        source === 'rollup' ? ALL_ROLLUPS : [],
      );
      // The projector's start: an empty roll-up computed with the current definition (then kept batch by batch).
      if (source === 'rollup') expect(await recomputeStaleRollups(client, ALL_ROLLUPS)).toEqual([ROLLUP_KPI_MONTH]);
      expect(await write([...org, ...january])).toEqual({ rejected: [] });
    });

    afterAll(async () => {
      await client?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('runs the SQL of every measured catalogue KPI at every grain it supports', async () => {
      const measured = KPI_CATALOGUE.filter((k) => isMeasuredKpi(k.id));
      expect(measured.length).toBeGreaterThanOrEqual(38);
      for (const kpi of measured) {
        const runs = [
          ...(['day', 'week', 'quarter', 'year'] as const).map((bucket) => ({ bucket, level: 'group' as const })),
          ...(['branch', 'region', 'group'] as const).map((level) => ({ bucket: 'month' as const, level })),
        ];
        for (const { bucket, level } of runs) {
          {
            const run = evaluateKpi(client, kpi.id, jan({ bucket, level, branchIds: undefined, from: '2025-12-01', to: '2026-02-28' }));
            await run.catch((error: unknown) => {
              if (!(error instanceof UnsupportedBucketError)) throw new Error(`${kpi.id} ${bucket} ${level}: ${(error as Error).message}`);
            });
          }
        }
      }
    });

    it("DOMAIN.md's worked example, figure for figure", async () => {
      expect(await value('service_revenue')).toEqual([['SH-01', '2026-01', '3000.00', '3000.00', null]]);
      expect(await value('vehicle_intakes')).toEqual([['SH-01', '2026-01', '3', '3', null]]);
      expect(await value('per_vehicle_yield')).toEqual([['SH-01', '2026-01', '1000.00', '3000.00', '3']]);
      expect(await value('rework_rate')).toEqual([['SH-01', '2026-01', '25.00', '1', '4']]);
      expect(await value('csi_service')).toEqual([['SH-01', '2026-01', '80.00', '80', '1']]);
      const [rework] = await evaluateKpi(client, 'rework_rate', jan());
      expect(rework).toMatchObject({ provisional: true, provisionalUntil: '2026-03-02', periodStart: '2026-01-01', periodEnd: '2026-01-31', currency: null });
      const [later] = await evaluateKpi(client, 'rework_rate', jan({ now: new Date('2026-03-03T00:00:00Z') }));
      expect(later?.provisional).toBe(false);
    });

    it("a region's rate is Σ numerators ÷ Σ denominators; the group is not a mean of branch rates", async () => {
      const all = { branchIds: undefined };
      expect(await value('rework_rate', { ...all, level: 'branch' })).toEqual([
        ['BJ-01', '2026-01', '0.00', '0', '2'],
        ['MAD-01', '2026-01', '0.00', '0', '1'],
        ['SH-01', '2026-01', '25.00', '1', '4'],
      ]);
      // Mean of branch rates would be 8.33 %; Σ ÷ Σ = 1 ÷ 7.
      expect(await value('rework_rate', { ...all, level: 'group' })).toEqual([['group', '2026-01', '14.29', '1', '7']]);
      expect(await value('rework_rate', { ...all, level: 'region', regionIds: ['EAST', 'NORTH'] })).toEqual([
        ['EAST', '2026-01', '25.00', '1', '4'],
        ['NORTH', '2026-01', '0.00', '0', '2'],
      ]);
    });

    it('consolidates into the group currency at each month’s rate; branch currency keeps currencies apart', async () => {
      const q = { branchIds: ['MAD-01', 'BJ-01'], level: 'group' as const, to: '2026-02-28' };
      expect(await value('service_revenue', { ...q, currency: 'group' })).toEqual([
        ['group', '2026-01', '1280.00', '1280.00', null], // 500 CNY + 100 EUR × 7.80
        ['group', '2026-02', '1580.00', '1580.00', null], // 200 EUR × 7.90
      ]);
      const split = await evaluateKpi(client, 'service_revenue', jan({ ...q, currency: 'branch' }));
      expect(split.map((p) => [p.period, p.currency, p.value])).toEqual([
        ['2026-01', 'CNY', '500.00'],
        ['2026-01', 'EUR', '100.00'],
        ['2026-02', 'EUR', '200.00'],
      ]);
      await expect(evaluateKpi(client, 'service_revenue', jan({ ...q, currency: 'group', from: '2026-03-01', to: '2026-03-31' }))).resolves.toEqual([]);
      expect(
        await write([inEuros(closed({ ...RO('MAD-C', 'VM3', 'repair', 'customer', '2026-03-10', { mechanical: '50.00' }), branchId: 'MAD-01' }))]),
      ).toEqual({ rejected: [] });
      await expect(evaluateKpi(client, 'service_revenue', jan({ ...q, currency: 'group', from: '2026-03-01', to: '2026-03-31' }))).rejects.toThrow(
        MissingExchangeRateError,
      );
    });

    it('targets (quota and stretch), attainment, year to date, MoM and YoY with like-for-like flags', async () => {
      const report = await kpiReport(client, 'service_revenue', { ...jan(), view: 'restated' });
      expect(report.points).toHaveLength(1);
      const [p] = report.points;
      expect(p).toMatchObject({
        unitId: 'SH-01',
        period: '2026-01',
        value: '3000.00',
        targets: { quota: { value: '2500', unit: 'CNY', version: 1 }, stretch: { value: '4000', unit: 'CNY', version: 1 } },
        attainment: { quota: '120.00', stretch: '75.00' },
        yearToDate: { value: '3000.00', annualQuota: { value: '40000' }, progressQuota: '7.50', annualStretch: null, progressStretch: null },
        mom: { period: '2025-12', value: '2000.00', change: '1000.00', growthPercent: '50.00', likeForLike: true },
        yoy: { period: '2025-01', value: '1500.00', change: '1500.00', growthPercent: '100.00', likeForLike: true },
        closed: null,
      });
      // BJ-01 opened in June 2025: January 2026 against January 2025 is not like for like.
      const bj = await kpiReport(client, 'service_revenue', { ...jan({ branchIds: ['BJ-01'] }), view: 'restated' });
      expect(bj.points[0]).toMatchObject({ value: '500.00', yoy: null, mom: null });
      // The group with BJ-01 (opened June 2025): YoY is flagged, MoM (December 2025) is like for like.
      const both = await kpiReport(client, 'service_revenue', { ...jan({ branchIds: ['SH-01', 'BJ-01'], level: 'group' }), view: 'restated' });
      expect(both.points[0]).toMatchObject({ value: '3500.00', mom: { value: '2000.00', likeForLike: true }, yoy: { value: '1500.00', likeForLike: false } });
      const group = await kpiReport(client, 'rework_rate', { ...jan({ branchIds: ['SH-01', 'BJ-01'], level: 'group' }), view: 'restated' });
      expect(group.points[0]).toMatchObject({ value: '16.67', targets: { quota: { value: '5', unit: '%' } }, attainment: { quota: '333.40' } });
    });

    it('a revised target replaces the version in force', async () => {
      expect(await write([target('service_revenue', '2026-01', 'SH-01', 'quota', '3000', 'CNY', 2)])).toEqual({ rejected: [] });
      const [p] = (await kpiReport(client, 'service_revenue', { ...jan(), view: 'restated' })).points;
      expect(p).toMatchObject({ targets: { quota: { value: '3000', version: 2 } }, attainment: { quota: '100.00' } });
    });

    it('after a period close, a late survey and a reopen restate January beside its "as closed" figures', async () => {
      expect(
        await write([
          envelope('PeriodClosed', { period: '2026-01', reason: 'January close' }, { occurredAt: '2026-02-05T08:00:00.000Z', streamId: 'period-2026-01' }),
        ]),
      ).toEqual({ rejected: [] });
      const late = [
        serviceSurvey('S-2', RO2, shanghai('2026-02-09'), [
          overall('5', '1', '5', '2'),
          { questionId: 'cleanliness', answer: '3', min: '1', max: '5', weight: '1', overall: false },
        ]),
        // A comeback of RO-2 opened 12 days after its close, registered after the close.
        comeback({ branchId: 'SH-01', repairOrderId: 'RO-6', openedAt: shanghai('2026-01-24', '09:00'), registeredAt: shanghai('2026-02-10') }, RO2),
      ];
      expect(await write(late)).toEqual({ rejected: [] });

      const csi = await kpiReport(client, 'csi_service', { ...jan(), view: 'as-closed' });
      expect(csi.points.map((p) => [p.period, p.value, p.closed?.asClosed.value, p.closed?.restated.value, p.closed?.difference])).toEqual([
        ['2026-01', '80.00', '80.00', '81.67', '1.67'],
      ]);
      const restated = await kpiReport(client, 'csi_service', { ...jan(), view: 'restated' });
      expect(restated.points[0]).toMatchObject({ value: '81.67', closed: { asClosed: { value: '80.00' }, restated: { value: '81.67' } } });

      const rework = await kpiReport(client, 'rework_rate', { ...jan(), view: 'as-closed' });
      expect(rework.points[0]).toMatchObject({
        value: '25.00',
        closed: { asClosed: { value: '25.00', numerator: '1' }, restated: { value: '50.00', numerator: '2' }, difference: '25.00' },
      });
      // February is not closed: no "as closed" figures, the view changes nothing there.
      const feb = await kpiReport(client, 'service_revenue', { ...jan({ branchIds: ['MAD-01'], from: '2026-02-01', to: '2026-02-28' }), view: 'as-closed' });
      expect(feb.points[0]).toMatchObject({ value: '200.00', closed: null });
    });

    it('reopen and re-close move the revenue; redelivering every batch changes no figure', async () => {
      const before = await value('service_revenue', { branchIds: undefined, level: 'group', currency: 'group', from: '2026-01-01', to: '2026-02-28' });
      const reclosed = { ...RO('BJ-A', 'VB1', 'maintenance', 'customer', '2026-02-03', { mechanical: '350.00' }), branchId: 'BJ-01', closeSequence: 2 };
      expect(
        await write([
          reopened({ ...RO('BJ-A', 'VB1', 'maintenance', 'customer', '2026-01-08', { mechanical: '300.00' }), branchId: 'BJ-01' }, shanghai('2026-02-02')),
          closed(reclosed),
        ]),
      ).toEqual({ rejected: [] });
      const moved = await value('service_revenue', { branchIds: ['BJ-01'], from: '2026-01-01', to: '2026-02-28' });
      expect(moved).toEqual([
        ['BJ-01', '2026-01', '500.00', '500.00', null],
        ['BJ-01', '2026-02', '50.00', '50.00', null], // −300.00 reversed on 2 Feb, +350.00 on 3 Feb
      ]);
      const after = await value('service_revenue', { branchIds: undefined, level: 'group', currency: 'group', from: '2026-01-01', to: '2026-02-28' });
      expect(await write([...org, ...january])).toEqual({ rejected: [] });
      expect(await value('service_revenue', { branchIds: undefined, level: 'group', currency: 'group', from: '2026-01-01', to: '2026-02-28' })).toEqual(after);
      expect(after).not.toEqual(before);
    });

    it("a branch's region move on the 15th splits its month as of the move", async () => {
      expect(
        await write([envelope('BranchRegionAssigned', { branchId: 'SH-01', regionId: 'NORTH', effectiveFrom: '2026-01-15' }, { branchId: 'SH-01' })]),
      ).toEqual({ rejected: [] });
      const q = { level: 'region' as const };
      // RO-1 (4th), RO-2 (12th), RO-3 (14th) closed in East; RO-5 (21st) in North.
      expect(await value('service_revenue', q)).toEqual([
        ['EAST', '2026-01', '3000.00', '3000.00', null],
        ['NORTH', '2026-01', '0.00', '0.00', null],
      ]);
      expect(await value('vehicle_intakes', q)).toEqual([
        ['EAST', '2026-01', '2', '2', null],
        ['NORTH', '2026-01', '1', '1', null],
      ]);
      // The branch itself is whole.
      expect(await value('vehicle_intakes')).toEqual([['SH-01', '2026-01', '3', '3', null]]);
    });

    if (source === 'facts') {
      it('lineage: the facts behind every figure add up to it — branch, region and group, branch and group currency, as closed and restated', async () => {
        const q = (overrides: Partial<KpiQuery>): KpiQuery => jan({ from: '2026-01-01', to: '2026-02-28', branchIds: undefined, ...overrides });
        let checked = 0;
        checked += await expectLineageAddsUpToEveryFigure(client, q({ level: 'branch', currency: 'branch' }));
        checked += await expectLineageAddsUpToEveryFigure(client, q({ level: 'region', currency: 'group' }));
        checked += await expectLineageAddsUpToEveryFigure(client, q({ level: 'group', currency: 'group', bucket: 'quarter' }));
        checked += await expectLineageAddsUpToEveryFigure(client, q({ level: 'group', currency: 'branch' }));
        checked += await expectLineageAddsUpToEveryFigure(client, q({ level: 'branch', currency: 'branch', asClosed: true }));
        expect(checked).toBeGreaterThan(150);
      }, 600_000);
    }

    /** The SQL of the queries a call sends. */
    const sqlOf = async <T>(call: () => Promise<T>): Promise<{ result: T; sql: string[] }> => {
      const spy = jest.spyOn(client, 'query');
      try {
        const result = await call();
        return { result, sql: spy.mock.calls.map(([sql]) => sql) };
      } finally {
        spy.mockRestore();
      }
    };

    if (source === 'facts') {
      it("a month's figures are the same read alone or with the months before it (a report reads 1 January to the month once)", async () => {
        const ids = KPI_CATALOGUE.map((k) => k.id).filter((id) => isMeasuredKpi(id));
        let compared = 0;
        for (const month of [
          { from: '2026-01-01', to: '2026-01-31', earlier: '2025-11-01' },
          { from: '2026-02-01', to: '2026-02-28', earlier: '2025-12-01' },
        ]) {
          const alone = { from: month.from, to: month.to, branchIds: undefined };
          const withEarlier = { ...alone, from: month.earlier };
          const of = (points: readonly KpiPoint[]) => points.filter((p) => p.periodStart === month.from);
          const all = (points: Map<string, KpiPoint[]>) => Object.fromEntries([...points].map(([id, ps]) => [id, of(ps)]));
          const expected = all(await evaluateKpis(client, ids, jan(alone)));
          compared += Object.values(expected).flat().length;
          expect(all(await evaluateKpis(client, ids, jan(withEarlier)))).toEqual(expected);
          // Broken down by each dimension the KPI supports, too (a breakdown's joins read whole histories).
          for (const id of ids) {
            for (const by of kpiDimensions(id)) {
              const label = `${month.from} ${id} by ${by}`;
              const one = of(await evaluateKpi(client, id, jan({ ...alone, by })));
              const together = of(await evaluateKpi(client, id, jan({ ...withEarlier, by })));
              expect({ label, points: together }).toEqual({ label, points: one });
            }
          }
        }
        expect(compared).toBeGreaterThan(50);
      }, 300_000);
    }

    it(`whole months read ${source === 'rollup' ? 'the roll-up' : 'the facts (no roll-up kept here)'}: every measured KPI, the same figures as the facts`, async () => {
      const ids = KPI_CATALOGUE.map((k) => k.id).filter((id) => isMeasuredKpi(id) && id !== FOLLOW_UP);
      expect(ids.length).toBeGreaterThanOrEqual(37);
      const runs = (['branch', 'region', 'group'] as const satisfies readonly KpiLevel[]).flatMap((level) =>
        (['branch', 'group'] as const).flatMap((currency) => [false, true].map((asClosed) => ({ level, currency, asClosed }))),
      );
      // Without a roll-up both read the facts: one run shows it.
      for (const { level, currency, asClosed } of source === 'rollup' ? runs : runs.slice(-1)) {
        const q = jan({ from: '2025-12-01', to: '2026-02-28', level, currency, asClosed, branchIds: undefined });
        const facts = await sqlOf(() => evaluateKpis(client, ids, { ...q, rollup: false }));
        const rolled = await sqlOf(() => evaluateKpis(client, ids, { ...q, rollup: true }));
        const label = `${level} ${currency} ${asClosed ? 'as closed' : 'restated'}`;
        expect({ label, points: Object.fromEntries(rolled.result) }).toEqual({ label, points: Object.fromEntries(facts.result) });
        expect(facts.sql.some(readsRollup)).toBe(false);
        expect(rolled.sql.some(readsRollup)).toBe(source === 'rollup');
        expect(facts.result.get('service_revenue')?.length).toBeGreaterThan(0);
      }
      // 24 evaluations of every KPI; those the roll-up does not hold (the customer base's 12-month windows among them) read the facts in each.
    }, 180_000);

    if (source === 'rollup') {
      it('reads the facts while the stored roll-up is not of the current definition, and the roll-up again once it is', async () => {
        const feb = { branchIds: ['SH-01'], from: '2026-02-01', to: '2026-02-28' };
        const truth = await value('service_revenue', { ...feb, rollup: false });
        // A row only the roll-up holds: what the engine shows tells which one it read.
        const [{ v } = { v: '0' }] = await client.query<{ v: string }>(`SELECT toString(max(version) + 1) AS v FROM ${ROLLUP_KPI_MONTH}`);
        await client.insert(ROLLUP_KPI_MONTH, [
          {
            kpi: 'service_revenue',
            view: 'restated',
            branch_id: 'SH-01',
            month: '2026-02-01',
            region_id: 'NORTH',
            currency: 'CNY',
            num: '1234.00',
            den: '0',
            version: v,
            is_deleted: 0,
          },
        ]);
        expect(await value('service_revenue', feb)).toEqual([['SH-01', '2026-02', '1234.00', '1234.00', null]]);

        const staleAt = new Date();
        await client.insert(ROLLUP_DEFINITIONS, [{ rollup: ROLLUP_KPI_MONTH, definition_hash: 'an older definition', built_at: builtAt(staleAt) }]);
        forgetRollupCheck(client);
        const stale = await sqlOf(() => value('service_revenue', feb));
        expect(stale.result).toEqual(truth);
        expect(stale.sql.some(readsRollup)).toBe(false);
        expect(await value('service_revenue')).toEqual([['SH-01', '2026-01', '3000.00', '3000.00', null]]);
        expect(await value('rework_rate', { branchIds: undefined, level: 'group' })).toEqual([['group', '2026-01', '28.57', '2', '7']]);

        await client.insert(ROLLUP_DEFINITIONS, [
          { rollup: ROLLUP_KPI_MONTH, definition_hash: KPI_MONTH_ROLLUP_DEFINITION, built_at: builtAt(new Date(staleAt.getTime() + 1_000)) },
        ]);
        forgetRollupCheck(client);
        expect(await value('service_revenue', feb)).toEqual([['SH-01', '2026-02', '1234.00', '1234.00', null]]);
        // A recompute of that month drops the key no fact supports.
        await recomputeKpiMonths(client, [{ from: '2026-02-01', to: '2026-03-01', branches: ['SH-01'] }]);
        expect(await value('service_revenue', feb)).toEqual(truth);
      });
    }
  },
);
