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
    const all = (p: typeof a) => [...p.org, ...p.branches.flatMap((x) => x.timeline.commands)];
    expect(all(b)).toEqual(all(a));
    expect(all(c)).not.toEqual(all(a));
  });

  it('gives every command its own idempotency key, derived from the seed', () => {
    const plan = planSimulation(SMALL, NOW);
    const keys = [...plan.org, ...plan.branches.flatMap((b) => b.timeline.commands)].map((c) => c.key);
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
