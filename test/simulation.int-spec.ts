/**
 * Issue 7, "done when": a small simulation (3 branches × 2 months) runs through the real path —
 * the Nest app with the real command handlers over a fresh Postgres database, relay → Kafka →
 * projector → embedded ClickHouse — and the KPI figures the pages show (the KPI engine, evaluateKpis)
 * equal an independent recomputation from the events read back from the event store.
 *
 * It also reads the demo's plans and closes as the pages do (kpiReports): attainment on both sides
 * of 100 %, the group's revised annual plan, closed months whose restated figures differ from the
 * "as closed" ones.
 *
 * The recomputation below is plain TypeScript over the event payloads, following DOMAIN.md and
 * docs/kpis.md; it imports nothing of the project's KPI, projection or business-date code.
 */
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { PlatformModule } from '../apps/platform/src/platform.module';
import { CLICKHOUSE_CLIENT, ClickHouseClient } from '@app/clickhouse';
import { evaluateKpis, KpiPoint, kpiReports, KpiReportPoint } from '@app/kpi';
import { expectLineageAddsUpToEveryFigure } from '@app/projections/testing';
import { loadPlatformConfig } from '@app/platform-kit';
import { planSimulation, runSimulation, SimulationOptions } from '@app/simulator';
import { createTestDatabase, expectEventually, TestDatabase, uniqueId, useTestClickHouse } from '@app/testing';

// Seed 30: this small run holds each of the rarer cases (comebacks, a reopened RO, a vehicle return,
// parts returns, a transfer between branches, a cancelled order), so the recomputation meets them.
const OPTIONS: SimulationOptions = { seed: 30, branches: 3, months: 2, scale: 0.1, endMonth: '2026-02' };
const FROM = '2026-01';
const TO = '2026-02';

// ─────────────────────────── the independent recomputation ───────────────────────────

interface StoredEvent {
  readonly type: string;
  readonly branchId: string;
  readonly occurredAt: string;
  readonly payload: Record<string, unknown>;
}

interface Calendar {
  readonly timeZone: string;
  readonly cutoffMinutes: number;
}

type Money = { net: string };

