import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { amountOf, Exact, isAmount } from '../money';
import { Id, Instant, LongText, MoneySchema, NonNegativeAmount, NonNegativeMoney, Quantity, Text, Vin } from '../schema';

/**
 * The workshop (after-sales service) context: appointments, repair orders (RO) with their labour
 * and parts lines, comebacks, warranty claims, follow-up calls, CSI surveys and complaints.
 * Repair-order revenue is recognised when the RO is closed; a reopening reverses it.
 */

export const REPAIR_JOB_TYPES = ['maintenance', 'repair', 'body_paint', 'insurance', 'warranty', 'internal', 'pdi'] as const;
export type RepairJobType = (typeof REPAIR_JOB_TYPES)[number];
/** Job types whose ROs are excluded from service KPIs (they are recorded all the same). */
export const NON_KPI_JOB_TYPES: readonly RepairJobType[] = ['internal', 'pdi'];

export const REPAIR_PAYERS = ['customer', 'insurance', 'warranty', 'internal'] as const;
export type RepairPayer = (typeof REPAIR_PAYERS)[number];

export const LABOUR_CATEGORIES = ['mechanical', 'body', 'paint'] as const;
export type LabourCategory = (typeof LABOUR_CATEGORIES)[number];

export const APPOINTMENT_CHANNELS = ['phone', 'online', 'app', 'walk_in', 'oem'] as const;
export type AppointmentChannel = (typeof APPOINTMENT_CHANNELS)[number];

export const WARRANTY_DECISIONS = ['approved', 'rejected', 'partially_approved'] as const;
export type WarrantyDecision = (typeof WARRANTY_DECISIONS)[number];

export const FOLLOW_UP_OUTCOMES_REACHED = ['satisfied', 'dissatisfied', 'callback_requested', 'declined'] as const;
export const FOLLOW_UP_OUTCOMES_NOT_REACHED = ['no_answer', 'wrong_number', 'voicemail'] as const;
export const FOLLOW_UP_OUTCOMES = [...FOLLOW_UP_OUTCOMES_REACHED, ...FOLLOW_UP_OUTCOMES_NOT_REACHED] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

export const CSI_SOURCES = ['internal_call', 'oem_survey', 'mystery_shop'] as const;
export type CsiSource = (typeof CSI_SOURCES)[number];
export const CSI_KINDS = ['service', 'sales'] as const;
export type CsiKind = (typeof CSI_KINDS)[number];

