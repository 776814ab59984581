import { centsOf } from '@app/contracts';
import { seasonality, BRANCHES } from './catalogue';
import { planSimulation, resolveSimulationOptions } from './simulation';
import { localDate, zonedInstant } from './time';

const NOW = new Date('2026-11-23T07:00:00Z');
const SMALL = { seed: 42, branches: 3, months: 2, scale: 0.1, endMonth: '2026-02' };

/** Every money object in a command body: { currency, net, tax, gross }. */
function moneyIn(value: unknown): { net: string; tax: string; gross: string }[] {
  if (Array.isArray(value)) return value.flatMap(moneyIn);
  if (value === null || typeof value !== 'object') return [];
  const o = value as Record<string, unknown>;
  if (typeof o.currency === 'string' && typeof o.net === 'string') return [o as { net: string; tax: string; gross: string }];
  return Object.values(o).flatMap(moneyIn);
}

describe('simulation plan', () => {
  it('is the same for the same options and another for another seed', () => {
    const a = planSimulation(SMALL, NOW);
    const b = planSimulation(SMALL, NOW);
    const c = planSimulation({ ...SMALL, seed: 43 }, NOW);
    const all = (p: typeof a) => [...p.org, ...p.branches.flatMap((x) => x.timeline.commands), ...p.closes.flatMap((x) => x.commands)];
    expect(all(b)).toEqual(all(a));
    expect(all(c)).not.toEqual(all(a));
  });

  it('gives every command its own idempotency key, derived from the seed', () => {
    const plan = planSimulation(SMALL, NOW);
    const keys = [...plan.org, ...plan.branches.flatMap((b) => b.timeline.commands), ...plan.closes.flatMap((c) => c.commands)].map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^sim42:[A-Za-z]+:[A-Za-z0-9._:-]+$/);
    expect(keys.every((k) => k.length <= 200)).toBe(true);
  });

  it('keeps every branch command inside the window, in time order, with exact money', () => {
    const plan = planSimulation(SMALL, NOW);
    for (const { plan: branch, timeline } of plan.branches) {
      const ats = timeline.commands.map((c) => c.at);
      expect(ats).toEqual([...ats].sort((x, y) => x - y));
      for (const command of timeline.commands) {
        const date = localDate(command.at - branch.cutoffMinutes * 60_000, branch.timeZone);
        expect(date >= '2026-01-01' && date <= '2026-02-28').toBe(true);
        for (const m of moneyIn(command.body)) expect(centsOf(m.net) + centsOf(m.tax)).toBe(centsOf(m.gross));
        if (typeof command.body.branchId === 'string') expect(command.body.branchId).toBe(branch.branchId);
      }
    }
  });

  it("never sells, returns, transfers or writes off parts a branch's stock ledger does not hold", () => {
    const plan = planSimulation({ seed: 42, branches: 24, months: 24, scale: 0.03 }, NOW);
    const stock = new Map<string, number>();
    const move = (branchId: string, partNumber: string, delta: number) => {
      const key = `${branchId}/${partNumber}`;
      const after = (stock.get(key) ?? 0) + delta;
      stock.set(key, after);
      return after;
    };
    type Line = { partNumber: string; quantity: string };
    // The ledgers as the command side keeps them: commands run branch by branch in time order, a transfer received in a later month.
    const ledgerCommands = plan.branches.flatMap((b) => b.timeline.commands.filter((c) => c.scope === 'parts')).sort((x, y) => x.at - y.at);
    let checked = 0;
    for (const { name, body } of ledgerCommands) {
      const branchId = body.branchId as string;
      const lines = (body.lines ?? []) as Line[];
      const lowest: number[] = [];
      if (name === 'ReceiveParts') move(branchId, body.partNumber as string, Number(body.quantity));
      if (name === 'ReceiveTransfer') for (const l of lines) move(branchId, l.partNumber, Number(l.quantity));
      if (name === 'SellParts' || name === 'DispatchTransfer') for (const l of lines) lowest.push(move(branchId, l.partNumber, -Number(l.quantity)));
      if (name === 'ReturnParts')
        for (const l of lines) lowest.push(move(branchId, l.partNumber, (body.direction === 'from_customer' ? 1 : -1) * Number(l.quantity)));
      if (name === 'AdjustStock') lowest.push(move(branchId, body.partNumber as string, Number(body.quantityDelta)));
      for (const after of lowest) expect(after).toBeGreaterThanOrEqual(0);
      checked += lowest.length;
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('revises some quotas mid-year to another value, and sets no empty quota, even at a tiny scale', () => {
    const plan = planSimulation({ seed: 42, branches: 24, months: 24, scale: 0.005 }, NOW);
    const cellOf = (body: Record<string, unknown>) => [body.kpi, body.periodKind, body.period, body.grain, body.grainId, body.kind].join('|');
    const quotas = new Map(plan.org.filter((c) => c.name === 'SetTarget').map((c) => [cellOf(c.body), c.body.value as string]));
    const revisions = plan.org.filter((c) => c.name === 'ReviseTarget');
    expect(revisions.length).toBeGreaterThan(10);
    for (const { body } of revisions) {
      const before = quotas.get(cellOf(body));
      expect(before).toBeDefined();
      expect(body.value).not.toBe(before);
      expect(Number(body.value)).toBeGreaterThan(0);
    }
    for (const value of quotas.values()) expect(Number(value)).toBeGreaterThan(0);
  });

  it('plans targets around expected levels, not the simulated results: some branch-months above their quota, some below', () => {
    const plan = planSimulation({ seed: 42, branches: 24, months: 24, scale: 0.02 }, NOW);
    const targets = plan.org.filter((c) => c.name === 'SetTarget').map((c) => c.body);
    const quota = (kpi: string, grain: string, periodKind: string) =>
      new Map(
        targets
          .filter((t) => t.kpi === kpi && t.grain === grain && t.periodKind === periodKind && t.kind === 'quota')
          .map((t) => [`${(t.grainId as string | undefined) ?? 'group'}|${t.period as string}`, Number(t.value)]),
      );
    // Units delivered per branch and month, as the commands date them, against the month's units quota.
    const delivered = new Map<string, number>();
    for (const { plan: branch, timeline } of plan.branches) {
      for (const c of timeline.commands.filter((x) => x.name === 'DeliverVehicle')) {
        const key = `${branch.branchId}|${localDate(c.at, branch.timeZone).slice(0, 7)}`;
        delivered.set(key, (delivered.get(key) ?? 0) + 1);
      }
    }
    const units = quota('units_delivered', 'branch', 'month');
    const attainment = [...units].map(([key, q]) => (delivered.get(key) ?? 0) / q);
    expect(attainment.length).toBe(plan.branches.reduce((n, b) => n + plan.months.filter((m) => m >= b.firstMonth).length, 0));
    expect(attainment.filter((a) => a > 1).length).toBeGreaterThan(attainment.length / 5);
    expect(attainment.filter((a) => a < 1).length).toBeGreaterThan(attainment.length / 5);
    // Every trading branch-month has a revenue quota and stretch in the branch currency; regions and the group plan in CNY.
    const revenue = quota('revenue', 'branch', 'month');
    expect([...revenue.keys()].sort()).toEqual([...units.keys()].sort());
    for (const b of plan.branches) {
      const mine = targets.filter((t) => t.kpi === 'revenue' && t.grainId === b.plan.branchId);
      expect(new Set(mine.map((t) => t.unit))).toEqual(new Set([b.plan.currency]));
      expect(new Set(mine.map((t) => t.kind))).toEqual(new Set(['quota', 'stretch']));
    }
    for (const grain of ['region', 'group']) {
      const monthly = quota('revenue', grain, 'month');
      expect(monthly.size).toBeGreaterThanOrEqual(grain === 'group' ? 24 : 24 * 4);
      expect(quota('units_delivered', grain, 'month').size).toBe(monthly.size);
      expect(targets.filter((t) => t.grain === grain && t.kpi === 'revenue').every((t) => t.unit === 'CNY')).toBe(true);
    }
    // A region's plan is its own, not the sum of its branches' plans.
    const east = quota('revenue', 'region', 'month').get('EAST|2026-03')!;
    const eastBranches = plan.branches
      .filter((b) => b.plan.regionId === 'EAST' || b.plan.branchId === 'JN-01')
      .map((b) => revenue.get(`${b.plan.branchId}|2026-03`) ?? 0);
    expect(east).not.toBe(eastBranches.reduce((a, b) => a + b, 0));
  });

  it("plans each consultant's units and new-vehicle revenue and each technician's hours sold for the latest year and month, around expected levels", () => {
    const plan = planSimulation({ seed: 42, branches: 24, months: 24, scale: 0.02 }, NOW);
    const last = plan.months.at(-1)!;
    const people = plan.org.filter((c) => c.name === 'SetTarget' && c.body.grain === 'person').map((c) => c.body);
    const cell = (t: Record<string, unknown>) => [t.kpi, t.periodKind, t.period, t.grainId].join('|');
    const value = new Map(people.map((t) => [`${cell(t)}|${t.kind as string}`, Number(t.value)]));
    for (const b of plan.branches.filter((x) => x.firstMonth <= last)) {
      for (const [kpi, staff, unit] of [
        ['units_delivered', b.staff.consultants, 'units'],
        ['revenue_new_vehicles', b.staff.consultants, b.plan.currency],
        ['hours_sold', b.staff.technicians, 'hours'],
      ] as const) {
        for (const employeeId of staff) {
          for (const [periodKind, period] of [
            ['year', last.slice(0, 4)],
            ['month', last],
          ]) {
            const mine = people.filter((t) => t.kpi === kpi && t.grainId === employeeId && t.periodKind === periodKind && t.period === period);
            expect(mine.map((t) => [t.kind, t.unit]).sort()).toEqual([
              ['quota', unit],
              ['stretch', unit],
            ]);
            const key = `${kpi}|${periodKind}|${period}|${employeeId}`;
            expect(value.get(`${key}|quota`)).toBeGreaterThan(0);
            expect(value.get(`${key}|stretch`)).toBeGreaterThanOrEqual(value.get(`${key}|quota`)!);
          }
        }
      }
    }
    // Only the latest year and month: a small share of the demo's commands.
    expect(new Set(people.map((t) => t.period))).toEqual(new Set([last.slice(0, 4), last]));
    expect(people.length).toBeLessThan(plan.total * 0.06);
    // Drawn around the expected level, not the results: some consultants meet their month's quota, some miss it.
    const delivered = new Map<string, number>();
    for (const { plan: branch, timeline } of plan.branches) {
      for (const c of timeline.commands.filter((x) => x.name === 'DeliverVehicle' && localDate(x.at, branch.timeZone).startsWith(last))) {
        delivered.set(c.body.consultantId as string, (delivered.get(c.body.consultantId as string) ?? 0) + 1);
      }
    }
    const attainment = people
      .filter((t) => t.kpi === 'units_delivered' && t.periodKind === 'month' && t.kind === 'quota')
      .map((t) => (delivered.get(t.grainId as string) ?? 0) / Number(t.value));
    expect(attainment.filter((a) => a >= 1).length).toBeGreaterThan(attainment.length / 10);
    expect(attainment.filter((a) => a < 1).length).toBeGreaterThan(attainment.length / 10);
  });

  it("revises the group's annual revenue plan: version 2 of a cell set once", () => {
    const plan = planSimulation(SMALL, NOW);
    const revisions = plan.org.filter((c) => c.name === 'ReviseTarget' && c.body.grain === 'group' && c.body.kpi === 'revenue');
    expect(revisions.map((c) => c.body.period)).toEqual(['2026']);
    const set = plan.org.find(
      (c) => c.name === 'SetTarget' && c.body.grain === 'group' && c.body.kpi === 'revenue' && c.body.period === '2026' && c.body.kind === 'quota',
    );
    expect(revisions[0]!.body).toMatchObject({ supersedesVersion: 1, kind: 'quota', periodKind: 'year' });
    expect(revisions[0]!.body.value).not.toBe(set?.body.value);
  });

  it('closes every month but the last once its business is in, then syncs a late delivery into the closed month', () => {
    const plan = planSimulation({ seed: 42, branches: 24, months: 24, scale: 0.02 }, NOW);
    expect(plan.closes.map((c) => c.month)).toEqual(plan.months.slice(0, -1));
    for (const { month, commands } of plan.closes) {
      const [close, ...late] = commands;
      expect(close).toMatchObject({ scope: 'org', name: 'ClosePeriod', params: { period: month } });
      expect(late).toHaveLength(1);
      const branch = plan.branches.find((b) => b.plan.branchId === late[0]!.body.branchId)!;
      expect(late[0]).toMatchObject({ scope: 'sales', name: 'DeliverVehicle', body: { condition: 'used' } });
      expect(localDate(late[0]!.at - branch.plan.cutoffMinutes * 60_000, branch.plan.timeZone).slice(0, 7)).toBe(month);
      expect(month >= branch.firstMonth).toBe(true);
    }
    expect(plan.total).toBe(
      plan.org.length + plan.branches.reduce((n, b) => n + b.timeline.commands.length, 0) + plan.closes.reduce((n, c) => n + c.commands.length, 0),
    );
  });

  it('builds the default group: 4 regions, 24 branches (a few in Spain, in euros), 24 months ending last month', () => {
    const plan = planSimulation({ seed: 1, branches: 24, months: 24, scale: 0.01 }, NOW);
    expect(plan.regions).toEqual(['EAST', 'SOUTH', 'NORTH', 'IBERIA']);
    expect(plan.branches).toHaveLength(24);
    expect(plan.months[0]).toBe('2024-11');
    expect(plan.months.at(-1)).toBe('2026-10');
    const euro = plan.branches.filter((b) => b.plan.currency === 'EUR');
    expect(euro.map((b) => b.plan.timeZone)).toEqual(['Europe/Madrid', 'Europe/Madrid', 'Europe/Madrid', 'Europe/Madrid']);
    expect(plan.branches.filter((b) => b.plan.currency === 'CNY').every((b) => b.plan.timeZone === 'Asia/Shanghai')).toBe(true);
    const names = new Set(plan.org.map((c) => c.name));
    for (const name of [
      'DefineRegion',
      'OpenBranch',
      'AssignBranchRegion',
      'AssignTerritory',
      'AssignModelBrand',
      'AssignEmployee',
      'SetHolidayCalendar',
      'ChangeKpiSetting',
      'SetExchangeRate',
      'SetTarget',
      'ReviseTarget',
    ]) {
      expect(names).toContain(name);
    }
    expect(plan.org.filter((c) => c.name === 'SetExchangeRate')).toHaveLength(24);
  });

  it("opens every repair order with its vehicle's model, one head office's catalogue gives a brand (the service KPIs by brand)", () => {
    const plan = planSimulation(SMALL, NOW);
    const catalogue = new Set(plan.org.filter((c) => c.name === 'AssignModelBrand').map((c) => c.body.model as string));
    const opens = plan.branches.flatMap((b) => b.timeline.commands.filter((c) => c.name === 'OpenRepairOrder'));
    expect(opens.length).toBeGreaterThan(50);
    const models = opens.map((c) => c.body.model);
    expect(models.every((m) => typeof m === 'string' && catalogue.has(m))).toBe(true);
    expect(new Set(models).size).toBeGreaterThan(3);
  });

  it('follows the seasons: the Spring Festival month dips in China, December pushes', () => {
    const shanghai = BRANCHES[0]!;
    expect(seasonality(shanghai, '2026-02', 'sales')).toBeLessThan(seasonality(shanghai, '2026-03', 'sales') * 0.7);
    expect(seasonality(shanghai, '2025-01', 'service')).toBeLessThan(seasonality(shanghai, '2025-03', 'service'));
    expect(seasonality(shanghai, '2025-12', 'sales')).toBeGreaterThan(1.2);
  });
});

describe('simulation options', () => {
  it('end last month by default and refuse a month that has not ended', () => {
    expect(resolveSimulationOptions(SMALL, NOW).endMonth).toBe('2026-02');
    expect(resolveSimulationOptions({ ...SMALL, endMonth: undefined }, NOW).endMonth).toBe('2026-10');
    expect(() => resolveSimulationOptions({ ...SMALL, endMonth: '2026-11' }, NOW)).toThrow(/complete month/);
    expect(() => resolveSimulationOptions({ ...SMALL, branches: 25, scale: 0 }, NOW)).toThrow(/branches.*scale/);
  });
});

describe('branch time', () => {
  it('turns local wall-clock times into instants, daylight saving included', () => {
    expect(new Date(zonedInstant('2026-01-15', 9 * 60, 'Asia/Shanghai')).toISOString()).toBe('2026-01-15T01:00:00.000Z');
    expect(new Date(zonedInstant('2026-01-15', 9 * 60, 'Europe/Madrid')).toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(new Date(zonedInstant('2026-07-15', 9 * 60, 'Europe/Madrid')).toISOString()).toBe('2026-07-15T07:00:00.000Z');
    expect(new Date(zonedInstant('2026-03-31', 24 * 60 + 30, 'Asia/Shanghai')).toISOString()).toBe('2026-03-31T16:30:00.000Z');
  });
});
