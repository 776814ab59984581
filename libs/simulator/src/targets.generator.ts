import { amountOfCents } from '@app/contracts';
import { BASE_VOLUMES, BranchPlan, CNY_PER_EUR, labourRate, localPrice, modelsOf, REGION_MOVE, RegionPlan, seasonality, SIZE_FACTOR, vatOf } from './catalogue';
import { toCents } from './money';
import type { SimulatedBranch } from './org.generator';
import { SimCommand } from './plan';
import { Random } from './random';
import { addMonths, monthRange } from './time';

export interface TargetPlanInput {
  readonly seed: number;
  readonly rng: Random;
  readonly regions: readonly RegionPlan[];
  readonly branches: readonly SimulatedBranch[];
  /** The simulated months, oldest first. */
  readonly months: readonly string[];
  readonly scale: number;
  /** The simulated EUR→CNY rate per month (for region and group plans in the group currency). */
  readonly eurRates: ReadonlyMap<string, string>;
}

/**
 * Head office's planning assumptions, net, in the branch currency: what an average workshop intake
 * brings in service revenue and in parts counter and accessory sales. Set once near the
 * simulator's long-run means (24 branches × 12 months at scale 0.3 gave CNY 1,800–1,950 per intake
 * at the CNY 300 labour rate, 2,110–2,220 at 420, EUR 295–305): a plan, never the run's results.
 */
const SERVICE_REVENUE_PER_INTAKE = { CNY: 1_850, premium: 2_150, EUR: 300 } as const;
const PARTS_AND_ACCESSORIES_PER_INTAKE = { CNY: 450, EUR: 55 } as const;
/** About one lead in four is ordered, 6 % of orders are cancelled: deliveries per planned new-car month. */
const NEW_DELIVERY_YIELD = 0.95;
/** The average used car's gross price (the generator draws 38,000–180,000 CNY). */
const USED_CAR_GROSS_CNY = 109_000;
/** The average transaction price against the list price (orders are signed at 88–98.5 %). */
const PRICE_REALISATION = 0.9325;
/**
 * Hours sold per workshop intake (customer, warranty and insurance repair orders): set once near
 * the simulator's long-run mean (24 branches × 12 months at scale 0.3 gave 2.43–2.67 per intake,
 * 2.51 over all): a plan, never the run's results.
 */
const HOURS_SOLD_PER_INTAKE = 2.5;

/** What head office expects of a branch in a month, before its ambition: units, and money in the branch currency (units, not cents). */
export interface ExpectedLevel {
  readonly units: number;
  readonly serviceRevenue: number;
  readonly revenue: number;
  /** New vehicles' revenue (the consultants' money plan). */
  readonly newVehicleRevenue: number;
  /** Hours sold by the workshop (the technicians' plan). */
  readonly hoursSold: number;
}

/**
 * The expected level of a branch's month from the catalogue alone (size, scale, season, prices and
 * the planning assumptions above), never from the generated business: the simulated actuals then
 * land above or below the plan as the seeded draws fall.
 */
export function expectedLevel(branch: BranchPlan, month: string, scale: number): ExpectedLevel {
  const size = SIZE_FACTOR[branch.size] * scale;
  const newUnits = BASE_VOLUMES.newDeliveries * NEW_DELIVERY_YIELD * size * seasonality(branch, month, 'sales');
  const usedUnits = BASE_VOLUMES.usedDeliveries * size * seasonality(branch, month, 'sales');
  const vat = 1 + vatOf(branch) / 10_000;
  const models = modelsOf(branch);
  const newNet = (models.reduce((sum, m) => sum + m.listGross, 0) / Math.max(1, models.length)) * (PRICE_REALISATION / vat);
  const usedNet = localPrice(branch, USED_CAR_GROSS_CNY) / vat;
  const intakes = BASE_VOLUMES.intakes * size * seasonality(branch, month, 'service');
  const perIntake =
    branch.currency === 'EUR' ? SERVICE_REVENUE_PER_INTAKE.EUR : labourRate(branch) > 300 ? SERVICE_REVENUE_PER_INTAKE.premium : SERVICE_REVENUE_PER_INTAKE.CNY;
  const serviceRevenue = intakes * perIntake;
  const counter = intakes * PARTS_AND_ACCESSORIES_PER_INTAKE[branch.currency];
  return {
    units: newUnits + usedUnits,
    serviceRevenue,
    revenue: newUnits * newNet + usedUnits * usedNet + serviceRevenue + counter,
    newVehicleRevenue: newUnits * newNet,
    hoursSold: intakes * HOURS_SOLD_PER_INTAKE,
  };
}

