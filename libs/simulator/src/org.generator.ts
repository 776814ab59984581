import { BranchPlan, modelBrands, REGION_MOVE, RegionPlan, springFestival } from './catalogue';
import { BranchTimeline, SimCommand, Staff } from './plan';
import { Random } from './random';
import { generateTargets } from './targets.generator';
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
  readonly scale: number;
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

/**
 * Head office's set-up and plans: regions, branches (opened, assigned to a region, one moved to
 * another region half-way), the territory map (each branch's city, its outskirts owned by a neighbour), the
 * model catalogue (each new model's brand), staff, holiday calendars, KPI settings, the monthly EUR→CNY rates,
 * and quota (任务) and stretch (目标) targets per branch, region, group and person (`generateTargets`:
 * drawn around expected levels, never from the simulated results), some revised mid-year.
 */
export function generateOrg({ seed, rng, regions, branches, months, scale }: OrgPlanInput): SimCommand[] {
  const commands: SimCommand[] = [];
  const add = (name: string, params: Record<string, string>, body: Record<string, unknown>, key: string) =>
    commands.push({ scope: 'org', name, params, body, key: `sim${seed}:${name}:${key}`, at: 0 });
  const first = months[0]!;
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
  // Head office's territory map (ADR 29): each branch owns its city; its outskirts (<branch>-EDGE)
  // belong to the next branch of its region from that branch's opening (to none when it is alone
  // there), so a sale to an outskirts customer is credited to that neighbour.
  for (const { plan, openedOn } of branches) {
    add('AssignTerritory', { area: `${plan.branchId}-CITY` }, { branchId: plan.branchId, effectiveFrom: openedOn }, `${plan.branchId}-CITY:${openedOn}`);
    const peers = branches.filter((b) => b.plan.regionId === plan.regionId);
    const next = peers[(peers.findIndex((b) => b.plan.branchId === plan.branchId) + 1) % peers.length];
    const owner = next && next.plan.branchId !== plan.branchId ? next : undefined;
    const effectiveFrom = owner?.openedOn ?? openedOn;
    add(
      'AssignTerritory',
      { area: `${plan.branchId}-EDGE` },
      { branchId: owner?.plan.branchId ?? null, effectiveFrom },
      `${plan.branchId}-EDGE:${effectiveFrom}`,
    );
  }
  // Head office's model catalogue (ADR 30): each new model's brand from the first month on.
  // (the key: the model's place in the catalogue and its name in key characters; names have spaces and accents)
  modelBrands().forEach(({ model, brand }, i) =>
    add('AssignModelBrand', {}, { model, brand, effectiveFrom: `${first}-01` }, `${i}:${model.replace(/[^A-Za-z0-9._-]/g, '_')}`),
  );
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
  commands.push(...generateTargets({ seed, rng: rng.fork('targets'), regions, branches, months, scale, eurRates }));
  return commands;
}
