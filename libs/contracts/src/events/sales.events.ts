import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { amountOf } from '../money';
import { Id, NonNegativeMoney, Text, Vin } from '../schema';

export const VEHICLE_CONDITIONS = ['new', 'used'] as const;
export type VehicleCondition = (typeof VEHICLE_CONDITIONS)[number];

/** Where a lead came from. */
export const LEAD_SOURCES = ['walk_in', 'phone', 'online', 'referral', 'other'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

/** The kind of customer behind a lead or an order. */
export const CUSTOMER_SEGMENTS = ['individual', 'taxi', 'fleet_government', 'corporate', 'other'] as const;
export type CustomerSegment = (typeof CUSTOMER_SEGMENTS)[number];

/** How the buyer pays for the vehicle. */
export const FINANCE_TYPES = ['cash', 'loan', 'lease'] as const;
export type FinanceType = (typeof FINANCE_TYPES)[number];

/** What a payment on a vehicle sale is: money in (deposit, balance, loan payout) or money back (refund). */
export const PAYMENT_KINDS = ['deposit', 'balance', 'loan', 'refund'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];

/** Money none of whose parts (net, tax, gross) is negative. */
const NonNegativeParts = NonNegativeMoney.refine((m) => !m.tax.startsWith('-'), {
  message: 'must not be negative',
  path: ['tax'],
});

/** Money that changed hands: no negative part and a gross above zero. */
const PositiveMoney = NonNegativeParts.refine((m) => amountOf(m.gross).gt(0), {
  message: 'must be more than zero',
  path: ['gross'],
});

/**
 * The customer's market area (a city or district code as head office's territory map names it): a
 * deal is credited to the branch owning the area's territory on the business date
 * (TerritoryAssigned; docs/adr/0029-territory-credit.md).
 */
const CustomerArea = Id.describe(
  "the customer's market area (a city or district code of head office's territory map); a deal is credited to the branch owning it on the business date; absent when not recorded (every v1 event)",
);

const deliveryFields = {
  vehicleSaleId: Id,
  orderId: Id.nullable(),
  vin: Vin,
  model: Text,
  condition: z.enum(VEHICLE_CONDITIONS),
  consultantId: Id,
  customerId: Id.nullable(),
  invoice: NonNegativeMoney,
  cost: NonNegativeMoney,
};

const DELIVERY_DESCRIPTION = 'A sold vehicle was handed over to the buyer; its revenue is recognised on the business date of the delivery.';

/** VehicleDelivered v1 (superseded by v2, which may name the customer's area): a v1 payload is a valid v2 payload. */
export const VehicleDeliveredV1Definition = defineEvent({
  type: 'VehicleDelivered',
  schemaVersion: 1,
  context: 'sales',
  description: DELIVERY_DESCRIPTION,
  schema: z.strictObject(deliveryFields).refine((p) => p.invoice.currency === p.cost.currency, {
    message: 'must be in the invoice currency',
    path: ['cost', 'currency'],
  }),
  upcast: (payload) => payload,
});
export type VehicleDeliveredV1 = z.infer<typeof VehicleDeliveredV1Definition.schema>;

/**
 * A vehicle handed over to its buyer. Vehicles are recognised as revenue at delivery: the
 * invoice amounts (net of VAT) are the revenue, `cost` the cost of the vehicle sold. The
 * buyer's purchase tax (购置税) is not dealer revenue and is not carried here. v2 adds the
 * customer's market area (the territory the deal is credited to).
 */
export const VehicleDelivered = defineEvent({
  type: 'VehicleDelivered',
  schemaVersion: 2,
  context: 'sales',
  description: `${DELIVERY_DESCRIPTION} customerArea names the buyer's market area: the deal is credited to the branch owning that territory on the business date (market share, the territory dimension); absent when not recorded (every v1 delivery).`,
  schema: z.strictObject({ ...deliveryFields, customerArea: CustomerArea.optional() }).refine((p) => p.invoice.currency === p.cost.currency, {
    message: 'must be in the invoice currency',
    path: ['cost', 'currency'],
  }),
});
export type VehicleDeliveredV2 = z.infer<typeof VehicleDelivered.schema>;

/** A prospective buyer entered the sales funnel: the denominator of lead → order conversion. */
const leadFields = {
  leadId: Id,
  source: z.enum(LEAD_SOURCES).describe('where the lead came from'),
  segment: z.enum(CUSTOMER_SEGMENTS).describe('customer segment'),
  consultantId: Id.describe('sales consultant who owns the lead'),
  modelOfInterest: Text.nullable().describe('the model the prospect asked about, when known'),
  customerId: Id.nullable().describe('the customer record, when the prospect is already known'),
};

/** LeadCreated v1 (superseded by v2, which may name the referrer): a v1 payload is a valid v2 payload. */
export const LeadCreatedV1Definition = defineEvent({
  type: 'LeadCreated',
  schemaVersion: 1,
  context: 'sales',
  description: 'A prospective buyer entered the sales funnel of a branch (leads by source and segment; the base of lead → order conversion).',
  schema: z.strictObject(leadFields),
  upcast: (payload) => payload,
});
export type LeadCreatedV1 = z.infer<typeof LeadCreatedV1Definition.schema>;

/**
 * A prospect entered a branch's sales funnel. v2 adds the referrer: the customer who referred the
 * prospect, on a lead with source referral (referral sales are credited to them).
 */
export const LeadCreated = defineEvent({
  type: 'LeadCreated',
  schemaVersion: 2,
  context: 'sales',
  description:
    'A prospective buyer entered the sales funnel of a branch (leads by source and segment; the base of lead → order conversion). A referral lead may name the customer who referred the prospect (referrerCustomerId), to whom the referral and the sales it leads to are credited; absent when not recorded (every v1 lead).',
  schema: z
    .strictObject({
      ...leadFields,
      referrerCustomerId: Id.optional().describe('the customer who referred the prospect; only on a lead with source referral; absent when not recorded'),
    })
    .refine((p) => p.referrerCustomerId === undefined || p.source === 'referral', {
      message: 'only a lead with source referral names a referrer',
      path: ['referrerCustomerId'],
    }),
});
export type LeadCreatedV2 = z.infer<typeof LeadCreated.schema>;

/** A test drive with a lead; a lead may have several. */
export const TestDriveCompleted = defineEvent({
  type: 'TestDriveCompleted',
  schemaVersion: 1,
  context: 'sales',
  description: 'A prospect of an existing lead completed a test drive of a model, accompanied by a sales consultant.',
  schema: z.strictObject({
    leadId: Id,
    model: Text.describe('model driven'),
    consultantId: Id.describe('sales consultant who accompanied the drive'),
  }),
});
export type TestDriveCompletedV1 = z.infer<typeof TestDriveCompleted.schema>;

/**
 * A purchase contract signed for one vehicle sale. An order is not revenue: the vehicle is
 * recognised at delivery. Orders feed the order count, lead → order conversion and order backlog.
 */
export const OrderSigned = defineEvent({
  type: 'OrderSigned',
  schemaVersion: 1,
  context: 'sales',
  description: 'The buyer signed the purchase order of a vehicle sale (order count and lead → order conversion; not revenue, which comes at delivery).',
  schema: z
    .strictObject({
      vehicleSaleId: Id.describe('the vehicle sale this order opens; delivery, payments and a return refer to it'),
      orderId: Id.describe('the order (contract) number'),
      leadId: Id.nullable().describe('the lead the order converts, when there was one'),
      model: Text,
      condition: z.enum(VEHICLE_CONDITIONS),
      listPrice: NonNegativeParts.describe('manufacturer suggested retail price'),
      transactionPrice: NonNegativeParts.describe('the agreed price of the vehicle'),
      deposit: NonNegativeParts.describe('the deposit agreed in the contract (what was actually paid comes as PaymentReceived)'),
      finance: z.enum(FINANCE_TYPES).describe('how the buyer pays'),
      consultantId: Id.describe('sales consultant credited with the order'),
      customerId: Id.describe('the buyer'),
    })
    .refine((p) => p.transactionPrice.currency === p.listPrice.currency, {
      message: 'must be in the list price currency',
      path: ['transactionPrice', 'currency'],
    })
    .refine((p) => p.deposit.currency === p.listPrice.currency, {
      message: 'must be in the list price currency',
      path: ['deposit', 'currency'],
    }),
});
export type OrderSignedV1 = z.infer<typeof OrderSigned.schema>;

/** A signed order was called off before delivery. The order stays counted; cancellations are a figure of their own. */
export const OrderCancelled = defineEvent({
  type: 'OrderCancelled',
  schemaVersion: 1,
  context: 'sales',
  description: 'A signed order was cancelled before delivery (order cancellations); a deposit received is paid back as a refund.',
  schema: z.strictObject({
    vehicleSaleId: Id,
    orderId: Id,
    reason: Text,
  }),
});
export type OrderCancelledV1 = z.infer<typeof OrderCancelled.schema>;

/**
 * Money received for a vehicle sale (collections, 回款), or paid back to the buyer. Never revenue.
 * The amount is always positive; a refund is its own kind and counts against collections.
 */
export const PaymentReceived = defineEvent({
  type: 'PaymentReceived',
  schemaVersion: 1,
  context: 'sales',
  description: 'Money was received for a vehicle sale (deposit, balance, loan payout) or paid back to the buyer (refund): collections, never revenue.',
  schema: z.strictObject({
    vehicleSaleId: Id,
    orderId: Id.nullable().describe('the order paid for; null for a sale recorded without an order'),
    kind: z.enum(PAYMENT_KINDS).describe('deposit, balance and loan are money in; refund is money paid back'),
    amount: PositiveMoney.describe('always positive, also for a refund'),
  }),
});
export type PaymentReceivedV1 = z.infer<typeof PaymentReceived.schema>;

const returnFields = {
  vehicleSaleId: Id.describe('the vehicle sale whose delivery is reversed'),
  deliveryEventId: z.uuid().describe('eventId of the VehicleDelivered this return reverses'),
  orderId: Id.nullable(),
  vin: Vin,
  model: Text,
  condition: z.enum(VEHICLE_CONDITIONS).describe('of the delivery: decides the revenue stream (new or used vehicles)'),
  consultantId: Id.describe('the consultant credited with the delivery'),
  reason: Text,
  invoiceReversed: NonNegativeParts.describe('invoice amounts taken back; at most the delivery invoice'),
  costReversed: NonNegativeParts.describe('cost of sale taken back; at most the delivery cost'),
};

const RETURN_DESCRIPTION =
  'A delivered vehicle was returned (退车): the reversed invoice is negative revenue on the business date of the return, linked to the original delivery, which is not rewritten.';

/** VehicleReturned v1 (superseded by v2, which carries the delivery's customer area): a v1 payload is a valid v2 payload. */
export const VehicleReturnedV1Definition = defineEvent({
  type: 'VehicleReturned',
  schemaVersion: 1,
  context: 'sales',
  description: RETURN_DESCRIPTION,
  schema: z.strictObject(returnFields).refine((p) => p.invoiceReversed.currency === p.costReversed.currency, {
    message: 'must be in the invoice currency',
    path: ['costReversed', 'currency'],
  }),
  upcast: (payload) => payload,
});
export type VehicleReturnedV1 = z.infer<typeof VehicleReturnedV1Definition.schema>;

/**
 * A delivered vehicle taken back (退车). Its reversed amounts are a negative revenue entry on the
 * business date of the return, linked to the original sale; the delivery itself is not rewritten.
 * v2 carries the customer's area of the delivery it reverses.
 */
export const VehicleReturned = defineEvent({
  type: 'VehicleReturned',
  schemaVersion: 2,
  context: 'sales',
  description: `${RETURN_DESCRIPTION} customerArea is the delivery's (copied by the sales service): the return is credited to the branch owning that territory on the return's business date; absent when the delivery named none.`,
  schema: z.strictObject({ ...returnFields, customerArea: CustomerArea.optional() }).refine((p) => p.invoiceReversed.currency === p.costReversed.currency, {
    message: 'must be in the invoice currency',
    path: ['costReversed', 'currency'],
  }),
});
export type VehicleReturnedV2 = z.infer<typeof VehicleReturned.schema>;

/** The current version of every sales event. */
/** Superseded sales event versions, each with its upcaster (see event-catalogue.ts). */
export const SALES_SUPERSEDED = [LeadCreatedV1Definition, VehicleDeliveredV1Definition, VehicleReturnedV1Definition] as const;

/** What a sales consultant logged: a phone call or a visit (to or from a prospect or customer). */
export const SALES_ACTIVITY_KINDS = ['call', 'visit'] as const;
export type SalesActivityKind = (typeof SALES_ACTIVITY_KINDS)[number];

/** Longest note a logged sales activity keeps. */
export const SALES_ACTIVITY_NOTE_MAX = 500;

/**
 * A call or a visit a sales consultant logged: the facts of sales activity against quota (calls per
 * working day, visits per week, against the KPI settings sales_calls_per_day and
 * sales_visits_per_week in force). One activity per id; a correction is a new activity.
 */
export const SalesActivityLogged = defineEvent({
  type: 'SalesActivityLogged',
  schemaVersion: 1,
  context: 'sales',
  description:
    'A sales consultant made a call or a visit (to or from a prospect or customer), logged by the consultant themself, or for a sales consultant of the branch by its manager, head office or a dealer system. Counted on its business date for the consultant named, against the activity quota in force (KPI settings sales_calls_per_day, sales_visits_per_week).',
  schema: z.strictObject({
    activityId: Id.describe('activity id, unique across the group (chosen by the dealer system)'),
    consultantId: Id.describe('the sales consultant (employee id) who made the call or visit'),
    kind: z.enum(SALES_ACTIVITY_KINDS).describe('call: a phone call; visit: a visit to or from a prospect or customer'),
    leadId: Id.nullable().describe('the lead the activity was about, if any'),
    customerId: Id.nullable().describe('the customer the activity was about, if any'),
    note: z.string().min(1).max(SALES_ACTIVITY_NOTE_MAX).nullable().describe(`free text, at most ${SALES_ACTIVITY_NOTE_MAX} characters`),
  }),
});
export type SalesActivityLoggedV1 = z.infer<typeof SalesActivityLogged.schema>;

export const SALES_EVENTS = [
  LeadCreated,
  TestDriveCompleted,
  OrderSigned,
  OrderCancelled,
  PaymentReceived,
  VehicleDelivered,
  VehicleReturned,
  SalesActivityLogged,
] as const;
