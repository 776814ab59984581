import { amountOfCents } from '@app/contracts';
import { BranchPlan, REGION_MOVE, RegionPlan, springFestival } from './catalogue';
import { BranchTimeline, SimCommand, Staff } from './plan';
import { Random } from './random';
import { addDays, addMonths } from './time';

/** A branch of the simulation with its first trading month (a late opening starts later). */
export interface SimulatedBranch {
  readonly plan: BranchPlan;
  readonly staff: Staff;
  readonly firstMonth: string;
  readonly openedOn: string;
  readonly timeline: BranchTimeline;
}

export interface OrgPlanInput {
  readonly seed: number;
  readonly rng: Random;
  readonly regions: readonly RegionPlan[];
  readonly branches: readonly SimulatedBranch[];
  readonly months: readonly string[];
}

/** Public holidays of mainland China (new year, Spring Festival week, Qingming, Labour Day, Dragon Boat, National Day week), approximately. */
function chineseHolidays(year: number): string[] {
  const festival = springFestival(year);
  const days = [`${year}-01-01`];
  for (let i = -1; i <= 6; i++) days.push(addDays(festival, i));
  days.push(`${year}-04-04`, `${year}-04-05`);
  for (let d = 1; d <= 5; d++) days.push(`${year}-05-0${d}`);
  days.push(`${year}-06-10`);
  for (let d = 1; d <= 7; d++) days.push(`${year}-10-0${d}`);
  return [...new Set(days.filter((d) => d.startsWith(String(year))))].sort();
}

function spanishHolidays(year: number): string[] {
  return [
    `${year}-01-01`,
    `${year}-01-06`,
    `${year}-05-01`,
    `${year}-08-15`,
    `${year}-10-12`,
    `${year}-11-01`,
    `${year}-12-06`,
    `${year}-12-08`,
    `${year}-12-25`,
  ];
}

function roundTo(cents: bigint, step: bigint): bigint {
  return ((cents + step / 2n) / step) * step;
}

/**
 * Head office's set-up and plans: regions, branches (opened, assigned to a region, one moved to
 * another region half-way), staff, holiday calendars, KPI settings, the monthly EUR→CNY rates,
 * and quota (任务) and stretch (目标) targets per branch, region and group for the headline KPIs,
 * some revised mid-year. Targets are set from the plan's own expectations with a margin, never
 * derived from one another.
 */