/** Cents of a two-decimal amount. */
function cents(amount: string): bigint {
  const negative = amount.startsWith('-');
  const [whole, fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const value = BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0'));
  return negative ? -value : value;
}

function amount(value: bigint): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  return `${negative ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** num ÷ den (both ≥ 0, den > 0) rounded half-up to `digits` places. */
function halfUp(num: bigint, den: bigint, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const scaled = (num * scale * 2n + den) / (den * 2n);
  return `${scaled / scale}.${String(scaled % scale).padStart(digits, '0')}`;
}

/** The business date: the local date in the branch's time zone of the instant minus the branch's cut-off. */
function businessDate(instant: string, calendar: Calendar): string {
  const shifted = new Date(Date.parse(instant) - calendar.cutoffMinutes * 60_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: calendar.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(shifted);
}

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/** Thousandths of a decimal string with up to three places (CSI answers, scales, weights). */
function thousandths(value: string): bigint {
  const [whole, fraction = ''] = value.split('.');
  return BigInt(whole!) * 1000n + BigInt(fraction.padEnd(3, '0'));
}

/** An exact fraction, for CSI scores. */
class Fraction {
  constructor(
    readonly n: bigint,
    readonly d: bigint,
  ) {}
  plus(o: Fraction): Fraction {
    return new Fraction(this.n * o.d + o.n * this.d, this.d * o.d);
  }
}

interface ExpectedFigures {
  serviceRevenue: Record<string, { totalNet: string; labourNet: string; partsNet: string }>;
  perVehicleYield: Record<string, { revenueNet: string; intakes: number; closedRepairOrders: number; yieldNet: string | null }>;
  reworkRate: Record<string, { closedRepairOrders: number; comebacks: number; ratePercent: string | null }>;
  serviceCsi: Record<string, { responses: number; csi: string | null }>;
  vehicleSales: Record<string, { unitsDelivered: number; unitsReturned: number; newVehiclesNet: string; usedVehiclesNet: string }>;
  partsSales: Record<string, { revenueNet: string }>;
}

const NON_KPI_JOB_TYPES = new Set(['internal', 'pdi']);
const REWORK_WINDOW_DAYS = 30;

/** Every figure per `branch|month`, from the events alone, by DOMAIN.md's and docs/kpis.md's definitions. */
function recompute(events: readonly StoredEvent[]): ExpectedFigures {
  const calendars = new Map<string, Calendar>();
  for (const e of events.filter((x) => x.type === 'BranchOpened')) {
    const p = e.payload as { branchId: string; timeZone: string; cutoffMinutes: number };
    calendars.set(p.branchId, { timeZone: p.timeZone, cutoffMinutes: p.cutoffMinutes });
  }
  const dateOf = (instant: string, branchId: string) => businessDate(instant, calendars.get(branchId)!);
  const monthOf = (instant: string, branchId: string) => dateOf(instant, branchId).slice(0, 7);
  const key = (branchId: string, month: string) => `${branchId}|${month}`;
  const inWindow = (month: string) => month >= FROM && month <= TO;
  const bump = <T>(map: Record<string, T>, k: string, init: () => T, change: (value: T) => void) => {
    map[k] ??= init();
    change(map[k]);
  };

  // Service revenue: each close's totals on the close's business date, each reopening's reversed totals negative on its own date.
  const revenue: Record<string, { total: bigint; labour: bigint; parts: bigint }> = {};
  // The closed set of a month: +1 per close, −1 per reopening of a close of the same month; an RO counts when positive.
  const closedSet = new Map<string, { branchId: string; month: string; roId: string; visit: string; net: number; revenue: bigint }>();
  for (const e of events) {
    if (e.type !== 'RepairOrderClosed' && e.type !== 'RepairOrderReopened') continue;
    const p = e.payload as {
      repairOrderId: string;
      intakeVisitId: string;
      jobType: string;
      totals?: { total: Money; labour: Money; parts: Money };
      reversedTotals?: { total: Money; labour: Money; parts: Money };
      reversedClosedAt?: string;
    };
    if (NON_KPI_JOB_TYPES.has(p.jobType)) continue;
    const closing = e.type === 'RepairOrderClosed';
    const totals = closing ? p.totals! : p.reversedTotals!;
    const sign = closing ? 1n : -1n;
    const month = monthOf(e.occurredAt, e.branchId);
    bump(
      revenue,
      key(e.branchId, month),
      () => ({ total: 0n, labour: 0n, parts: 0n }),
      (r) => {
        r.total += sign * cents(totals.total.net);
        r.labour += sign * cents(totals.labour.net);
        r.parts += sign * cents(totals.parts.net);
      },
    );
    if (!closing && monthOf(p.reversedClosedAt!, e.branchId) !== month) continue; // reverses a close of an earlier month
    const k = `${e.branchId}|${month}|${p.repairOrderId}`;
    const entry = closedSet.get(k) ?? { branchId: e.branchId, month, roId: p.repairOrderId, visit: p.intakeVisitId, net: 0, revenue: 0n };
    entry.net += closing ? 1 : -1;
    entry.revenue += sign * cents(totals.total.net);
    closedSet.set(k, entry);
  }
  const closed = [...closedSet.values()].filter((c) => c.net > 0);

  // Comebacks: charged to the original RO's branch and the month of its close, when opened within W days of that close.
  const comebacks = new Set<string>();
  for (const e of events.filter((x) => x.type === 'ComebackRegistered')) {
    const p = e.payload as { originalRepairOrderId: string; originalBranchId: string; originalClosedAt: string; openedAt: string; originalJobType: string };
    if (NON_KPI_JOB_TYPES.has(p.originalJobType)) continue;
    const closeDate = dateOf(p.originalClosedAt, p.originalBranchId);
    const days = dayNumber(dateOf(p.openedAt, e.branchId)) - dayNumber(closeDate);
    if (days >= 0 && days <= REWORK_WINDOW_DAYS) comebacks.add(`${p.originalBranchId}|${closeDate.slice(0, 7)}|${p.originalRepairOrderId}`);
  }

  const perVehicleYield: ExpectedFigures['perVehicleYield'] = {};
  const reworkRate: ExpectedFigures['reworkRate'] = {};
  const groups = new Map<string, typeof closed>();
  for (const c of closed) groups.set(key(c.branchId, c.month), [...(groups.get(key(c.branchId, c.month)) ?? []), c]);
  for (const [k, ros] of groups) {
    const total = ros.reduce((sum, c) => sum + c.revenue, 0n);
    const intakes = new Set(ros.map((c) => c.visit)).size;
    perVehicleYield[k] = {
      revenueNet: amount(total),
      intakes,
      closedRepairOrders: ros.length,
      yieldNet: total >= 0n ? halfUp(total, BigInt(intakes) * 100n, 2) : null,
    };
    const charged = ros.filter((c) => comebacks.has(`${c.branchId}|${c.month}|${c.roId}`)).length;
    reworkRate[k] = { closedRepairOrders: ros.length, comebacks: charged, ratePercent: halfUp(BigInt(charged) * 100n, BigInt(ros.length), 2) };
  }

  // Service CSI: the mean of response scores (weighted mean of answers normalised to 0–100), in the month of the referenced close.
  const jobTypes = new Map<string, string>();
  for (const e of events.filter((x) => x.type === 'RepairOrderOpened')) {
    const p = e.payload as { repairOrderId: string; jobType: string };
    jobTypes.set(p.repairOrderId, p.jobType);
  }
  const scores: Record<string, Fraction[]> = {};
  for (const e of events.filter((x) => x.type === 'CsiSurveyResponded')) {
    const p = e.payload as {
      kind: string;
      repairOrderId: string | null;
      referencedAt: string;
      answers: { answer: string; min: string; max: string; weight: string }[];
    };
    if (p.kind !== 'service' || NON_KPI_JOB_TYPES.has(jobTypes.get(p.repairOrderId ?? '') ?? '')) continue;
    let weighted = new Fraction(0n, 1n);
    let weights = 0n;
    for (const a of p.answers) {
      const w = thousandths(a.weight);
      weighted = weighted.plus(new Fraction(w * (thousandths(a.answer) - thousandths(a.min)) * 100n, thousandths(a.max) - thousandths(a.min)));
      weights += w;
    }
    const score = new Fraction(weighted.n, weighted.d * weights);
    bump(
      scores,
      key(e.branchId, monthOf(p.referencedAt, e.branchId)),
      () => [],
      (list) => list.push(score),
    );
  }
  const serviceCsi: ExpectedFigures['serviceCsi'] = {};
  for (const k of new Set([...Object.keys(scores), ...groups.keys()])) {
    const list = scores[k] ?? [];
    const sum = list.reduce((acc, s) => acc.plus(s), new Fraction(0n, 1n));
    serviceCsi[k] = { responses: list.length, csi: list.length === 0 ? null : halfUp(sum.n, sum.d * BigInt(list.length), 2) };
  }

  // Units delivered and vehicle revenue (new and used apart): deliveries on their date, returns negative on theirs.
  const vehicleSales: ExpectedFigures['vehicleSales'] = {};
  const vehicleRevenue: Record<string, { new: bigint; used: bigint }> = {};
  for (const e of events) {
    if (e.type !== 'VehicleDelivered' && e.type !== 'VehicleReturned') continue;
    const k = key(e.branchId, monthOf(e.occurredAt, e.branchId));
    const delivered = e.type === 'VehicleDelivered';
    const net = cents(delivered ? (e.payload.invoice as Money).net : (e.payload.invoiceReversed as Money).net);
    bump(
      vehicleSales,
      k,
      () => ({ unitsDelivered: 0, unitsReturned: 0, newVehiclesNet: '', usedVehiclesNet: '' }),
      (v) => {
        if (delivered) v.unitsDelivered++;
        else v.unitsReturned++;
      },
    );
    bump(
      vehicleRevenue,
      k,
      () => ({ new: 0n, used: 0n }),
      (r) => {
        r[e.payload.condition === 'new' ? 'new' : 'used'] += delivered ? net : -net;
      },
    );
  }
  for (const [k, v] of Object.entries(vehicleSales)) {
    v.newVehiclesNet = amount(vehicleRevenue[k]?.new ?? 0n);
    v.usedVehiclesNet = amount(vehicleRevenue[k]?.used ?? 0n);
  }

  // Parts counter sales: PartsSold lines minus customer returns, each on its own date (transfers and issues to ROs are not counter sales).
  const partsSales: ExpectedFigures['partsSales'] = {};
  const partsNet: Record<string, bigint> = {};
  for (const e of events) {
    const lines = (e.payload.lines ?? []) as { amount: Money }[];
    const sold = e.type === 'PartsSold';
    const returned = e.type === 'PartsReturned' && e.payload.direction === 'from_customer';
    if (!sold && !returned) continue;
    const net = lines.reduce((sum, l) => sum + cents(l.amount.net), 0n);
    const k = key(e.branchId, monthOf(e.occurredAt, e.branchId));
    partsNet[k] = (partsNet[k] ?? 0n) + (sold ? net : -net);
  }
  for (const [k, v] of Object.entries(partsNet)) partsSales[k] = { revenueNet: amount(v) };

  const serviceRevenue: ExpectedFigures['serviceRevenue'] = {};
  for (const [k, r] of Object.entries(revenue)) serviceRevenue[k] = { totalNet: amount(r.total), labourNet: amount(r.labour), partsNet: amount(r.parts) };
  const windowed = <T>(map: Record<string, T>) =>
    Object.fromEntries(
      Object.entries(map)
        .filter(([k]) => inWindow(k.split('|')[1]!))
        .sort(),
    );
  return {
    serviceRevenue: windowed(serviceRevenue),
    perVehicleYield: windowed(perVehicleYield),
    reworkRate: windowed(reworkRate),
    serviceCsi: windowed(serviceCsi),
    vehicleSales: windowed(vehicleSales),
    partsSales: windowed(partsSales),
  };
}

// ─────────────────────────── the project's figures ───────────────────────────

/** The KPIs whose figures are compared, read as the pages read them: through the KPI engine. */
const ENGINE_KPIS = [
  'service_revenue',
  'service_labour_revenue',
  'service_parts_revenue',
  'per_vehicle_yield',
  'rework_rate',
  'csi_service',
  'csi_response_rate',
  'units_delivered',
  'units_returned',
  'revenue_new_vehicles',
  'revenue_used_vehicles',
  'parts_counter_sales',
];

async function projectFigures(client: ClickHouseClient): Promise<ExpectedFigures> {
  const [y, m] = TO.split('-').map(Number) as [number, number];
  const to = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  const points = await evaluateKpis(client, ENGINE_KPIS, { from: `${FROM}-01`, to, bucket: 'month', level: 'branch', currency: 'branch', now: new Date() });
  /** `branch|month` → the point of a KPI. */
  const of = (kpiId: string) => new Map<string, KpiPoint>((points.get(kpiId) ?? []).map((p) => [`${p.unitId}|${p.period}`, p]));
  const byKey = <T>(kpiId: string, pick: (k: string, p: KpiPoint) => T): Record<string, T> =>
    Object.fromEntries([...of(kpiId)].map(([k, p]) => [k, pick(k, p)] as const).sort(([a], [b]) => a.localeCompare(b)));
  const value = (kpiId: string) => {
    const map = of(kpiId);
    return (k: string) => map.get(k)?.value ?? null;
  };
  const labour = value('service_labour_revenue');
  const parts = value('service_parts_revenue');
  const csi = value('csi_service');
  const returned = value('units_returned');
  const used = value('revenue_used_vehicles');
  const revenueNewVehicles = value('revenue_new_vehicles');
  const rework = of('rework_rate');
  return {
    serviceRevenue: byKey('service_revenue', (k, p) => ({ totalNet: p.value!, labourNet: labour(k)!, partsNet: parts(k)! })),
    perVehicleYield: byKey('per_vehicle_yield', (k, p) => ({
      revenueNet: p.numerator,
      intakes: Number(p.denominator),
      closedRepairOrders: Number(rework.get(k)?.denominator),
      yieldNet: p.value,
    })),
    reworkRate: byKey('rework_rate', (_k, p) => ({ closedRepairOrders: Number(p.denominator), comebacks: Number(p.numerator), ratePercent: p.value })),
    // Responses are the response rate's numerator: a month with closed ROs and no survey has one too.
    serviceCsi: byKey('csi_response_rate', (k, p) => ({ responses: Number(p.numerator), csi: csi(k) })),
    vehicleSales: byKey('units_delivered', (k, p) => ({
      unitsDelivered: Number(p.value),
      unitsReturned: Number(returned(k)),
      newVehiclesNet: revenueNewVehicles(k)!,
      usedVehiclesNet: used(k)!,
    })),
    partsSales: byKey('parts_counter_sales', (_k, p) => ({ revenueNet: p.value! })),
  };
}

// ─────────────────────────── the test ───────────────────────────

describe('simulator: a small dealer group through the real path, its KPIs recomputed independently', () => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase('sim');
    useTestClickHouse();
    const config = loadPlatformConfig({ ...process.env, KAFKA_TOPIC_PREFIX: `${uniqueId('t')}.` });
    const moduleRef = await Test.createTestingModule({
      imports: [PlatformModule.forRoot({ config, databaseUrl: db.url, kafkaBrokers: process.env.KAFKA_BROKERS ?? '' })],
    }).compile();
    app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
    await app.init();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('records 3 branches × 2 months of business, and the KPI figures per branch and month equal a recomputation from the events', async () => {
    const plan = planSimulation(OPTIONS);
    const summary = await runSimulation(app, OPTIONS);
    expect(summary).toMatchObject({ commands: plan.total, replayed: 0, branches: ['SH-01', 'MAD-01', 'GZ-01'], fromMonth: FROM, toMonth: TO });

    const dataSource = app.get(DataSource);
    const rows = await dataSource.query<{ type: string; branch_id: string; occurred_at: Date; payload: Record<string, unknown> }[]>(
      'SELECT type, branch_id, occurred_at, payload FROM events ORDER BY global_position',
    );
    expect(rows).toHaveLength(summary.events);
    const events = rows.map((r) => ({ type: r.type, branchId: r.branch_id, occurredAt: r.occurred_at.toISOString(), payload: r.payload }));
    const expected = recompute(events);

    // The simulation is a believable one: every branch has each kind of figure in each month.
    const figures: Record<string, unknown>[] = [
      expected.serviceRevenue,
      expected.perVehicleYield,
      expected.reworkRate,
      expected.serviceCsi,
      expected.vehicleSales,
      expected.partsSales,
    ];
    for (const figure of figures) {
      expect(Object.keys(figure).sort()).toEqual(['GZ-01|2026-01', 'GZ-01|2026-02', 'MAD-01|2026-01', 'MAD-01|2026-02', 'SH-01|2026-01', 'SH-01|2026-02']);
    }
    const types = new Set(events.map((e) => e.type));
    for (const type of [
      'ComebackRegistered',
      'RepairOrderReopened',
      'VehicleReturned',
      'PartsReturned',
      'OrderCancelled',
      'CsiSurveyResponded',
      'InterBranchTransferReceived',
    ]) {
      expect([...types]).toContain(type);
    }

    const client = app.get<ClickHouseClient>(CLICKHOUSE_CLIENT);
    await expectEventually(async () => expect(await projectFigures(client)).toEqual(expected), { timeoutMs: 240_000, intervalMs: 1_000 });

    // Every figure of the demo can be explained: its facts add up to it (branches in their currency, regions consolidated).
    const months = { from: `${FROM}-01`, to: `${TO}-28`, bucket: 'month' as const, now: new Date() };
    const checked =
      (await expectLineageAddsUpToEveryFigure(client, { ...months, level: 'branch', currency: 'branch' }, 500)) +
      (await expectLineageAddsUpToEveryFigure(client, { ...months, level: 'region', currency: 'group' }, 500));
    expect(checked).toBeGreaterThan(200);
  }, 600_000);

  it('shows a demo worth looking at: plans missed and beaten, a revised plan, closed months and their restatements (through the KPI engine the pages use)', async () => {
    const plan = planSimulation(OPTIONS);
    const client = app.get<ClickHouseClient>(CLICKHOUSE_CLIENT);
    const read = async (level: 'branch' | 'region' | 'group', view: 'restated' | 'as-closed') => {
      const reports = await kpiReports(client, ['revenue', 'units_delivered', 'service_revenue'], {
        from: `${FROM}-01`,
        to: `${TO}-28`,
        bucket: 'month',
        level,
        currency: level === 'branch' ? 'branch' : 'group',
        view,
        now: new Date(),
      });
      return Object.fromEntries([...reports].map(([id, r]) => [id, r.points])) as Record<string, KpiReportPoint[]>;
    };
    const at = (points: KpiReportPoint[], unitId: string, month: string) => points.find((p) => p.unitId === unitId && p.period === month);
    const [lateClose] = plan.closes;
    const lateBranch = lateClose!.commands.find((c) => c.name === 'DeliverVehicle')!.body.branchId as string;
    await expectEventually(
      async () => {
        const branches = await read('branch', 'restated');
        // Every branch-month has a quota and a stretch target; attainment lands on both sides of 100 %.
        const points = Object.values(branches).flat();
        expect(points).toHaveLength(3 * 3 * 2);
        for (const p of points) expect(p.targets.quota && p.targets.stretch).toBeTruthy();
        const attainments = points.map((p) => Number(p.attainment.quota));
        expect(attainments.some((a) => a > 100)).toBe(true);
        expect(attainments.some((a) => a < 100)).toBe(true);
        // January is closed, February (the last month) is not.
        for (const p of points) expect(p.closed === null).toBe(p.period === TO);
        // The delivery synced late into closed January restates it: one more unit and its revenue beside the "as closed" figures.
        const units = at(branches.units_delivered!, lateBranch, FROM)!.closed!;
        expect(Number(units.difference)).toBe(1);
        const revenue = at(branches.revenue!, lateBranch, FROM)!.closed!;
        expect(Number(revenue.difference)).toBeGreaterThan(0);
        const asClosed = await read('branch', 'as-closed');
        expect(at(asClosed.revenue!, lateBranch, FROM)!.value).toBe(revenue.asClosed.value);
        expect(at(asClosed.revenue!, lateBranch, FROM)!.value).not.toBe(at(branches.revenue!, lateBranch, FROM)!.value);
        // Regions and the group have plans of their own; the group's annual revenue plan is in its second version.
        const group = await read('group', 'restated');
        const january = at(group.revenue!, 'group', FROM)!;
        expect(january.targets.quota).toMatchObject({ unit: 'CNY', version: 1 });
        expect(january.yearToDate?.annualQuota).toMatchObject({ unit: 'CNY', version: 2 });
        expect(january.closed!.difference).not.toBe('0.00');
        const regions = await read('region', 'restated');
        expect(regions.revenue!.filter((p) => p.targets.quota !== null)).toHaveLength(3 * 2);
      },
      { timeoutMs: 240_000, intervalMs: 1_000 },
    );
  }, 300_000);

  it('appends nothing when run again with the same seed: every command is answered from its idempotency key', async () => {
    const dataSource = app.get(DataSource);
    const count = async () => Number((await dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM events'))[0]!.n);
    const before = await count();
    const summary = await runSimulation(app, OPTIONS);
    expect(summary.replayed).toBe(summary.commands);
    expect(await count()).toBe(before);
  }, 600_000);
});
