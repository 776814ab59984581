import { ACCESSORIES, BASE_VOLUMES, localPrice, modelsOf, seasonality, SIZE_FACTOR } from './catalogue';
import { toCents } from './money';
import { at, BranchContext, isWeekend, iso, laterAt, money, moneyFromGross, pickDay, seq, yymm } from './plan';
import { Random } from './random';
import { VehiclePool, vinFor } from './vehicles';

/** A new car handed over: the workshop prepares it (PDI) the day before. */
export interface PlannedDelivery {
  readonly vin: string;
  readonly model: string;
  readonly at: number;
}

const LEAD_SOURCES = { walk_in: 34, phone: 18, online: 38, referral: 8, other: 2 } as const;
const SEGMENTS = { individual: 84, taxi: 3, fleet_government: 5, corporate: 6, other: 2 } as const;
const FINANCE = { cash: 52, loan: 42, lease: 6 } as const;
const CANCEL_REASONS = ['customer changed mind', 'financing declined', 'found a better offer elsewhere', 'delivery time too long'];
const RETURN_REASONS = ['defect found at handover inspection', 'customer withdrew within the cooling-off period', 'wrong trim level delivered'];

/** Sales demand by day: weekends bring the showroom traffic. */
function salesDayWeight(date: string): number {
  return isWeekend(date) ? 1.7 : 1;
}

/**
 * The sales funnel of a branch: leads (by source and segment), test drives, orders with their
 * deposit, cancellations with the refund, balance and loan payments, deliveries, a few returns
 * (退车) with their refund, used cars (some synced by the DMS at delivery only), accessories sold
 * with the car, and sales CSI surveys.
 */