function roundTo(cents: bigint, step: bigint): bigint {
  return ((cents + step / 2n) / step) * step;
}

const pct = (value: bigint, percent: number) => (value * BigInt(Math.round(percent * 100))) / 10000n;

/** A rounding step of money targets: CNY 1,000 a month and 10,000 a year; EUR 100 and 1,000. */
const step = (currency: string, yearly: boolean) => (currency === 'EUR' ? (yearly ? 100_000n : 10_000n) : yearly ? 1_000_000n : 100_000n);

/** A money target of `units` currency units, rounded to the step, at least one step. */
function moneyTarget(units: number, unitStep: bigint): bigint {
  const value = roundTo(toCents(units), unitStep);
  return value < unitStep ? unitStep : value;
}

type Cell = { kpi: string; periodKind: string; period: string; grain: string; grainId?: string };
const cellKey = (cell: Cell) => `${cell.kpi}:${cell.grain}:${cell.grainId ?? 'group'}:${cell.period}`;

/**
 * Head office's plans: quota (任务) and stretch (目标) targets per branch (revenue, service revenue
 * and units delivered, by year and month; service CSI and rework rate by year), per region and for
 * the group (revenue and units by year and month, in the group currency; service revenue by year;
 * service CSI for the group), a third of the branches' service-revenue plans (from July) and the
 * group's annual revenue plans revised (version 2), and per person for the latest year and month
 * (`addPersonTargets`). Each is drawn from the seeded stream around the expected level
 * of its own unit (`expectedLevel`, with an ambition per unit and year): never from the simulated
 * results, and never derived from another target, so children need not add up to their parent.
 */