export const COMPLAINT_CHANNELS = ['phone', 'walk_in', 'online', 'oem', 'social_media', 'letter'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

/** Hours as a decimal string with up to two fraction digits, never negative. */
const Hours = z
  .string()
  .regex(/^(0|[1-9]\d{0,5})(\.\d{1,2})?$/)
  .describe('hours, decimal string with up to two fraction digits');
/** Hours that may be negative: a correction line takes hours back. */
const SignedHours = z
  .string()
  .regex(/^-?(0|[1-9]\d{0,5})(\.\d{1,2})?$/)
  .describe('hours, decimal string with up to two fraction digits; negative only on a correction line');
/** A point on a survey scale (answer, min, max) or a weight: a decimal string, never a float. */
const ScaleValue = z
  .string()
  .regex(/^-?(0|[1-9]\d{0,5})(\.\d{1,3})?$/)
  .describe('decimal string with up to three fraction digits');

/** A decimal string as an exact number, for comparisons inside refinements (NaN when malformed: its regex reports it). */
const decimal = (value: string): Exact => new Exact(/^-?\d+(\.\d+)?$/.test(value) ? value : NaN);

const sameCurrency = (monies: readonly { currency: string }[]) => new Set(monies.map((m) => m.currency)).size <= 1;
/** The sign of a two-decimal amount; 0 for a malformed one (its own field check reports it). */
const netSign = (amount: string): number => (isAmount(amount) ? amountOf(amount).cmp(0) : 0);

/** An appointment booked ahead of a workshop visit (feeds the appointment share of intakes). */
export const AppointmentBooked = defineEvent({
  type: 'AppointmentBooked',
  schemaVersion: 1,
  context: 'workshop',
  description:
    'A customer booked a workshop visit ahead of time; occurredAt is when it was booked, scheduledFor when the vehicle is expected. A repair order opened from it names the appointment.',
  schema: z.strictObject({
    appointmentId: Id,
    vin: Vin.nullable().describe('null when the vehicle was not identified at booking'),
    customerId: Id.nullable(),
    advisorId: Id.nullable().describe('service advisor the visit is booked with, if any'),
    jobType: z.enum(REPAIR_JOB_TYPES),
    channel: z.enum(APPOINTMENT_CHANNELS).describe('how the booking was made'),
    scheduledFor: Instant.describe('when the vehicle is expected at the workshop'),
  }),
});
export type AppointmentBookedV1 = z.infer<typeof AppointmentBooked.schema>;

const openFields = {
  repairOrderId: Id,
  intakeVisitId: Id.describe('the vehicle visit this RO belongs to; shared by ROs split from one intake'),
  vin: Vin,
  mileageKm: z.number().int().min(0).max(5_000_000).describe('odometer at intake, km'),
  advisorId: Id.describe('service advisor who opened the RO'),
  jobType: z.enum(REPAIR_JOB_TYPES),
  payer: z.enum(REPAIR_PAYERS).describe('who pays the RO by default; each line names its own payer'),
  appointmentId: Id.nullable().describe('the appointment the visit was booked under, if any'),
  customerId: Id.nullable(),
  complaint: Text.nullable().describe("the customer's description of the fault or request"),
};

const OPEN_DESCRIPTION =
  'A repair order was opened at vehicle intake. Several ROs (e.g. mechanical and body) can share one intake visit; a visit counts once as a vehicle intake. Internal and PDI ROs are recorded but excluded from service KPIs.';

/** RepairOrderOpened v1 (superseded by v2, which may name the vehicle's model): a v1 payload is a valid v2 payload. */
export const RepairOrderOpenedV1Definition = defineEvent({
  type: 'RepairOrderOpened',
  schemaVersion: 1,
  context: 'workshop',
  description: OPEN_DESCRIPTION,
  schema: z.strictObject(openFields),
  upcast: (payload) => payload,
});
export type RepairOrderOpenedV1 = z.infer<typeof RepairOrderOpenedV1Definition.schema>;

/**
 * A repair order is opened at vehicle intake. One intake visit may be split into several ROs. v2
 * adds the vehicle's model (as the sales events and head office's model catalogue name it): the
 * service KPIs are cut by model and by the model's brand as of the RO's opening
 * (docs/adr/0030-brand-dimension.md).
 */
export const RepairOrderOpened = defineEvent({
  type: 'RepairOrderOpened',
  schemaVersion: 2,
  context: 'workshop',
  description: `${OPEN_DESCRIPTION} model names the vehicle's model as the sales events and head office's model catalogue name it: the service KPIs of the RO are cut by model, and by the model's brand in force on the business date of the opening; absent when the dealer system does not know it (every v1 event): no model, brand "unassigned".`,
  schema: z.strictObject({
    ...openFields,
    model: Text.optional().describe(
      "the vehicle's model, as the sales events and head office's model catalogue name it; absent when not known (every v1 event)",
    ),
  }),
});
export type RepairOrderOpenedV2 = z.infer<typeof RepairOrderOpened.schema>;

/** A labour line on an open RO. Its revenue is recognised with the RO's close, not now. */
export const LabourLinePosted = defineEvent({
  type: 'LabourLinePosted',
  schemaVersion: 1,
  context: 'workshop',
  description:
    'A labour line was posted to an open repair order: sold (billed) and clocked (worked) hours, rate, technician and payer. A line with correctsLineId corrects an earlier line of the same RO and may be negative. Revenue is recognised when the RO closes.',
  schema: z
    .strictObject({
      repairOrderId: Id,
      lineId: Id.describe('unique within the RO'),
      correctsLineId: Id.nullable().describe('the earlier labour line of this RO that this line corrects'),
      category: z.enum(LABOUR_CATEGORIES),
      operation: Text.nullable().describe('operation code or description'),
      soldHours: SignedHours.describe('hours billed to the payer; negative only on a correction'),
      clockedHours: SignedHours.describe('hours the technician clocked; negative only on a correction'),
      rate: NonNegativeAmount.describe('net labour rate per sold hour, in the amount currency'),
      technicianId: Id,
      payer: z.enum(REPAIR_PAYERS),
      amount: MoneySchema.describe('the line amount; negative only on a correction'),
    })
    .refine((p) => p.correctsLineId !== null || (netSign(p.amount.net) >= 0 && !p.soldHours.startsWith('-') && !p.clockedHours.startsWith('-')), {
      message: 'only a correction line (correctsLineId) may be negative',
      path: ['amount', 'net'],
    }),
});
export type LabourLinePostedV1 = z.infer<typeof LabourLinePosted.schema>;

const partsIssueFields = {
  repairOrderId: Id,
  lineId: Id.describe('unique within the RO'),
  partNumber: Id,
  description: Text.nullable(),
  quantity: Quantity.refine((q) => !decimal(q).isZero(), 'must not be zero').describe('decimal string; negative = returned to stores'),
  genuine: z.boolean().describe('genuine (OEM) part'),
  unitPrice: NonNegativeAmount.describe('net selling price per unit'),
  payer: z.enum(REPAIR_PAYERS),
  amount: MoneySchema.describe('selling amount of the line; same sign as quantity'),
  cost: MoneySchema.describe('cost of the parts from stores; same sign as quantity'),
};
type PartsIssueFields = { quantity: string; amount: { net: string; currency: string }; cost: { net: string; currency: string } };
const partsIssueRules = <T extends z.ZodType<PartsIssueFields>>(schema: T) =>
  schema
    .refine((p) => sameCurrency([p.amount, p.cost]), { message: 'must be in the amount currency', path: ['cost', 'currency'] })
    .refine((p) => netSign(p.amount.net) * (p.quantity.startsWith('-') ? -1 : 1) >= 0, {
      message: 'must have the sign of quantity',
      path: ['amount', 'net'],
    })
    .refine((p) => netSign(p.cost.net) * (p.quantity.startsWith('-') ? -1 : 1) >= 0, {
      message: 'must have the sign of quantity',
      path: ['cost', 'net'],
    });
const PARTS_ISSUE_DESCRIPTION =
  'Parts were issued from stores to an open repair order (a negative quantity returns them to stores; amount and cost are then negative too). They count in service parts revenue when the RO closes, never again in parts counter sales.';

/** PartsIssuedToRepairOrder v1 (superseded by v2, which may name the back-order it serves): a v1 payload is a valid v2 payload. */
export const PartsIssuedToRepairOrderV1Definition = defineEvent({
  type: 'PartsIssuedToRepairOrder',
  schemaVersion: 1,
  context: 'workshop',
  description: PARTS_ISSUE_DESCRIPTION,
  schema: partsIssueRules(z.strictObject(partsIssueFields)),
  upcast: (payload) => payload,
});
export type PartsIssuedToRepairOrderV1 = z.infer<typeof PartsIssuedToRepairOrderV1Definition.schema>;

/** Parts issued from stores to an RO; a negative quantity returns parts to stores. */
export const PartsIssuedToRepairOrder = defineEvent({
  type: 'PartsIssuedToRepairOrder',
  schemaVersion: 2,
  context: 'workshop',
  description: `${PARTS_ISSUE_DESCRIPTION} An issue may name the back-order it serves (backOrderId, a PartsBackOrdered of the workshop channel): the late delivery of a request already counted as a miss, not a request of its own (parts fill rate).`,
  schema: partsIssueRules(
    z.strictObject({
      ...partsIssueFields,
      backOrderId: Id.optional().describe('the back-order this issue serves (the part came in after the first request); absent when served from stock at once'),
    }),
  ),
});
export type PartsIssuedToRepairOrderV2 = z.infer<typeof PartsIssuedToRepairOrder.schema>;

/** What an RO is worth at one close; carried by RepairOrderClosed and reversed by RepairOrderReopened. */
const RepairOrderTotals = z.strictObject({
  labour: MoneySchema.describe('sum of the labour lines'),
  labourByCategory: z.strictObject({ mechanical: MoneySchema, body: MoneySchema, paint: MoneySchema }),
  parts: MoneySchema.describe('sum of the parts lines (returns deducted)'),
  partsCost: MoneySchema.describe('cost of the parts issued (returns deducted)'),
  sublet: NonNegativeMoney.describe('outside work bought in and invoiced with the RO'),
  total: MoneySchema.describe('labour + parts + sublet'),
  soldHours: Hours,
  clockedHours: Hours,
  technicianIds: z.array(Id).max(100).describe('technicians of the labour lines'),
});
export type RepairOrderTotalsV1 = z.infer<typeof RepairOrderTotals>;

const attribution = {
  intakeVisitId: Id,
  vin: Vin,
  jobType: z.enum(REPAIR_JOB_TYPES),
  advisorId: Id,
  payer: z.enum(REPAIR_PAYERS),
};

const totalsAreConsistent = (t: RepairOrderTotalsV1) => {
  const monies = [t.labour, t.labourByCategory.mechanical, t.labourByCategory.body, t.labourByCategory.paint, t.parts, t.partsCost, t.sublet, t.total];
  return sameCurrency(monies);
};

/** The vehicle was handed back and invoiced: the RO's revenue is recognised now. */
export const RepairOrderClosed = defineEvent({
  type: 'RepairOrderClosed',
  schemaVersion: 1,
  context: 'workshop',
  description:
    "A repair order was closed (vehicle handed back, invoiced). Service revenue is recognised on the close's business date: the event carries the RO's totals at close (labour by category, parts and their cost, sublet, hours, technicians) and its attribution, so projections need nothing else. closeSequence is 1 for the first close, 2 after one reopening, and so on.",
  schema: z
    .strictObject({
      repairOrderId: Id,
      ...attribution,
      closeSequence: z.number().int().min(1).describe('1 for the first close, n after n − 1 reopenings'),
      openedAt: Instant.describe('when the RO was opened'),
      totals: RepairOrderTotals,
      comebackOfRepairOrderId: Id.nullable().describe('the original RO when this RO is a registered comeback'),
    })
    .refine((p) => totalsAreConsistent(p.totals), { message: 'every amount must be in one currency', path: ['totals'] }),
});
export type RepairOrderClosedV1 = z.infer<typeof RepairOrderClosed.schema>;

/** A closed RO was reopened: the revenue recognised at its last close is reversed on the reopen date. */
export const RepairOrderReopened = defineEvent({
  type: 'RepairOrderReopened',
  schemaVersion: 1,
  context: 'workshop',
  description:
    'A closed repair order was reopened. The revenue of the close it undoes (reversedTotals, reversedCloseSequence) is reversed on the business date of the reopening; closing it again recognises the new totals on the new close date.',
  schema: z
    .strictObject({
      repairOrderId: Id,
      ...attribution,
      reason: Text,
      reversedCloseSequence: z.number().int().min(1),
      reversedClosedAt: Instant.describe('occurredAt of the close being reversed'),
      reversedTotals: RepairOrderTotals,
    })
    .refine((p) => totalsAreConsistent(p.reversedTotals), { message: 'every amount must be in one currency', path: ['reversedTotals'] }),
});
export type RepairOrderReopenedV1 = z.infer<typeof RepairOrderReopened.schema>;

/** A new RO is linked to an earlier closed RO of the same vehicle for the same fault (rework). */
export const ComebackRegistered = defineEvent({
  type: 'ComebackRegistered',
  schemaVersion: 1,
  context: 'workshop',
  description:
    "A new repair order was registered as a comeback (rework) of an earlier closed RO of the same vehicle, for the same fault. It is on the new RO's stream and carries the original's branch, close instant, job type and technicians: the comeback is charged to the original RO's branch, technicians and period.",
  schema: z.strictObject({
    repairOrderId: Id.describe('the new RO'),
    openedAt: Instant.describe('when the new RO was opened (the rework window counts from the original close to here)'),
    vin: Vin,
    faultDescription: Text.describe('the fault, the same as on the original RO'),
    originalRepairOrderId: Id,
    originalBranchId: Id,
    originalClosedAt: Instant.describe("occurredAt of the original RO's latest close before the comeback RO was opened: the close the comeback follows"),
    originalJobType: z.enum(REPAIR_JOB_TYPES),
    originalTechnicianIds: z.array(Id).max(100),
  }),
});
export type ComebackRegisteredV1 = z.infer<typeof ComebackRegistered.schema>;

/** A warranty claim sent to the manufacturer for work on an RO. */
export const WarrantyClaimSubmitted = defineEvent({
  type: 'WarrantyClaimSubmitted',
  schemaVersion: 1,
  context: 'workshop',
  description: 'A warranty claim for work on a repair order was submitted to the manufacturer for the claimed amount.',
  schema: z.strictObject({
    warrantyClaimId: Id,
    repairOrderId: Id,
    vin: Vin,
    manufacturerClaimNumber: Id.nullable().describe("the manufacturer's reference, when known"),
    claimed: NonNegativeMoney,
  }),
});
export type WarrantyClaimSubmittedV1 = z.infer<typeof WarrantyClaimSubmitted.schema>;

/** The manufacturer's answer to a warranty claim (feeds the claim approval rate). */
export const WarrantyClaimDecided = defineEvent({
  type: 'WarrantyClaimDecided',
  schemaVersion: 1,
  context: 'workshop',
  description:
    'The manufacturer decided a submitted warranty claim: approved (the full claimed amount), partially_approved (less than claimed, more than zero) or rejected (zero). It repeats the claimed amount so approval rates need nothing else.',
  schema: z
    .strictObject({
      warrantyClaimId: Id,
      repairOrderId: Id,
      decision: z.enum(WARRANTY_DECISIONS),
      claimed: NonNegativeMoney,
      approved: NonNegativeMoney.describe('amount the manufacturer pays'),
      reason: Text.nullable().describe('why the claim was cut or rejected'),
    })
    .refine((p) => p.approved.currency === p.claimed.currency, { message: 'must be in the claimed currency', path: ['approved', 'currency'] })
    .refine(
      (p) => {
        const approved = amountOf(p.approved.net);
        const claimed = amountOf(p.claimed.net);
        if (p.decision === 'approved') return approved.eq(claimed);
        if (p.decision === 'rejected') return approved.isZero() && amountOf(p.approved.gross).isZero();
        return approved.gt(0) && approved.lt(claimed);
      },
      {
        message: 'approved must equal claimed when approved, be zero when rejected, and lie strictly between when partially approved',
        path: ['approved', 'net'],
      },
    ),
});
export type WarrantyClaimDecidedV1 = z.infer<typeof WarrantyClaimDecided.schema>;

/** A follow-up call after a closed RO (KPI: calls within 3 working days of the close). */
export const FollowUpCallCompleted = defineEvent({
  type: 'FollowUpCallCompleted',
  schemaVersion: 1,
  context: 'workshop',
  description:
    "A follow-up call to the customer of a closed repair order was made, whether or not the customer was reached. It carries the RO's close instant so 'called within 3 working days' needs nothing else.",
  schema: z
    .strictObject({
      followUpCallId: Id,
      repairOrderId: Id,
      repairOrderClosedAt: Instant.describe("occurredAt of the RO's latest close at the time of the call"),
      callerId: Id,
      reached: z.boolean().describe('whether the customer was reached'),
      outcome: z.enum(FOLLOW_UP_OUTCOMES),
      notes: LongText.nullable(),
    })
    .refine(
      (p) => (p.reached ? (FOLLOW_UP_OUTCOMES_REACHED as readonly string[]) : (FOLLOW_UP_OUTCOMES_NOT_REACHED as readonly string[])).includes(p.outcome),
      {
        message: `must be one of ${FOLLOW_UP_OUTCOMES_REACHED.join(', ')} when reached, else one of ${FOLLOW_UP_OUTCOMES_NOT_REACHED.join(', ')}`,
        path: ['outcome'],
      },
    ),
});
export type FollowUpCallCompletedV1 = z.infer<typeof FollowUpCallCompleted.schema>;

const CsiAnswer = z
  .strictObject({
    questionId: Id,
    answer: ScaleValue,
    min: ScaleValue.describe('lowest point of the question scale'),
    max: ScaleValue.describe('highest point of the question scale'),
    weight: ScaleValue.describe('weight of the answer in the response score, > 0'),
    overall: z.boolean().describe('the overall-satisfaction question (used for top-box %); exactly one per response'),
  })
  .refine((a) => decimal(a.min).lt(decimal(a.max)), { message: 'min must be below max', path: ['max'] })
  .refine((a) => decimal(a.min).lte(decimal(a.answer)) && decimal(a.answer).lte(decimal(a.max)), {
    message: 'answer must lie between min and max',
    path: ['answer'],
  })
  .refine((a) => decimal(a.weight).gt(0), { message: 'weight must be greater than zero', path: ['weight'] });
export type CsiAnswerV1 = z.infer<typeof CsiAnswer>;

/** A customer satisfaction survey response; scored against the period of the referenced RO close or delivery. */
export const CsiSurveyResponded = defineEvent({
  type: 'CsiSurveyResponded',
  schemaVersion: 1,
  context: 'workshop',
  description:
    "A customer answered a satisfaction survey about a repair order (kind service) or a vehicle sale's delivery (kind sales). The score is the weighted mean of the answers, each normalised to 0–100 on its own scale; it counts in the period of referencedAt (the RO close or the delivery), whenever the survey arrives.",
  schema: z
    .strictObject({
      surveyId: Id,
      source: z.enum(CSI_SOURCES),
      kind: z.enum(CSI_KINDS),
      repairOrderId: Id.nullable().describe('the RO surveyed (kind service)'),
      vehicleSaleId: Id.nullable().describe('the vehicle sale surveyed (kind sales)'),
      referencedAt: Instant.describe('occurredAt of the referenced RO close (latest) or vehicle delivery'),
      customerId: Id.nullable(),
      answers: z.array(CsiAnswer).min(1).max(100),
    })
    .refine((p) => (p.kind === 'service' ? p.repairOrderId !== null && p.vehicleSaleId === null : p.vehicleSaleId !== null && p.repairOrderId === null), {
      message: 'a service survey references a repairOrderId only, a sales survey a vehicleSaleId only',
      path: ['kind'],
    })
    .refine((p) => p.answers.filter((a) => a.overall).length === 1, { message: 'exactly one answer must be the overall one', path: ['answers'] })
    .refine((p) => new Set(p.answers.map((a) => a.questionId)).size === p.answers.length, {
      message: 'each question may be answered once',
      path: ['answers'],
    }),
});
export type CsiSurveyRespondedV1 = z.infer<typeof CsiSurveyResponded.schema>;

/** A customer complaint (KPI: complaints and time to resolve). */
export const ComplaintLogged = defineEvent({
  type: 'ComplaintLogged',
  schemaVersion: 1,
  context: 'workshop',
  description: 'A customer complaint was logged, about service (optionally a repair order) or sales (optionally a vehicle sale).',
  schema: z
    .strictObject({
      complaintId: Id,
      kind: z.enum(CSI_KINDS).describe('what the complaint is about'),
      channel: z.enum(COMPLAINT_CHANNELS),
      repairOrderId: Id.nullable().describe('the RO complained about (kind service only)'),
      vehicleSaleId: Id.nullable().describe('the vehicle sale complained about (kind sales only)'),
      customerId: Id.nullable(),
      description: LongText,
    })
    .refine((p) => (p.kind === 'service' ? p.vehicleSaleId === null : p.repairOrderId === null), {
      message: 'a service complaint may name a repairOrderId only, a sales complaint a vehicleSaleId only',
      path: ['kind'],
    }),
});
export type ComplaintLoggedV1 = z.infer<typeof ComplaintLogged.schema>;

export const ComplaintResolved = defineEvent({
  type: 'ComplaintResolved',
  schemaVersion: 1,
  context: 'workshop',
  description: 'A logged complaint was resolved. It carries the instant the complaint was logged, so the time to resolve is occurredAt − loggedAt.',
  schema: z.strictObject({
    complaintId: Id,
    kind: z.enum(CSI_KINDS),
    loggedAt: Instant.describe('occurredAt of ComplaintLogged'),
    resolution: LongText,
    compensation: NonNegativeMoney.nullable().describe('goodwill paid to the customer, if any'),
  }),
});
export type ComplaintResolvedV1 = z.infer<typeof ComplaintResolved.schema>;

/** Superseded workshop event versions (each upcasts to the next). */
export const WORKSHOP_SUPERSEDED = [RepairOrderOpenedV1Definition, PartsIssuedToRepairOrderV1Definition] as const;

/** The current version of every workshop event. */
export const WORKSHOP_EVENTS = [
  AppointmentBooked,
  RepairOrderOpened,
  LabourLinePosted,
  PartsIssuedToRepairOrder,
  RepairOrderClosed,
  RepairOrderReopened,
  ComebackRegistered,
  WarrantyClaimSubmitted,
  WarrantyClaimDecided,
  FollowUpCallCompleted,
  CsiSurveyResponded,
  ComplaintLogged,
  ComplaintResolved,
] as const;
