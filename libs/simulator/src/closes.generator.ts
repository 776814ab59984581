import { localPrice, modelsOf, vatOf } from './catalogue';
import { toCents, withVat } from './money';
import type { SimulatedBranch } from './org.generator';
import { seq, SimCommand, yymm } from './plan';
import { Random } from './random';
import { daysInMonth, dateOf, iso, zonedInstant } from './time';
import { vinFor } from './vehicles';

/** What head office and the dealer systems send once a month's business is in: its close, then what arrives late. */
export interface MonthClose {
  readonly month: string;
  readonly commands: readonly SimCommand[];
}

export interface ClosePlanInput {
  readonly seed: number;
  readonly rng: Random;
  readonly branches: readonly SimulatedBranch[];
  readonly months: readonly string[];
}

/**
 * Head office closes every simulated month but the last (ClosePeriod), once the month's business
 * is in; then one branch's DMS syncs a used-car delivery of the month's last day late, into the
 * closed month. With the surveys and comebacks that keep arriving in the next weeks, the closed
 * months show "as closed" figures beside different restated ones.
 */
export function generateCloses({ seed, rng, branches, months }: ClosePlanInput): MonthClose[] {
  return months.slice(0, -1).map((month) => {
    const r = rng.fork(month);
    const commands: SimCommand[] = [
      {
        scope: 'org',
        name: 'ClosePeriod',
        params: { period: month },
        body: { reason: `month-end close ${month}` },
        key: `sim${seed}:ClosePeriod:${month}`,
        at: 0,
      },
    ];
    const trading = branches.filter((b) => b.firstMonth <= month);
    if (trading.length > 0) {
      const { plan, staff } = r.pick(trading);
      const vehicleSaleId = `${plan.branchId}-UV${yymm(month)}-L${seq(1, 2)}`;
      const at = zonedInstant(dateOf(month, daysInMonth(month)), r.int(15 * 60, 18 * 60), plan.timeZone);
      const vat = vatOf(plan);
      const grossCents = toCents(localPrice(plan, r.between(60_000, 160_000)));
      const netCents = (grossCents * 10_000n) / BigInt(10_000 + vat);
      const invoice = withVat(plan.currency, netCents, vat);
      const cost = withVat(plan.currency, (netCents * BigInt(r.int(860, 940))) / 1000n, vat);
      commands.push({
        scope: 'sales',
        name: 'DeliverVehicle',
        params: { vehicleSaleId },
        body: {
          branchId: plan.branchId,
          vin: vinFor(r, r.pick(plan.brands)),
          model: `${r.pick(modelsOf(plan)).model} (${r.int(2017, 2023)})`,
          condition: 'used',
          consultantId: r.pick(staff.consultants),
          customerId: `${plan.branchId}-K${yymm(month)}L1`,
          invoice,
          cost,
          occurredAt: iso(at),
        },
        key: `sim${seed}:DeliverVehicle:${vehicleSaleId}`,
        at,
      });
    }
    return { month, commands };
  });
}