export function generateTargets({ seed, rng: r, regions, branches, months, scale, eurRates }: TargetPlanInput): SimCommand[] {
  const commands: SimCommand[] = [];
  const add = (name: string, body: Record<string, unknown>, key: string) =>
    commands.push({ scope: 'org', name, params: {}, body, key: `sim${seed}:${name}:${key}`, at: 0 });
  const target = (cell: Cell, kind: 'quota' | 'stretch', value: string, unit: string) =>
    add('SetTarget', { ...cell, kind, value, unit }, `${cellKey(cell)}:${kind}`);
  const money = (cell: Cell, quota: bigint, stretchPercent: number, unitStep: bigint, unit: string) => {
    target(cell, 'quota', amountOfCents(quota), unit);
    target(cell, 'stretch', amountOfCents(roundTo(pct(quota, stretchPercent), unitStep)), unit);
  };
  /** A mid-year revision of a money quota: 3–10 % down, at least one rounding step, never to zero (nor unchanged). */
  const revise = (cell: Cell, quota: bigint, unitStep: bigint, unit: string) => {
    let value = roundTo(pct(quota, r.between(90, 97)), unitStep);
    if (value >= quota) value = quota - unitStep;
    if (value <= 0n) value = quota + unitStep;
    add(
      'ReviseTarget',
      { ...cell, kind: 'quota', value: amountOfCents(value), unit, supersedesVersion: 1, reason: 'mid-year plan revision' },
      `${cellKey(cell)}:quota:2`,
    );
  };
  const first = months[0]!;
  const years = [...new Set(months.map((m) => m.slice(0, 4)))];
  const moves = months.length > REGION_MOVE.afterMonths && regions.some((x) => x.regionId === REGION_MOVE.toRegionId);
  const regionOf = (branch: BranchPlan, month: string) =>
    moves && branch.branchId === REGION_MOVE.branchId && month >= addMonths(first, REGION_MOVE.afterMonths) ? REGION_MOVE.toRegionId : branch.regionId;
  /** Months of a year a branch trades in (the whole year is planned, also beyond the simulated window). */
  const planned = (b: SimulatedBranch, year: string) => monthRange(`${year}-01`, `${year}-12`).filter((m) => m >= b.openedOn.slice(0, 7));
  const inWindow = (b: SimulatedBranch, year: string) => months.filter((m) => m.startsWith(`${year}-`) && m >= b.firstMonth);
  const toCny = (b: SimulatedBranch, month: string, units: number) =>
    b.plan.currency === 'EUR' ? units * Number(eurRates.get(month) ?? eurRates.get(months[months.length - 1]!) ?? CNY_PER_EUR) : units;

  for (const b of branches) {
    const { plan } = b;
    const revised = r.chance(0.35);
    const unit = plan.currency;
    const cell = (kpi: string, periodKind: string, period: string): Cell => ({ kpi, periodKind, period, grain: 'branch', grainId: plan.branchId });
    for (const year of years) {
      const window = inWindow(b, year);
      if (window.length === 0) continue;
      // Head office's ambition for the branch this year: some plans are soft, some stretch it.
      const ambition = { revenue: r.between(0.88, 1.1), service: r.between(0.88, 1.1), units: r.between(0.85, 1.1) };
      const levels = planned(b, year).map((m) => expectedLevel(plan, m, scale));
      const sum = (pick: (l: ExpectedLevel) => number) => levels.reduce((acc, l) => acc + pick(l), 0);
      const yearRevenue = moneyTarget(sum((l) => l.revenue) * ambition.revenue, step(unit, true));
      const yearService = moneyTarget(sum((l) => l.serviceRevenue) * ambition.service, step(unit, true));
      const yearUnits = Math.max(1, Math.round(sum((l) => l.units) * ambition.units));
      money(cell('revenue', 'year', year), yearRevenue, r.between(106, 112), step(unit, true), unit);
      money(cell('service_revenue', 'year', year), yearService, 110, step(unit, true), unit);
      target(cell('units_delivered', 'year', year), 'quota', String(yearUnits), 'units');
      target(cell('units_delivered', 'year', year), 'stretch', String(Math.ceil(yearUnits * 1.12)), 'units');
      target(cell('csi_service', 'year', year), 'quota', '90', 'score');
      target(cell('csi_service', 'year', year), 'stretch', '93', 'score');
      target(cell('rework_rate', 'year', year), 'quota', '3.00', 'percent');
      target(cell('rework_rate', 'year', year), 'stretch', '2.00', 'percent');
      const july = `${year}-07`;
      const revise2 = revised && window.includes(july);
      if (revise2) revise(cell('service_revenue', 'year', year), yearService, step(unit, true), unit);
      for (const month of window) {
        const level = expectedLevel(plan, month, scale);
        const noise = () => r.between(0.96, 1.04);
        const monthRevenue = moneyTarget(level.revenue * ambition.revenue * noise(), step(unit, false));
        const monthService = moneyTarget(level.serviceRevenue * ambition.service * noise(), step(unit, false));
        const monthUnits = Math.max(1, Math.round(level.units * ambition.units * noise()));
        money(cell('revenue', 'month', month), monthRevenue, 110, step(unit, false), unit);
        money(cell('service_revenue', 'month', month), monthService, 110, step(unit, false), unit);
        target(cell('units_delivered', 'month', month), 'quota', String(monthUnits), 'units');
        target(cell('units_delivered', 'month', month), 'stretch', String(Math.ceil(monthUnits * 1.12)), 'units');
        if (revise2 && month >= july) revise(cell('service_revenue', 'month', month), monthService, step(unit, false), unit);
      }
    }
  }

  // Regions and the group: their own plans in the group currency (CNY), drawn around the expected
  // level of the branches they hold in each month (as of that month), with their own ambition.
  const units: { grain: string; grainId?: string; holds: (b: SimulatedBranch, month: string) => boolean }[] = [
    ...regions.map((region) => ({
      grain: 'region',
      grainId: region.regionId,
      holds: (b: SimulatedBranch, m: string) => regionOf(b.plan, m) === region.regionId,
    })),
    { grain: 'group', holds: () => true },
  ];
  for (const u of units) {
    const cell = (kpi: string, periodKind: string, period: string): Cell => ({
      kpi,
      periodKind,
      period,
      grain: u.grain,
      ...(u.grainId ? { grainId: u.grainId } : {}),
    });
    const level = (month: string) => {
      const held = branches.filter((b) => u.holds(b, month) && month >= b.openedOn.slice(0, 7));
      const of = held.map((b) => ({ b, l: expectedLevel(b.plan, month, scale) }));
      return {
        revenue: of.reduce((acc, { b, l }) => acc + toCny(b, month, l.revenue), 0),
        service: of.reduce((acc, { b, l }) => acc + toCny(b, month, l.serviceRevenue), 0),
        units: of.reduce((acc, { l }) => acc + l.units, 0),
      };
    };
    for (const year of years) {
      const window = months.filter((m) => m.startsWith(`${year}-`));
      if (!window.some((m) => level(m).units > 0)) continue;
      const ambition = { revenue: r.between(0.92, 1.08), units: r.between(0.9, 1.08) };
      const yearLevels = monthRange(`${year}-01`, `${year}-12`).map(level);
      const yearRevenue = moneyTarget(yearLevels.reduce((acc, l) => acc + l.revenue, 0) * ambition.revenue, step('CNY', true));
      money(cell('revenue', 'year', year), yearRevenue, 108, step('CNY', true), 'CNY');
      target(
        cell('units_delivered', 'year', year),
        'quota',
        String(Math.max(1, Math.round(yearLevels.reduce((acc, l) => acc + l.units, 0) * ambition.units))),
        'units',
      );
      if (u.grain === 'region') {
        const service = yearLevels.reduce((acc, l) => acc + l.service, 0) * r.between(0.92, 1.08);
        target(cell('service_revenue', 'year', year), 'quota', amountOfCents(moneyTarget(service, step('CNY', true))), 'CNY');
      } else {
        target(cell('csi_service', 'year', year), 'quota', '91', 'score');
        // Head office revises the group's revenue plan of every year once (its mid-year review).
        revise(cell('revenue', 'year', year), yearRevenue, step('CNY', true), 'CNY');
      }
      for (const month of window) {
        const l = level(month);
        if (l.units === 0) continue;
        money(
          cell('revenue', 'month', month),
          moneyTarget(l.revenue * ambition.revenue * r.between(0.97, 1.03), step('CNY', false)),
          108,
          step('CNY', false),
          'CNY',
        );
        target(cell('units_delivered', 'month', month), 'quota', String(Math.max(1, Math.round(l.units * ambition.units))), 'units');
      }
    }
  }
  addPersonTargets({ rng: r.fork('people'), branches, months, scale }, target);
  return commands;
}