export function generateSales(ctx: BranchContext, rng: Random, pool: VehiclePool): PlannedDelivery[] {
  const { branch, staff, timeline: t } = ctx;
  const b = branch.branchId;
  const models = modelsOf(branch);
  const deliveries: PlannedDelivery[] = [];
  let customers = 0;
  const customer = () => `${b}-K${seq(++customers, 5)}`;
  // Every tenth buyer lives in the branch's outskirts, a neighbour's territory (the org plan's map, ADR 29):
  // a count, not a draw, so the random streams of everything else stay as they were.
  let handedOver = 0;
  const deliver = (vehicleSaleId: string, body: Record<string, unknown>, when: number) => {
    const customerArea = ++handedOver % 10 === 0 ? `${b}-EDGE` : `${b}-CITY`;
    t.add('sales', 'DeliverVehicle', { vehicleSaleId }, { branchId: b, ...body, customerArea, occurredAt: iso(when) }, vehicleSaleId, when);
  };

  for (const month of ctx.months) {
    const r = rng.fork(month);
    const mean = BASE_VOLUMES.newDeliveries * SIZE_FACTOR[branch.size] * ctx.scale * seasonality(branch, month, 'sales');
    const leads = r.poisson(mean * BASE_VOLUMES.leadsPerDelivery);
    let sales = 0;
    for (let i = 1; i <= leads; i++) {
      const leadId = `${b}-L${yymm(month)}-${seq(i)}`;
      const consultantId = r.pick(staff.consultants);
      const model = r.pick(models);
      const created = at(ctx, r, pickDay(r, month, salesDayWeight), 9.5, 20.5);
      const customerId = customer();
      t.add(
        'sales',
        'CreateLead',
        { leadId },
        {
          branchId: b,
          source: r.weighted(LEAD_SOURCES),
          segment: r.weighted(SEGMENTS),
          consultantId,
          modelOfInterest: model.model,
          customerId,
          occurredAt: iso(created),
        },
        leadId,
        created,
      );
      const converts = r.chance(0.24);
      let last = created;
      if (r.chance(converts ? 0.85 : 0.35)) {
        last = laterAt(ctx, r, created, r.int(0, 6), 10, 19);
        t.add('sales', 'CompleteTestDrive', { leadId }, { branchId: b, model: model.model, consultantId, occurredAt: iso(last) }, `${leadId}:1`, last);
      }
      if (!converts) continue;
      sales++;
      const vehicleSaleId = `${b}-VS${yymm(month)}-${seq(sales)}`;
      const orderId = `${b}-O${yymm(month)}-${seq(sales)}`;
      const ordered = laterAt(ctx, r, last, r.int(1, 14), 10, 20);
      const listCents = toCents(model.listGross);
      const priceCents = (listCents * BigInt(r.int(880, 985))) / 1000n;
      const transactionPrice = moneyFromGross(ctx, priceCents);
      const depositCents = toCents(branch.currency === 'EUR' ? 500 : 5000);
      const finance = r.weighted(FINANCE);
      t.add(
        'sales',
        'SignOrder',
        { vehicleSaleId },
        {
          branchId: b,
          orderId,
          leadId,
          model: model.model,
          condition: 'new',
          listPrice: moneyFromGross(ctx, listCents),
          transactionPrice,
          deposit: moneyFromGross(ctx, depositCents),
          finance,
          consultantId,
          customerId,
          occurredAt: iso(ordered),
        },
        vehicleSaleId,
        ordered,
      );
      const payment = (kind: string, grossCents: bigint, when: number, n: number) =>
        t.add(
          'sales',
          'ReceivePayment',
          { vehicleSaleId },
          { branchId: b, kind, amount: moneyFromGross(ctx, grossCents), occurredAt: iso(when) },
          `${vehicleSaleId}:${n}`,
          when,
        );
      payment('deposit', depositCents, ordered + 10 * 60_000, 1);
      if (r.chance(0.06)) {
        const cancelled = laterAt(ctx, r, ordered, r.int(2, 15), 10, 18);
        t.add('sales', 'CancelOrder', { vehicleSaleId }, { branchId: b, reason: r.pick(CANCEL_REASONS), occurredAt: iso(cancelled) }, vehicleSaleId, cancelled);
        payment('refund', depositCents, cancelled + 24 * 3600_000, 2);
        continue;
      }
      const delivered = laterAt(ctx, r, ordered, r.int(4, 25), 10, 18);
      let received = depositCents;
      if (finance === 'cash') {
        payment('balance', priceCents - depositCents, delivered - 2 * 3600_000, 2);
        received = priceCents;
      } else {
        // A down payment of 30 % before the handover, the bank pays the loan out a few days after.
        const down = (priceCents * 30n) / 100n;
        const paidBefore = down > depositCents ? down : depositCents;
        if (down > depositCents) payment('balance', down - depositCents, delivered - 3 * 3600_000, 2);
        if (priceCents > paidBefore) payment('loan', priceCents - paidBefore, laterAt(ctx, r, delivered, r.int(1, 5)), 3);
        received = priceCents;
      }
      const vin = vinFor(r, branch.brands[0] ?? 'Volkswagen');
      const costNet = (BigInt(transactionPrice.net.replace('.', '')) * BigInt(r.int(920, 985))) / 1000n;
      const invoice = transactionPrice;
      const cost = money(ctx, costNet);
      deliver(vehicleSaleId, { orderId, vin, model: model.model, condition: 'new', consultantId, customerId, invoice, cost }, delivered);
      deliveries.push({ vin, model: model.model, at: delivered });
      pool.addSold({ vin, customerId, model: model.model, from: delivered + 30 * 86_400_000 });
      if (r.chance(0.45)) {
        const accessory = r.pick(ACCESSORIES);
        const when = delivered + 20 * 60_000;
        t.add(
          'parts',
          'SellAccessory',
          { accessorySaleId: `${vehicleSaleId}-A` },
          {
            branchId: b,
            accessoryCode: accessory.code,
            description: accessory.description,
            quantity: '1',
            amount: money(ctx, toCents(localPrice(branch, accessory.price) * r.between(0.8, 1))),
            cost: money(ctx, toCents(localPrice(branch, accessory.cost))),
            vehicleSaleId,
            occurredAt: iso(when),
          },
          `${vehicleSaleId}-A`,
          when,
        );
      }
      if (r.chance(0.4)) {
        const oem = r.chance(0.7);
        const when = laterAt(ctx, r, delivered, oem ? r.int(7, 30) : r.int(2, 6));
        t.add(
          'workshop',
          'RecordCsiSurveyResponse',
          { surveyId: `${vehicleSaleId}-SV` },
          {
            branchId: b,
            source: oem ? 'oem_survey' : 'internal_call',
            kind: 'sales',
            vehicleSaleId,
            customerId,
            answers: salesAnswers(r, oem),
            occurredAt: iso(when),
          },
          `${vehicleSaleId}-SV`,
          when,
        );
      }
      if (r.chance(0.01)) {
        const returned = laterAt(ctx, r, delivered, r.int(6, 12), 10, 17);
        t.add(
          'sales',
          'ReturnVehicle',
          { vehicleSaleId },
          {
            branchId: b,
            reason: r.pick(RETURN_REASONS),
            invoiceReversed: invoice,
            costReversed: cost,
            occurredAt: iso(returned),
          },
          vehicleSaleId,
          returned,
        );
        payment('refund', received, returned + 26 * 3600_000, 4);
      }
    }
    const used = r.poisson(BASE_VOLUMES.usedDeliveries * SIZE_FACTOR[branch.size] * ctx.scale * seasonality(branch, month, 'sales'));
    for (let i = 1; i <= used; i++) {
      const vehicleSaleId = `${b}-UV${yymm(month)}-${seq(i)}`;
      const consultantId = r.pick(staff.consultants);
      const customerId = customer();
      const model = `${r.pick(models).model} (${r.int(2016, 2023)})`;
      const grossCents = toCents(localPrice(branch, r.between(38_000, 180_000)));
      const invoice = moneyFromGross(ctx, grossCents);
      const cost = money(ctx, (BigInt(invoice.net.replace('.', '')) * BigInt(r.int(860, 940))) / 1000n);
      let delivered = at(ctx, r, pickDay(r, month, salesDayWeight), 10, 18);
      let orderId: string | undefined;
      if (r.chance(0.5)) {
        orderId = `${b}-UO${yymm(month)}-${seq(i)}`;
        const deposit = moneyFromGross(ctx, toCents(branch.currency === 'EUR' ? 300 : 2000));
        t.add(
          'sales',
          'SignOrder',
          { vehicleSaleId },
          {
            branchId: b,
            orderId,
            model,
            condition: 'used',
            listPrice: invoice,
            transactionPrice: invoice,
            deposit,
            finance: 'cash',
            consultantId,
            customerId,
            occurredAt: iso(delivered),
          },
          vehicleSaleId,
          delivered,
        );
        delivered = laterAt(ctx, r, delivered, r.int(2, 10), 10, 18);
      }
      // Without an order: the DMS syncs used-car deliveries only.
      deliver(
        vehicleSaleId,
        { ...(orderId ? { orderId } : {}), vin: vinFor(r, r.pick(branch.brands)), model, condition: 'used', consultantId, customerId, invoice, cost },
        delivered,
      );
      const when = delivered + 15 * 60_000;
      t.add('sales', 'ReceivePayment', { vehicleSaleId }, { branchId: b, kind: 'balance', amount: invoice, occurredAt: iso(when) }, `${vehicleSaleId}:1`, when);
    }
  }
  return deliveries;
}

function score(r: Random, max: number): number {
  const x = r.next();
  if (max === 5) return x < 0.55 ? 5 : x < 0.85 ? 4 : x < 0.95 ? 3 : x < 0.98 ? 2 : 1;
  return x < 0.38 ? 10 : x < 0.68 ? 9 : x < 0.85 ? 8 : x < 0.93 ? 7 : r.int(3, 6);
}

function salesAnswers(r: Random, oem: boolean) {
  if (oem) {
    return [
      { questionId: 'overall', answer: String(score(r, 5)), min: '1', max: '5', weight: '2', overall: true },
      { questionId: 'handover', answer: String(score(r, 5)), min: '1', max: '5', weight: '1', overall: false },
      { questionId: 'consultant', answer: String(score(r, 5)), min: '1', max: '5', weight: '1', overall: false },
    ];
  }
  return [{ questionId: 'overall', answer: String(score(r, 10)), min: '0', max: '10', weight: '1', overall: true }];
}

export { score };
