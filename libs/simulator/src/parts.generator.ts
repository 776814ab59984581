import { amountOfCents, remainder } from '@app/contracts';
import { ACCESSORIES, BASE_VOLUMES, localPrice, PartPlan, PARTS, seasonality, SIZE_FACTOR } from './catalogue';
import { toCents } from './money';
import { at, BranchContext, iso, money, pickDay, seq, yymm } from './plan';
import { Random } from './random';
import { addMonths, dateOf, daysInMonth, weekday } from './time';

/** A transfer another branch dispatched: the receiving branch books it early next month. */
export interface TransferReceipt {
  readonly toBranchId: string;
  readonly transferId: string;
  readonly fromBranchId: string;
  readonly lines: readonly { partNumber: string; quantity: string }[];
  readonly at: number;
}

/** Another branch of the same currency, trading from `firstMonth`. */
export interface TransferPeer {
  readonly branchId: string;
  readonly firstMonth: string;
  readonly at: (date: string, hour: number) => number;
}

type CustomerType = 'retail' | 'quick_repair_shop' | 'other_dealer';

interface SaleLine {
  readonly part: PartPlan;
  readonly quantity: number;
  readonly unitCents: bigint;
}

type PartsDoc =
  | { kind: 'replenish'; at: number; month: string; until: number }
  | { kind: 'sale'; at: number; id: string; customerType: CustomerType; lines: SaleLine[] }
  | { kind: 'customer-return'; at: number; id: string; saleId: string; line: SaleLine }
  | { kind: 'supplier-return'; at: number; id: string; month: string }
  | { kind: 'adjust'; at: number; id: string; part: PartPlan; delta: number; reason: 'count_correction' | 'damage' }
  | { kind: 'dispatch'; at: number; id: string; peer: TransferPeer; month: string }
  | { kind: 'snapshot'; at: number; month: string };

const CUSTOMER_TYPES = { retail: 50, quick_repair_shop: 35, other_dealer: 15 } as const;

/**
 * The parts counter of a branch, on its stock ledger: goods receipts (genuine or not) twice a
 * month for what the counter will sell, counter sales to retail customers, quick-repair shops and
 * other dealers, customer returns, returns to the supplier, stock adjustments, transfers to a
 * sister branch, counter accessory sales, and the month-end stock snapshot. Stock never goes
 * below zero: the plan is walked in time order and a line the stock cannot serve is left out.
 */