/**
 * Quota and stretch targets per person (grain person) for the window's latest year and month:
 * units delivered and new-vehicle revenue for each sales consultant, hours sold for each
 * technician. The branch's expected level (`expectedLevel`) is shared among the branch's people of
 * that role, with a personal ambition drawn from the seeded stream (never from the simulated
 * results); whole units and hours, at least one, and a consultant's revenue plan is their units
 * at the expected new-vehicle revenue per unit delivered, so the two plans agree even at the demo's
 * small scale. Only the latest year and month, to keep the demo's command count small.
 */
function addPersonTargets(
  { rng: r, branches, months, scale }: Pick<TargetPlanInput, 'rng' | 'branches' | 'months' | 'scale'>,
  target: (cell: Cell, kind: 'quota' | 'stretch', value: string, unit: string) => void,
): void {
  const last = months[months.length - 1];
  if (!last) return;
  const year = last.slice(0, 4);
  const whole = (value: number) => Math.max(1, Math.round(value));
  for (const b of branches) {
    if (b.firstMonth > last) continue;
    const yearLevels = monthRange(`${year}-01`, `${year}-12`)
      .filter((m) => m >= b.openedOn.slice(0, 7))
      .map((m) => expectedLevel(b.plan, m, scale));
    const sum = (pick: (l: ExpectedLevel) => number) => yearLevels.reduce((acc, l) => acc + pick(l), 0);
    const monthLevel = expectedLevel(b.plan, last, scale);
    const periods = [
      { periodKind: 'year', period: year, units: sum((l) => l.units), newRevenue: sum((l) => l.newVehicleRevenue), hours: sum((l) => l.hoursSold) },
      { periodKind: 'month', period: last, units: monthLevel.units, newRevenue: monthLevel.newVehicleRevenue, hours: monthLevel.hoursSold },
    ];
    const currency = b.plan.currency;
    for (const employeeId of b.staff.consultants) {
      const ambition = r.between(0.85, 1.15);
      for (const p of periods) {
        const cell = (kpi: string): Cell => ({ kpi, periodKind: p.periodKind, period: p.period, grain: 'person', grainId: employeeId });
        const units = whole(((p.units * ambition) / b.staff.consultants.length) * r.between(0.95, 1.05));
        const stretch = r.between(1.08, 1.15);
        const perUnit = p.units > 0 ? p.newRevenue / p.units : 0;
        const unitStep = step(currency, p.periodKind === 'year');
        target(cell('units_delivered'), 'quota', String(units), 'units');
        target(cell('units_delivered'), 'stretch', String(Math.ceil(units * stretch)), 'units');
        target(cell('revenue_new_vehicles'), 'quota', amountOfCents(moneyTarget(units * perUnit, unitStep)), currency);
        target(cell('revenue_new_vehicles'), 'stretch', amountOfCents(moneyTarget(units * perUnit * stretch, unitStep)), currency);
      }
    }
    for (const employeeId of b.staff.technicians) {
      const ambition = r.between(0.85, 1.15);
      for (const p of periods) {
        const cell: Cell = { kpi: 'hours_sold', periodKind: p.periodKind, period: p.period, grain: 'person', grainId: employeeId };
        const hours = whole(((p.hours * ambition) / b.staff.technicians.length) * r.between(0.95, 1.05));
        target(cell, 'quota', String(hours), 'hours');
        target(cell, 'stretch', String(Math.ceil(hours * r.between(1.08, 1.15))), 'hours');
      }
    }
  }
}
