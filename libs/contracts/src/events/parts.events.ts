import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { amountOf, isAmount, isQuantity, Money, quantityOf } from '../money';
import { Id, MoneySchema, Month, NonNegativeMoney, Quantity, Text } from '../schema';

/**
 * The parts context: the parts counter, the stores and the accessory shop of a branch. Every
 * stock movement of a branch is one event on that branch's stock ledger; parts issued to a
 * repair order are the workshop's events (service revenue), never a parts counter sale.
 */

export const PARTS_CUSTOMER_TYPES = ['retail', 'quick_repair_shop', 'other_dealer'] as const;
export type PartsCustomerType = (typeof PARTS_CUSTOMER_TYPES)[number];

export const PARTS_RETURN_DIRECTIONS = ['from_customer', 'to_supplier'] as const;
export type PartsReturnDirection = (typeof PARTS_RETURN_DIRECTIONS)[number];

export const STOCK_ADJUSTMENT_REASONS = ['count_correction', 'damage', 'write_off', 'other'] as const;
export type StockAdjustmentReason = (typeof STOCK_ADJUSTMENT_REASONS)[number];

/** Most lines a parts document may carry. */
export const MAX_PARTS_LINES = 200;

export const PartNumber = z.string().min(1).max(64).describe('part number as printed in the catalogue, e.g. 06A115561B');
const PositiveQuantity = Quantity.refine((q) => !q.startsWith('-') && /[1-9]/.test(q), 'must be greater than zero').describe(
  'decimal string greater than zero, up to three fraction digits',
);
const NonNegativeQuantity = Quantity.refine((q) => !q.startsWith('-'), 'must not be negative');
const NonZeroQuantity = Quantity.refine((q) => /[1-9]/.test(q), 'must not be zero').describe(
  'signed decimal string, not zero: positive adds to stock, negative takes from it',
);

/** Every money field of a payload is in one currency (the branch's). */
function oneCurrency(moneys: readonly Money[]): boolean {
  return moneys.every((m) => m.currency === moneys[0]?.currency);
}

function distinctParts(lines: readonly { partNumber: string }[]): boolean {
  return new Set(lines.map((l) => l.partNumber)).size === lines.length;
}

const SAME_CURRENCY = { message: 'every amount must be in the same currency', path: ['currency'] };
const DISTINCT_PARTS = { message: 'each part number may appear on one line only', path: ['lines'] };

/** Goods received into a branch's stores from a supplier (a goods-received note line). */
export const PartsReceived = defineEvent({
  type: 'PartsReceived',
  schemaVersion: 1,
  context: 'parts',
  description:
    "Parts were received into a branch's stores from a supplier; stock rises by the quantity. `cost` is the purchase cost of the whole quantity; genuine (OEM) purchases are reported on their own.",
  schema: z.strictObject({
    receiptId: Id.describe('goods receipt id, unique within the branch'),
    supplierId: Id,
    purchaseOrderRef: Id.nullable().describe('purchase order the goods were delivered against, when known'),
    partNumber: PartNumber,
    quantity: PositiveQuantity,
    genuine: z.boolean().describe('true for genuine (OEM) parts'),
    cost: NonNegativeMoney.describe('purchase cost of the whole quantity received'),
  }),
});
export type PartsReceivedV1 = z.infer<typeof PartsReceived.schema>;

const soldLineFields = {
  partNumber: PartNumber,
  quantity: PositiveQuantity,
  genuine: z.boolean().describe('true for genuine (OEM) parts'),
  amount: NonNegativeMoney.describe('invoiced amount of the line; net is parts counter revenue'),
  cost: NonNegativeMoney.describe('cost of the parts sold on the line'),
};
const SoldLineV1 = z.strictObject(soldLineFields);
const SoldLine = z.strictObject({
  ...soldLineFields,
  backOrderId: Id.optional().describe(
    'the back-order (PartsBackOrdered) this line serves: the parts came in after the first request, so the line is not a request of its own for the fill rate; absent on a line served from stock at the first request',
  ),
});

/**
 * A counter sale (over-the-counter or wholesale). Parts issued to a repair order are not a
 * counter sale: they count in service revenue through the workshop's events.
 */
