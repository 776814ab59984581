import { amountOfCents, Money } from '@app/contracts';
import { BranchPlan, SIZE_FACTOR } from './catalogue';
import { withVat } from './money';
import { Random } from './random';
import { addDays, dateOf, daysInMonth, iso, localDate, weekday, zonedInstant } from './time';

/** The four command scopes: each is a bounded context with its own batch route list and idempotency scope. */
export type CommandScope = 'org' | 'sales' | 'workshop' | 'parts';

/** One command as a dealer system would send it to a context's batch endpoint. */
export interface SimCommand {
  readonly scope: CommandScope;
  /** The route name, e.g. `DeliverVehicle`. */
  readonly name: string;
  readonly params: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, unknown>>;
  /** Idempotency key: derived from the seed and the command, so a re-run replays instead of doubling. */
  readonly key: string;
  /** When it happens (epoch ms); orders the branch's commands. 0 for head-office set-up. */
  readonly at: number;
}

export interface Staff {
  readonly consultants: readonly string[];
  readonly advisors: readonly string[];
  readonly technicians: readonly string[];
  readonly callers: readonly string[];
  readonly managers: readonly string[];
}

export function staffOf(branch: BranchPlan): Staff {
  const f = SIZE_FACTOR[branch.size];
  const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${branch.branchId}-${prefix}${String(i + 1).padStart(2, '0')}`);
  return {
    consultants: ids('SC', Math.round(7 * f)),
    advisors: ids('SA', Math.round(4 * f)),
    technicians: ids('TE', Math.round(12 * f)),
    callers: ids('CC', 2),
    managers: ids('MG', 3),
  };
}

/** A branch's commands as they are generated, with the window's end (nothing at or after it is kept). */
export class BranchTimeline {
  readonly commands: SimCommand[] = [];

  constructor(
    readonly branch: BranchPlan,
    readonly seed: number,
    /** First instant of the window's first business day, in the branch's calendar. */
    readonly windowStart: number,
    /** First instant after the last business day of the window, in the branch's calendar. */
    readonly windowEnd: number,
  ) {}

  /** Adds the command unless it falls after the window; says whether it was kept. */
  add(scope: CommandScope, name: string, params: Record<string, string>, body: Record<string, unknown>, keySuffix: string, at: number): boolean {
    if (at >= this.windowEnd) return false;
    this.commands.push({ scope, name, params, body, key: `sim${this.seed}:${name}:${keySuffix}`, at });
    return true;
  }
}

/** What every generator of a branch shares. */
export interface BranchContext {
  readonly branch: BranchPlan;
  readonly staff: Staff;
  readonly scale: number;
  /** The months the branch trades in, oldest first. */
  readonly months: readonly string[];
  readonly timeline: BranchTimeline;
  readonly vat: number;
}

export function money(ctx: BranchContext, netCents: bigint): Money {
  return withVat(ctx.branch.currency, netCents, ctx.vat);
}

/** Money whose gross is given (a payment): net = gross ÷ (1 + VAT), tax the rest. */
export function moneyFromGross(ctx: BranchContext, grossCents: bigint): Money {
  const net = (grossCents * 10000n * 2n + BigInt(10000 + ctx.vat)) / (BigInt(10000 + ctx.vat) * 2n);
  const tax = grossCents - net;
  return { currency: ctx.branch.currency, net: amountOfCents(net), tax: amountOfCents(tax), gross: amountOfCents(grossCents) };
}

/** `yymm` of a month, for readable document ids. */
export function yymm(month: string): string {
  return month.slice(2, 4) + month.slice(5, 7);
}

export function seq(n: number, width = 4): string {
  return String(n).padStart(width, '0');
}

/** A day of the month drawn with a weight per date. */
export function pickDay(rng: Random, month: string, weight: (date: string) => number): string {
  const dates = Array.from({ length: daysInMonth(month) }, (_, i) => dateOf(month, i + 1));
  const weights = dates.map(weight);
  const total = weights.reduce((a, b) => a + b, 0);
  let x = rng.next() * total;
  for (let i = 0; i < dates.length; i++) {
    x -= weights[i] ?? 0;
    if (x < 0) return dates[i]!;
  }
  return dates[dates.length - 1]!;
}

/** A local time between `fromHour` and `toHour` on a date, as an instant. */
export function at(ctx: BranchContext, rng: Random, date: string, fromHour: number, toHour: number): number {
  const minute = rng.int(Math.round(fromHour * 60), Math.round(toHour * 60));
  return zonedInstant(date, minute, ctx.branch.timeZone);
}

/** An instant `days` later at a local business hour. */
export function laterAt(ctx: BranchContext, rng: Random, from: number, days: number, fromHour = 9, toHour = 18): number {
  const date = addDays(localDate(from, ctx.branch.timeZone), days);
  const candidate = at(ctx, rng, date, fromHour, toHour);
  return Math.max(candidate, from + 15 * 60_000);
}

export function isWeekend(date: string): boolean {
  const d = weekday(date);
  return d === 0 || d === 6;
}

export { iso };