export function generateParts(ctx: BranchContext, rng: Random, peers: readonly TransferPeer[]): TransferReceipt[] {
  const b = ctx.branch.branchId;
  const docs: PartsDoc[] = [];
  const weekdayWeight = (date: string) => (weekday(date) === 0 ? 0.3 : 1);
  for (const month of ctx.months) {
    const r = rng.fork(month);
    const days = daysInMonth(month);
    docs.push({ kind: 'replenish', at: at(ctx, r, dateOf(month, 1), 8, 8.5), month, until: at(ctx, r, dateOf(month, 15), 7, 7.5) });
    docs.push({ kind: 'replenish', at: at(ctx, r, dateOf(month, 15), 8, 8.5), month, until: at(ctx, r, dateOf(addMonths(month, 1), 1), 7, 7.5) });
    const season = seasonality(ctx.branch, month, 'service');
    const sales = r.poisson(BASE_VOLUMES.partsCounterSales * SIZE_FACTOR[ctx.branch.size] * ctx.scale * season);
    for (let i = 1; i <= sales; i++) {
      const customerType: CustomerType = r.weighted(CUSTOMER_TYPES);
      const discount = customerType === 'retail' ? 1 : customerType === 'quick_repair_shop' ? r.between(0.85, 0.92) : r.between(0.8, 0.88);
      const parts = new Set<PartPlan>();
      const count = r.int(1, 3);
      while (parts.size < count) parts.add(r.pick(PARTS));
      const lines = [...parts].map((part) => ({
        part,
        quantity: customerType === 'retail' ? r.int(1, 2) : customerType === 'quick_repair_shop' ? r.int(2, 6) : r.int(3, 10),
        unitCents: toCents(localPrice(ctx.branch, part.price * discount)),
      }));
      const id = `${b}-CS${yymm(month)}-${seq(i)}`;
      const saleAt = at(ctx, r, pickDay(r, month, weekdayWeight), 8.5, 18);
      docs.push({ kind: 'sale', at: saleAt, id, customerType, lines });
      if (r.chance(0.03)) {
        const line = lines[0]!;
        docs.push({ kind: 'customer-return', at: saleAt + r.int(1, 10) * 86_400_000, id: `${id}-R`, saleId: id, line: { ...line, quantity: 1 } });
      }
    }
    if (r.chance(0.15)) docs.push({ kind: 'supplier-return', at: at(ctx, r, dateOf(month, 20), 10, 16), id: `${b}-SR${yymm(month)}`, month });
    if (r.chance(0.3)) {
      const damage = r.chance(0.4);
      docs.push({
        kind: 'adjust',
        at: at(ctx, r, dateOf(month, 25), 10, 16),
        id: `${b}-ADJ${yymm(month)}`,
        part: r.pick(PARTS),
        delta: damage ? -1 : r.chance(0.5) ? 1 : -1,
        reason: damage ? 'damage' : 'count_correction',
      });
    }
    const receiving = peers.filter((p) => p.firstMonth <= addMonths(month, 1));
    if (receiving.length > 0 && r.chance(0.25)) {
      docs.push({ kind: 'dispatch', at: at(ctx, r, dateOf(month, r.int(5, 20)), 10, 16), id: `${b}-TR${yymm(month)}`, peer: r.pick(receiving), month });
    }
    docs.push({ kind: 'snapshot', at: at(ctx, r, dateOf(month, days), 20, 21), month });
    const accessories = r.poisson(BASE_VOLUMES.accessoryCounterSales * SIZE_FACTOR[ctx.branch.size] * ctx.scale * seasonality(ctx.branch, month, 'sales'));
    for (let i = 1; i <= accessories; i++) {
      const accessory = r.pick(ACCESSORIES);
      const quantity = r.int(1, 2);
      const id = `${b}-AC${yymm(month)}-${seq(i)}`;
      const when = at(ctx, r, pickDay(r, month, weekdayWeight), 9, 19);
      ctx.timeline.add(
        'parts',
        'SellAccessory',
        { accessorySaleId: id },
        {
          branchId: b,
          accessoryCode: accessory.code,
          description: accessory.description,
          quantity: String(quantity),
          amount: money(ctx, toCents(localPrice(ctx.branch, accessory.price)) * BigInt(quantity)),
          cost: money(ctx, toCents(localPrice(ctx.branch, accessory.cost)) * BigInt(quantity)),
          occurredAt: iso(when),
        },
        id,
        when,
      );
    }
  }
  docs.sort((x, y) => x.at - y.at);
  return walk(ctx, rng.fork('walk'), docs);
}