const saleFields = {
  saleId: Id.describe('counter sale id, unique within the branch'),
  customerType: z.enum(PARTS_CUSTOMER_TYPES),
  customerId: Id.nullable(),
};
const SALE_DESCRIPTION =
  'Parts were sold over the parts counter (retail, quick-repair shops, other dealers). Line amounts net of VAT are parts counter revenue on the business date of the sale; stock falls by the quantities. Parts issued to repair orders are workshop events, never PartsSold.';

/** PartsSold v1 (superseded by v2, whose lines may name the back-order they serve): a v1 payload is a valid v2 payload. */
export const PartsSoldV1Definition = defineEvent({
  type: 'PartsSold',
  schemaVersion: 1,
  context: 'parts',
  description: SALE_DESCRIPTION,
  schema: z
    .strictObject({ ...saleFields, lines: z.array(SoldLineV1).min(1).max(MAX_PARTS_LINES) })
    .refine((p) => oneCurrency(p.lines.flatMap((l) => [l.amount, l.cost])), SAME_CURRENCY)
    .refine((p) => distinctParts(p.lines), DISTINCT_PARTS),
  upcast: (payload) => payload,
});
export type PartsSoldV1 = z.infer<typeof PartsSoldV1Definition.schema>;

export const PartsSold = defineEvent({
  type: 'PartsSold',
  schemaVersion: 2,
  context: 'parts',
  description: `${SALE_DESCRIPTION} A line may name the back-order it serves (backOrderId): such a line is the late delivery of a request already counted as a miss, not a request of its own (parts fill rate).`,
  schema: z
    .strictObject({ ...saleFields, lines: z.array(SoldLine).min(1).max(MAX_PARTS_LINES) })
    .refine((p) => oneCurrency(p.lines.flatMap((l) => [l.amount, l.cost])), SAME_CURRENCY)
    .refine((p) => distinctParts(p.lines), DISTINCT_PARTS),
});
export type PartsSoldV2 = z.infer<typeof PartsSold.schema>;

export const PARTS_REQUEST_CHANNELS = ['counter', 'workshop'] as const;
export type PartsRequestChannel = (typeof PARTS_REQUEST_CHANNELS)[number];

/**
 * A request the stores could not serve in full from stock at the first request: a miss of the
 * parts fill rate. The parts served later name it (PartsSold line or PartsIssuedToRepairOrder
 * `backOrderId`), so they are not counted as requests again.
 */
export const PartsBackOrdered = defineEvent({
  type: 'PartsBackOrdered',
  schemaVersion: 1,
  context: 'parts',
  description:
    "A request for a part (a counter customer's or a repair order's) that the branch's stores could not serve in full from stock at the first request: the part is ordered in. A miss of the parts fill rate (order lines served in full from stock at the first request ÷ order lines requested). The parts handed over later name the back-order (backOrderId on the PartsSold line or the PartsIssuedToRepairOrder), so they do not count as requests of their own.",
  schema: z
    .strictObject({
      backOrderId: Id.describe('back-order id, unique within the branch'),
      channel: z.enum(PARTS_REQUEST_CHANNELS).describe('counter: a parts counter customer; workshop: a repair order'),
      repairOrderId: Id.nullable().describe('the repair order that asked for the part (channel workshop), else null'),
      customerType: z.enum(PARTS_CUSTOMER_TYPES).nullable().describe('the counter customer type (channel counter), else null'),
      partNumber: PartNumber,
      genuine: z.boolean().describe('true for a genuine (OEM) part'),
      quantityRequested: PositiveQuantity,
      quantityServed: NonNegativeQuantity.describe('what the stores could hand over at once (less than requested)'),
    })
    .refine((p) => (p.channel === 'workshop') === (p.repairOrderId !== null), {
      message: 'a workshop back-order names its repair order, a counter back-order none',
      path: ['repairOrderId'],
    })
    .refine((p) => (p.channel === 'counter') === (p.customerType !== null), {
      message: 'a counter back-order names the customer type, a workshop back-order none',
      path: ['customerType'],
    })
    .refine((p) => !isQuantity(p.quantityServed) || !isQuantity(p.quantityRequested) || quantityOf(p.quantityServed).lt(quantityOf(p.quantityRequested)), {
      message: 'a back-order serves less than was requested',
      path: ['quantityServed'],
    }),
});
export type PartsBackOrderedV1 = z.infer<typeof PartsBackOrdered.schema>;