export function generateOrg({ seed, rng, regions, branches, months }: OrgPlanInput): SimCommand[] {
  const commands: SimCommand[] = [];
  const add = (name: string, params: Record<string, string>, body: Record<string, unknown>, key: string) =>
    commands.push({ scope: 'org', name, params, body, key: `sim${seed}:${name}:${key}`, at: 0 });
  const first = months[0]!;
  const last = months[months.length - 1]!;
  const years = [...new Set(months.map((m) => Number(m.slice(0, 4))))];

  for (const region of regions) add('DefineRegion', {}, { regionId: region.regionId, name: region.name }, region.regionId);
  for (const { plan, openedOn } of branches) {
    add(
      'OpenBranch',
      {},
      {
        branchId: plan.branchId,
        name: plan.name,
        brands: [...plan.brands],
        currency: plan.currency,
        timeZone: plan.timeZone,
        cutoffMinutes: plan.cutoffMinutes,
        openedOn,
      },
      plan.branchId,
    );
    add('AssignBranchRegion', { branchId: plan.branchId }, { regionId: plan.regionId, effectiveFrom: openedOn }, `${plan.branchId}:${openedOn}`);
  }
  const mover = branches.find((b) => b.plan.branchId === REGION_MOVE.branchId);
  if (mover && months.length > REGION_MOVE.afterMonths && regions.some((r) => r.regionId === REGION_MOVE.toRegionId)) {
    const effectiveFrom = `${addMonths(first, REGION_MOVE.afterMonths)}-01`;
    add(
      'AssignBranchRegion',
      { branchId: mover.plan.branchId },
      { regionId: REGION_MOVE.toRegionId, effectiveFrom },
      `${mover.plan.branchId}:${effectiveFrom}`,
    );
  }
  for (const { plan, staff, openedOn } of branches) {
    const assign = (ids: readonly string[], department: string, role: string) => {
      for (const employeeId of ids) add('AssignEmployee', { employeeId }, { branchId: plan.branchId, department, role, effectiveFrom: openedOn }, employeeId);
    };
    assign(staff.consultants, 'sales', 'sales_consultant');
    assign(staff.advisors, 'service', 'service_advisor');
    assign(staff.technicians, 'service', 'technician');
    assign(staff.callers, 'service', 'other');
    staff.managers.forEach((id, i) => assign([id], ['sales', 'service', 'parts'][i] ?? 'admin', 'manager'));
  }
  for (const year of years) {
    for (const region of regions) {
      const spanish = region.regionId === 'IBERIA';
      add(
        'SetHolidayCalendar',
        {},
        {
          scope: 'region',
          scopeId: region.regionId,
          year,
          holidays: spanish ? spanishHolidays(year) : chineseHolidays(year),
          extraWorkingDays: [],
        },
        `${region.regionId}:${year}`,
      );
    }
  }
  add('ChangeKpiSetting', {}, { key: 'rework_window_days', value: '30', effectiveFrom: `${first}-01` }, `rework_window_days:${first}`);
  add('ChangeKpiSetting', {}, { key: 'follow_up_working_days', value: '3', effectiveFrom: `${first}-01` }, `follow_up_working_days:${first}`);

  // Monthly rates, a random walk around 7.8 CNY per EUR.
  const eurRates = new Map<string, string>();
  if (branches.some((b) => b.plan.currency === 'EUR')) {
    const r = rng.fork('rates');
    let rate = 7.65 + r.next() * 0.3;
    for (const month of months) {
      rate = Math.min(8.3, Math.max(7.3, rate + r.gaussian() * 0.06));
      eurRates.set(month, rate.toFixed(4));
      add('SetExchangeRate', {}, { month, fromCurrency: 'EUR', toCurrency: 'CNY', rate: rate.toFixed(4) }, `EUR-CNY:${month}`);
    }
  }
  /** Cents of a year's EUR total in CNY at the mean of that year's simulated rates (7.8 when none falls in it). */
  const eurToCny = (cents: bigint, year: string) => {
    const rates = [...eurRates].filter(([month]) => month.startsWith(`${year}-`)).map(([, rate]) => BigInt(rate.replace('.', '')));
    const mean = rates.length > 0 ? rates.reduce((a, b) => a + b, 0n) / BigInt(rates.length) : 78_000n;
    return (cents * mean) / 10_000n;
  };

  const r = rng.fork('targets');
  const pct = (value: bigint, percent: number) => (value * BigInt(Math.round(percent * 100))) / 10000n;
  type Cell = { kpi: string; periodKind: string; period: string; grain: string; grainId?: string };
  const cellKey = (cell: Cell) => `${cell.kpi}:${cell.grain}:${cell.grainId ?? 'group'}:${cell.period}`;
  const target = (cell: Cell, kind: 'quota' | 'stretch', value: string, unit: string) =>
    add('SetTarget', {}, { ...cell, kind, value, unit }, `${cellKey(cell)}:${kind}`);
  /** A mid-year revision of a money quota: 3–10 % down, at least one rounding step, never to zero (nor unchanged). */
  const revise = (cell: Cell, quota: bigint, step: bigint, unit: string) => {
    let value = roundTo(pct(quota, r.between(90, 97)), step);
    if (value >= quota) value = quota - step;
    if (value <= 0n) value = quota + step;
    add(
      'ReviseTarget',
      {},
      { ...cell, kind: 'quota', value: amountOfCents(value), unit, supersedesVersion: 1, reason: 'mid-year plan revision' },
      `${cellKey(cell)}:quota:2`,
    );
  };
  const step = (currency: string, yearly: boolean) => (currency === 'EUR' ? (yearly ? 100_000n : 10_000n) : yearly ? 1_000_000n : 100_000n);
  /** A money quota: the planned figure with a margin, rounded to the step, at least one step. */
  const quotaOf = (planned: bigint, percent: number, unitStep: bigint) => {
    const value = roundTo(pct(planned, percent), unitStep);
    return value < unitStep ? unitStep : value;
  };
  const regionTotals = new Map<string, bigint>();

  for (const { plan, timeline, firstMonth } of branches) {
    const revised = r.chance(0.35);
    const unit = plan.currency;
    const cell = (kpi: string, periodKind: string, period: string): Cell => ({ kpi, periodKind, period, grain: 'branch', grainId: plan.branchId });
    for (const year of years) {
      const inYear = months.filter((m) => m.startsWith(`${year}-`) && m >= firstMonth);
      if (inYear.length === 0) continue;
      const sum = (pick: (month: string) => bigint) => inYear.reduce((acc, m) => acc + pick(m), 0n);
      const annualise = (value: bigint) => (value * 12n) / BigInt(inYear.length);
      const revenue = quotaOf(annualise(sum((m) => timeline.figuresOf(m).serviceRevenueCents)), r.between(96, 112), step(plan.currency, true));
      const units = BigInt(Math.max(1, Number((annualise(sum((m) => BigInt(timeline.figuresOf(m).unitsDelivered))) * BigInt(r.int(97, 110))) / 100n)));
      const region = plan.regionId;
      const inGroupCurrency = plan.currency === 'EUR' ? eurToCny(revenue, String(year)) : revenue;
      regionTotals.set(`${region}:${year}`, (regionTotals.get(`${region}:${year}`) ?? 0n) + inGroupCurrency);
      target(cell('service_revenue', 'year', String(year)), 'quota', amountOfCents(revenue), unit);
      target(cell('service_revenue', 'year', String(year)), 'stretch', amountOfCents(roundTo(pct(revenue, 110), step(plan.currency, true))), unit);
      target(cell('units_delivered', 'year', String(year)), 'quota', String(units), 'units');
      target(cell('units_delivered', 'year', String(year)), 'stretch', String((units * 112n) / 100n), 'units');
      target(cell('csi_service', 'year', String(year)), 'quota', '90', 'score');
      target(cell('csi_service', 'year', String(year)), 'stretch', '93', 'score');
      target(cell('rework_rate', 'year', String(year)), 'quota', '3.00', 'percent');
      target(cell('rework_rate', 'year', String(year)), 'stretch', '2.00', 'percent');
      const july = `${year}-07`;
      if (revised && inYear.includes(july)) {
        revise(cell('service_revenue', 'year', String(year)), revenue, step(plan.currency, true), unit);
      }
      for (const month of inYear) {
        const f = timeline.figuresOf(month);
        const monthRevenue = quotaOf(f.serviceRevenueCents, r.between(92, 112), step(plan.currency, false));
        target(cell('service_revenue', 'month', month), 'quota', amountOfCents(monthRevenue), unit);
        target(cell('service_revenue', 'month', month), 'stretch', amountOfCents(roundTo(pct(monthRevenue, 110), step(plan.currency, false))), unit);
        const monthUnits = Math.max(1, Math.round(f.unitsDelivered * r.between(0.95, 1.12)));
        target(cell('units_delivered', 'month', month), 'quota', String(monthUnits), 'units');
        target(cell('units_delivered', 'month', month), 'stretch', String(Math.ceil(monthUnits * 1.12)), 'units');
        if (revised && month >= july && month <= `${year}-12` && inYear.includes(july)) {
          revise(cell('service_revenue', 'month', month), monthRevenue, step(plan.currency, false), unit);
        }
      }
    }
  }
  // A region's target is in the group currency (CNY), like its consolidated figure: the euro
  // branches' quotas count at the year's mean rate.
  for (const [key, total] of regionTotals) {
    const [regionId, year] = key.split(':') as [string, string];
    const cell: Cell = { kpi: 'service_revenue', periodKind: 'year', period: year, grain: 'region', grainId: regionId };
    target(cell, 'quota', amountOfCents(roundTo(pct(total, 103), step('CNY', true))), 'CNY');
  }
  if (last >= first) {
    const cell = (year: number): Cell => ({ kpi: 'csi_service', periodKind: 'year', period: String(year), grain: 'group' });
    for (const year of years) target(cell(year), 'quota', '91', 'score');
  }
  return commands;
}