function walk(ctx: BranchContext, r: Random, docs: readonly PartsDoc[]): TransferReceipt[] {
  const t = ctx.timeline;
  const b = ctx.branch.branchId;
  const stock = new Map<string, number>();
  const onHand = (part: PartPlan) => stock.get(part.partNumber) ?? 0;
  const move = (part: PartPlan, delta: number) => stock.set(part.partNumber, onHand(part) + delta);
  const unitCost = (part: PartPlan) => toCents(localPrice(ctx.branch, part.cost));
  const soldLines = new Map<string, Set<string>>();
  const receipts: { id: string; part: PartPlan; quantity: number; month: string }[] = [];
  const transfers: TransferReceipt[] = [];
  let baseStock = BASE_VOLUMES.baseStockValue * SIZE_FACTOR[ctx.branch.size] * ctx.scale;
  let receiptSeq = 0;
  for (const doc of docs) {
    switch (doc.kind) {
      case 'replenish': {
        // Order what the counter will sell until the next delivery, plus a few in reserve.
        const demand = new Map<PartPlan, number>();
        for (const d of docs) {
          if (d.kind === 'sale' && d.at >= doc.at && d.at < doc.until) for (const l of d.lines) demand.set(l.part, (demand.get(l.part) ?? 0) + l.quantity);
        }
        let line = 0;
        for (const [part, wanted] of demand) {
          const quantity = wanted + r.int(2, 6) - onHand(part);
          if (quantity <= 0) continue;
          const id = `${b}-GR${yymm(doc.month)}-${seq(++receiptSeq)}`;
          // One receipt per part, a minute apart, all booked before the counter opens.
          const when = doc.at + ++line * 60_000;
          const genuine = r.chance(0.85);
          const kept = t.add(
            'parts',
            'ReceiveParts',
            { receiptId: id },
            {
              branchId: b,
              supplierId: genuine ? `OEM-${ctx.branch.brands[0]?.toUpperCase().replace(/[^A-Z]/g, '') ?? 'OEM'}` : 'AFTERMARKET-01',
              purchaseOrderRef: `PO-${id}`,
              partNumber: part.partNumber,
              quantity: String(quantity),
              genuine,
              cost: money(ctx, unitCost(part) * BigInt(quantity)),
              occurredAt: iso(when),
            },
            id,
            when,
          );
          if (kept) {
            move(part, quantity);
            receipts.push({ id, part, quantity, month: doc.month });
          }
        }
        break;
      }
      case 'sale': {
        const lines = doc.lines.filter((l) => l.quantity <= onHand(l.part));
        // A line the stores cannot serve in full is back-ordered (a miss of the parts fill rate); the
        // customer is not served from this order later.
        doc.lines
          .filter((l) => l.quantity > onHand(l.part))
          .forEach((l, index) => {
            const backOrderId = `${doc.id}-BO${index + 1}`;
            t.add(
              'parts',
              'BackOrderParts',
              { backOrderId },
              {
                branchId: b,
                channel: 'counter',
                customerType: doc.customerType,
                partNumber: l.part.partNumber,
                genuine: true,
                quantityRequested: String(l.quantity),
                quantityServed: '0',
                occurredAt: iso(doc.at),
              },
              backOrderId,
              doc.at,
            );
          });
        if (lines.length === 0) break;
        const kept = t.add(
          'parts',
          'SellParts',
          { saleId: doc.id },
          {
            branchId: b,
            customerType: doc.customerType,
            ...(doc.customerType === 'retail' ? {} : { customerId: `${b}-SHOP-${r.int(1, 12)}` }),
            lines: lines.map((l) => ({
              partNumber: l.part.partNumber,
              quantity: String(l.quantity),
              genuine: true,
              amount: money(ctx, l.unitCents * BigInt(l.quantity)),
              cost: money(ctx, unitCost(l.part) * BigInt(l.quantity)),
            })),
            occurredAt: iso(doc.at),
          },
          doc.id,
          doc.at,
        );
        if (!kept) break;
        for (const l of lines) move(l.part, -l.quantity);
        soldLines.set(doc.id, new Set(lines.map((l) => l.part.partNumber)));
        break;
      }
      case 'customer-return': {
        if (!soldLines.get(doc.saleId)?.has(doc.line.part.partNumber)) break;
        const kept = t.add(
          'parts',
          'ReturnParts',
          { returnId: doc.id },
          {
            branchId: b,
            direction: 'from_customer',
            originalDocumentId: doc.saleId,
            reason: 'wrong part ordered',
            lines: [{ partNumber: doc.line.part.partNumber, quantity: '1', amount: money(ctx, doc.line.unitCents), cost: money(ctx, unitCost(doc.line.part)) }],
            occurredAt: iso(doc.at),
          },
          doc.id,
          doc.at,
        );
        if (kept) move(doc.line.part, 1);
        break;
      }
      case 'supplier-return': {
        const receipt = [...receipts].reverse().find((x) => x.month === doc.month && onHand(x.part) >= 1);
        if (!receipt) break;
        const kept = t.add(
          'parts',
          'ReturnParts',
          { returnId: doc.id },
          {
            branchId: b,
            direction: 'to_supplier',
            originalDocumentId: receipt.id,
            reason: 'damaged in transit',
            lines: [
              { partNumber: receipt.part.partNumber, quantity: '1', amount: money(ctx, unitCost(receipt.part)), cost: money(ctx, unitCost(receipt.part)) },
            ],
            occurredAt: iso(doc.at),
          },
          doc.id,
          doc.at,
        );
        if (kept) move(receipt.part, -1);
        break;
      }
      case 'adjust': {
        if (doc.delta < 0 && onHand(doc.part) < -doc.delta) break;
        const value = unitCost(doc.part) * BigInt(doc.delta);
        const kept = t.add(
          'parts',
          'AdjustStock',
          { adjustmentId: doc.id },
          {
            branchId: b,
            reason: doc.reason,
            partNumber: doc.part.partNumber,
            quantityDelta: String(doc.delta),
            value: { currency: ctx.branch.currency, net: amountOfCents(value), tax: '0.00', gross: amountOfCents(value) },
            note: doc.reason === 'damage' ? 'dropped in the warehouse' : 'cycle count',
            occurredAt: iso(doc.at),
          },
          doc.id,
          doc.at,
        );
        if (kept) move(doc.part, doc.delta);
        break;
      }
      case 'dispatch': {
        const available = PARTS.filter((p) => onHand(p) >= 2);
        if (available.length === 0) break;
        const lines = [r.pick(available)].map((part) => ({ part, quantity: Math.min(onHand(part) - 1, r.int(1, 4)) }));
        const kept = t.add(
          'parts',
          'DispatchTransfer',
          { transferId: doc.id },
          {
            branchId: b,
            toBranchId: doc.peer.branchId,
            lines: lines.map((l) => ({
              partNumber: l.part.partNumber,
              quantity: String(l.quantity),
              value: money(ctx, unitCost(l.part) * BigInt(l.quantity)),
            })),
            occurredAt: iso(doc.at),
          },
          doc.id,
          doc.at,
        );
        if (!kept) break;
        for (const l of lines) move(l.part, -l.quantity);
        transfers.push({
          toBranchId: doc.peer.branchId,
          transferId: doc.id,
          fromBranchId: b,
          lines: lines.map((l) => ({ partNumber: l.part.partNumber, quantity: String(l.quantity) })),
          at: doc.peer.at(dateOf(addMonths(doc.month, 1), r.int(2, 4)), r.between(9, 12)),
        });
        break;
      }
      case 'snapshot': {
        baseStock *= r.between(0.97, 1.03);
        const tracked = PARTS.reduce((sum, p) => sum + unitCost(p) * BigInt(onHand(p)), 0n);
        const total = tracked + toCents(localPrice(ctx.branch, baseStock));
        const share = (percent: number) => (total * BigInt(Math.round(percent * 100))) / 10000n;
        const b0 = share(r.between(66, 74));
        const b1 = share(r.between(12, 16));
        const b2 = share(r.between(6, 9));
        const totalValue = money(ctx, total);
        const buckets = [money(ctx, b0), money(ctx, b1), money(ctx, b2)] as const;
        const quantity = [...stock.values()].reduce((a, q) => a + q, 0) + Math.round(baseStock / 150);
        t.add(
          'parts',
          'TakeStockSnapshot',
          { month: doc.month },
          {
            branchId: b,
            partCount: PARTS.filter((p) => onHand(p) > 0).length + Math.round(900 * SIZE_FACTOR[ctx.branch.size]),
            totalQuantity: String(quantity),
            totalValue,
            agedStock: { days0To90: buckets[0], days91To180: buckets[1], days181To365: buckets[2], over365Days: remainder(totalValue, buckets) },
            occurredAt: iso(doc.at),
          },
          `${b}-${doc.month}`,
          doc.at,
        );
        break;
      }
    }
  }
  return transfers;
}