const ReturnedLine = z.strictObject({
  partNumber: PartNumber,
  quantity: PositiveQuantity,
  genuine: z.boolean().describe('as on the original document'),
  amount: NonNegativeMoney.describe(
    'money reversed, positive: for a customer return the sales amount credited to the customer (negative parts revenue); for a return to a supplier the purchase cost credited by the supplier',
  ),
  cost: NonNegativeMoney.describe('cost of the goods moving: back into stock from a customer, out of stock to a supplier'),
});

/** A return of parts, linked to the sale or the receipt it reverses. */
export const PartsReturned = defineEvent({
  type: 'PartsReturned',
  schemaVersion: 1,
  context: 'parts',
  description:
    "Parts came back from a customer (linked to the original counter sale; its amounts are reversed on the return's business date, the sale's date is not rewritten) or went back to a supplier (linked to the original goods receipt). Stock rises or falls by the quantities.",
  schema: z
    .strictObject({
      returnId: Id.describe('return id, unique within the branch'),
      direction: z.enum(PARTS_RETURN_DIRECTIONS),
      originalDocumentId: Id.describe('the saleId of a PartsSold (from_customer) or the receiptId of a PartsReceived (to_supplier)'),
      reason: Text.nullable(),
      lines: z.array(ReturnedLine).min(1).max(MAX_PARTS_LINES),
    })
    .refine((p) => oneCurrency(p.lines.flatMap((l) => [l.amount, l.cost])), SAME_CURRENCY)
    .refine((p) => distinctParts(p.lines), DISTINCT_PARTS),
});
export type PartsReturnedV1 = z.infer<typeof PartsReturned.schema>;

/** An accessory sold (floor mats, roof racks…), on its own or with a vehicle. */
export const AccessorySold = defineEvent({
  type: 'AccessorySold',
  schemaVersion: 1,
  context: 'parts',
  description:
    'An accessory was sold, on its own or fitted to a vehicle being sold (`vehicleSaleId`). Its net amount is accessory revenue on the business date of the sale, not parts counter revenue.',
  schema: z
    .strictObject({
      accessorySaleId: Id,
      accessoryCode: Id.describe('catalogue code of the accessory'),
      description: Text,
      quantity: PositiveQuantity,
      amount: NonNegativeMoney.describe('invoiced amount; net is accessory revenue'),
      cost: NonNegativeMoney,
      vehicleSaleId: Id.nullable().describe('the vehicle sale the accessory was sold with, if any'),
    })
    .refine((p) => oneCurrency([p.amount, p.cost]), SAME_CURRENCY),
});
export type AccessorySoldV1 = z.infer<typeof AccessorySold.schema>;

/** A stock correction that is neither a purchase nor a sale. */
export const StockAdjusted = defineEvent({
  type: 'StockAdjusted',
  schemaVersion: 1,
  context: 'parts',
  description:
    "A branch corrected its stock of one part (stock count, damage, write-off): stock moves by `quantityDelta`, valued at `value` (same sign). Not revenue; a write-off's value is a loss.",
  schema: z
    .strictObject({
      adjustmentId: Id.describe('adjustment id, unique within the branch'),
      reason: z.enum(STOCK_ADJUSTMENT_REASONS),
      partNumber: PartNumber,
      quantityDelta: NonZeroQuantity,
      value: MoneySchema.describe('value of the quantity moved, at cost; negative when stock falls'),
      note: Text.nullable(),
    })
    .refine((p) => p.quantityDelta.startsWith('-') === p.value.net.startsWith('-') || /^-?0\.00$/.test(p.value.net), {
      message: 'must have the sign of quantityDelta',
      path: ['value', 'net'],
    }),
});
export type StockAdjustedV1 = z.infer<typeof StockAdjusted.schema>;

const AgedStock = z
  .strictObject({
    days0To90: NonNegativeMoney,
    days91To180: NonNegativeMoney,
    days181To365: NonNegativeMoney,
    over365Days: NonNegativeMoney,
  })
  .describe('stock value by age since receipt, at cost; the four buckets add up to totalValue');

function sumEquals(total: Money, parts: readonly Money[]): boolean {
  // A malformed amount is reported by its own field; this rule only judges well-formed ones.
  if (![total, ...parts].every((m) => isAmount(m.net) && isAmount(m.tax) && isAmount(m.gross))) return true;
  const addsUp = (field: 'net' | 'tax' | 'gross') => parts.reduce((acc, m) => acc.plus(amountOf(m[field])), amountOf('0.00')).eq(amountOf(total[field]));
  return addsUp('net') && addsUp('tax') && addsUp('gross');
}

/** Month-end stock: a state, never summed over months. */
export const StockSnapshotTaken = defineEvent({
  type: 'StockSnapshotTaken',
  schemaVersion: 1,
  context: 'parts',
  description:
    "A branch's parts stock at the end of a month: quantity, value at cost and aged-stock buckets. A snapshot is a state: a period's stock is its last month's snapshot, never a sum over months. One per branch and month.",
  schema: z
    .strictObject({
      month: Month.describe('the month whose end the snapshot shows, YYYY-MM'),
      partCount: z.number().int().min(0).max(10_000_000).describe('number of part numbers with stock'),
      totalQuantity: NonNegativeQuantity,
      totalValue: NonNegativeMoney.describe('stock value at cost'),
      agedStock: AgedStock,
    })
    .refine((p) => oneCurrency([p.totalValue, ...Object.values(p.agedStock)]), SAME_CURRENCY)
    .refine((p) => sumEquals(p.totalValue, Object.values(p.agedStock)), {
      message: 'the aged-stock buckets must add up to totalValue',
      path: ['agedStock'],
    }),
});
export type StockSnapshotTakenV1 = z.infer<typeof StockSnapshotTaken.schema>;

const TransferLine = z.strictObject({
  partNumber: PartNumber,
  quantity: PositiveQuantity,
  value: NonNegativeMoney.describe('value of the line at cost'),
});

const transferBranches = {
  transferId: Id.describe('transfer id, unique for the sending branch'),
  fromBranchId: Id,
  toBranchId: Id,
};

function transferValid(p: { fromBranchId: string; toBranchId: string; lines: { value: Money }[]; value: Money }) {
  return (
    p.fromBranchId !== p.toBranchId &&
    oneCurrency([p.value, ...p.lines.map((l) => l.value)]) &&
    sumEquals(
      p.value,
      p.lines.map((l) => l.value),
    )
  );
}
const TRANSFER_RULES = {
  message: 'the branches must differ, and the lines must add up to value in one currency',
  path: ['value'],
};

/** Goods leaving one branch for another of the group. */
export const InterBranchTransferDispatched = defineEvent({
  type: 'InterBranchTransferDispatched',
  schemaVersion: 1,
  context: 'parts',
  description:
    "Parts left a branch's stores for another branch of the group (recorded by the sender; stock falls). A transfer is not revenue, and it is eliminated in consolidation.",
  schema: z
    .strictObject({ ...transferBranches, lines: z.array(TransferLine).min(1).max(MAX_PARTS_LINES), value: NonNegativeMoney })
    .refine(transferValid, TRANSFER_RULES)
    .refine((p) => distinctParts(p.lines), DISTINCT_PARTS),
});
export type InterBranchTransferDispatchedV1 = z.infer<typeof InterBranchTransferDispatched.schema>;

/** The receiving side of a transfer, once, after the dispatch. */
export const InterBranchTransferReceived = defineEvent({
  type: 'InterBranchTransferReceived',
  schemaVersion: 1,
  context: 'parts',
  description:
    'A branch received the parts another branch dispatched to it (recorded by the receiver; stock rises). Received quantities are at most those dispatched; the value is the dispatched value of what arrived. Not revenue.',
  schema: z
    .strictObject({ ...transferBranches, lines: z.array(TransferLine).min(1).max(MAX_PARTS_LINES), value: NonNegativeMoney })
    .refine(transferValid, TRANSFER_RULES)
    .refine((p) => distinctParts(p.lines), DISTINCT_PARTS),
});
export type InterBranchTransferReceivedV1 = z.infer<typeof InterBranchTransferReceived.schema>;

/** Superseded parts event versions (each upcasts to the next). */
export const PARTS_SUPERSEDED = [PartsSoldV1Definition] as const;

/** The current version of every parts event. */
export const PARTS_EVENTS = [
  PartsReceived,
  PartsSold,
  PartsBackOrdered,
  PartsReturned,
  AccessorySold,
  StockAdjusted,
  StockSnapshotTaken,
  InterBranchTransferDispatched,
  InterBranchTransferReceived,
] as const;
