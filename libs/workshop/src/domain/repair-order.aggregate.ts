import {
  amountOf,
  buildEvent,
  ComebackRegistered,
  ComebackRegisteredV1,
  decimalOf,
  DomainError,
  EventEnvelope,
  Exact,
  formatDecimal,
  LabourCategory,
  LabourLinePosted,
  LabourLinePostedV1,
  Money,
  NewEvent,
  PartsIssuedToRepairOrder,
  PartsIssuedToRepairOrderV2,
  RepairJobType,
  RepairOrderClosed,
  RepairOrderClosedV1,
  RepairOrderOpened,
  RepairOrderOpenedV2,
  RepairOrderReopened,
  RepairOrderReopenedV1,
  RepairOrderTotalsV1,
  RepairPayer,
  sumMoney,
  zeroMoney,
} from '@app/contracts';
import { AppointmentState } from './appointment.aggregate';
import {
  BranchMismatchError,
  InvalidWorkshopEventError,
  isBefore,
  OccurredTooEarlyError,
  ReferenceBranchMismatchError,
  ReferencedRepairOrderNotFoundError,
  invalidWorkshopEvent,
} from './workshop.errors';

/** Hours ("7.5", "-0.25"): at most two fraction digits. */
const hours = (value: string): Exact => decimalOf(value, 2);
const total = (values: readonly Exact[]): Exact => values.reduce((sum, value) => sum.plus(value), new Exact(0));

/** A labour line as the RO keeps it: hours as exact decimals. */
export interface LabourLine {
  readonly lineId: string;
  /** The root line this one corrects; null for a root line. */
  readonly correctsLineId: string | null;
  readonly category: LabourCategory;
  readonly soldHours: Exact;
  readonly clockedHours: Exact;
  readonly technicianId: string;
  readonly amount: Money;
}

/** A parts line: quantity as an exact decimal, negative for a return to stores. */
export interface PartsLine {
  readonly lineId: string;
  readonly partNumber: string;
  readonly quantity: Exact;
  readonly amount: Money;
  readonly cost: Money;
}

export interface RepairOrder {
  readonly repairOrderId: string;
  readonly branchId: string;
  readonly intakeVisitId: string;
  readonly vin: string;
  readonly jobType: RepairJobType;
  readonly advisorId: string;
  readonly payer: RepairPayer;
  readonly openedAt: string;
  readonly labourLines: readonly LabourLine[];
  readonly partsLines: readonly PartsLine[];
  /** How many times it was closed; each reopening is followed by another close. */
  readonly closeSequence: number;
  /** occurredAt of every close, oldest first. */
  readonly closedAts: readonly string[];
  /** occurredAt of the latest reopening, if any. */
  readonly reopenedAt: string | null;
  /** Totals of the latest close: what a reopening reverses. */
  readonly lastTotals: RepairOrderTotalsV1 | null;
  /** The original RO when this one is a registered comeback. */
  readonly comebackOf: string | null;
}

/** `open` includes a reopened RO; `closed` is closed now. */
export type RepairOrderState = { readonly status: 'none' } | { readonly status: 'open' | 'closed'; readonly repairOrder: RepairOrder };

export const initialRepairOrder: RepairOrderState = { status: 'none' };

interface CommandBase {
  readonly eventId: string;
  readonly occurredAt: string;
  readonly branchId: string;
  readonly repairOrderId: string;
}

export interface OpenRepairOrder extends CommandBase {
  readonly type: 'OpenRepairOrder';
  readonly intakeVisitId: string;
  readonly vin: string;
  readonly mileageKm: number;
  readonly advisorId: string;
  readonly jobType: RepairJobType;
  readonly payer: RepairPayer;
  readonly appointmentId: string | null;
  readonly customerId: string | null;
  readonly complaint: string | null;
  /** The vehicle's model as the sales events and head office's catalogue name it; null when not known (the event then names none). */
  readonly model: string | null;
  /** The named appointment as its stream stands (loaded by the handler); null when none is named. */
  readonly appointment: AppointmentState | null;
}

export interface PostLabourLine extends CommandBase {
  readonly type: 'PostLabourLine';
  readonly lineId: string;
  readonly correctsLineId: string | null;
  readonly category: LabourCategory;
  readonly operation: string | null;
  readonly soldHours: string;
  readonly clockedHours: string;
  readonly rate: string;
  readonly technicianId: string;
  readonly payer: RepairPayer;
  readonly amount: Money;
}

export interface IssuePartsToRepairOrder extends CommandBase {
  readonly type: 'IssuePartsToRepairOrder';
  readonly lineId: string;
  readonly partNumber: string;
  readonly description: string | null;
  readonly quantity: string;
  readonly genuine: boolean;
  readonly unitPrice: string;
  readonly payer: RepairPayer;
  readonly amount: Money;
  readonly cost: Money;
  /** The workshop back-order (PartsBackOrdered) this issue serves: the part came in after the first request. */
  readonly backOrderId?: string;
}

export interface CloseRepairOrder extends CommandBase {
  readonly type: 'CloseRepairOrder';
  /** Outside work invoiced with the RO; null for none. */
  readonly sublet: Money | null;
  /** The branch currency: the currency of the totals when the RO has no lines. */
  readonly currency: string;
}

export interface ReopenRepairOrder extends CommandBase {
  readonly type: 'ReopenRepairOrder';
  readonly reason: string;
}

export interface RegisterComeback extends CommandBase {
  readonly type: 'RegisterComeback';
  readonly originalRepairOrderId: string;
  readonly faultDescription: string;
  /** The original RO as its stream stands (loaded by the handler). */
  readonly original: RepairOrderState;
}

export type RepairOrderCommand = OpenRepairOrder | PostLabourLine | IssuePartsToRepairOrder | CloseRepairOrder | ReopenRepairOrder | RegisterComeback;

export class RepairOrderAlreadyOpenedError extends DomainError {
  readonly code = 'REPAIR_ORDER_ALREADY_OPENED';
  readonly kind = 'conflict';
  constructor(repairOrderId: string) {
    super(`repair order ${repairOrderId} was opened before`);
  }
}

export class RepairOrderNotFoundError extends DomainError {
  readonly code = 'REPAIR_ORDER_NOT_FOUND';
  readonly kind = 'not-found';
  constructor(repairOrderId: string) {
    super(`repair order ${repairOrderId} is not known`);
  }
}

export class RepairOrderNotOpenError extends DomainError {
  readonly code = 'REPAIR_ORDER_NOT_OPEN';
  readonly kind = 'conflict';
  constructor(repairOrderId: string) {
    super(`repair order ${repairOrderId} is closed; reopen it first`);
  }
}

export class RepairOrderNotClosedError extends DomainError {
  readonly code = 'REPAIR_ORDER_NOT_CLOSED';
  readonly kind = 'conflict';
  constructor(repairOrderId: string) {
    super(`repair order ${repairOrderId} is open; only a closed RO can be reopened`);
  }
}

export class RepairOrderLineExistsError extends DomainError {
  readonly code = 'REPAIR_ORDER_LINE_EXISTS';
  readonly kind = 'conflict';
  constructor(repairOrderId: string, lineId: string) {
    super(`repair order ${repairOrderId} already has a line ${lineId}`);
  }
}

export class CorrectedLineNotFoundError extends DomainError {
  readonly code = 'CORRECTED_LINE_NOT_FOUND';
  readonly kind = 'unprocessable';
  constructor(repairOrderId: string, lineId: string, why: string) {
    super(`repair order ${repairOrderId} has no labour line ${lineId} to correct${why}`);
  }
}

export class LabourCorrectionExceedsLineError extends DomainError {
  readonly code = 'LABOUR_CORRECTION_EXCEEDS_LINE';
  readonly kind = 'unprocessable';
  constructor(lineId: string) {
    super(`the correction would take labour line ${lineId} below zero hours or amount`);
  }
}

export class PartsReturnExceedsIssuedError extends DomainError {
  readonly code = 'PARTS_RETURN_EXCEEDS_ISSUED';
  readonly kind = 'unprocessable';
  constructor(repairOrderId: string, partNumber: string) {
    super(`repair order ${repairOrderId} would return more of part ${partNumber} (quantity, amount or cost) than was issued to it`);
  }
}

export class ReferencedAppointmentNotFoundError extends DomainError {
  readonly code = 'REFERENCED_APPOINTMENT_NOT_FOUND';
  readonly kind = 'unprocessable';
  constructor(appointmentId: string) {
    super(`appointment ${appointmentId} was never booked`);
  }
}

export class ComebackSelfLinkError extends DomainError {
  readonly code = 'COMEBACK_SELF_LINK';
  readonly kind = 'invalid';
  constructor(repairOrderId: string) {
    super(`repair order ${repairOrderId} cannot be a comeback of itself`);
  }
}

export class OriginalRepairOrderNotFoundError extends DomainError {
  readonly code = 'ORIGINAL_REPAIR_ORDER_NOT_FOUND';
  readonly kind = 'unprocessable';
  constructor(repairOrderId: string) {
    super(`original repair order ${repairOrderId} is not known`);
  }
}

export class OriginalRepairOrderNotClosedError extends DomainError {
  readonly code = 'ORIGINAL_REPAIR_ORDER_NOT_CLOSED';
  readonly kind = 'unprocessable';
  constructor(repairOrderId: string) {
    super(`original repair order ${repairOrderId} is not closed`);
  }
}

export class ComebackVinMismatchError extends DomainError {
  readonly code = 'COMEBACK_VIN_MISMATCH';
  readonly kind = 'unprocessable';
  constructor(newVin: string, originalVin: string) {
    super(`a comeback must be the same vehicle: ${newVin} is not ${originalVin}`);
  }
}

export class ComebackOpenedBeforeOriginalClosedError extends DomainError {
  readonly code = 'COMEBACK_OPENED_BEFORE_ORIGINAL_CLOSED';
  readonly kind = 'unprocessable';
  constructor(repairOrderId: string, originalRepairOrderId: string) {
    super(`repair order ${repairOrderId} was opened before ${originalRepairOrderId} was closed`);
  }
}

export class ComebackAlreadyRegisteredError extends DomainError {
  readonly code = 'COMEBACK_ALREADY_REGISTERED';
  readonly kind = 'conflict';
  constructor(repairOrderId: string, originalRepairOrderId: string) {
    super(`repair order ${repairOrderId} is already registered as a comeback of ${originalRepairOrderId}`);
  }
}

export function repairOrderStreamId(repairOrderId: string): string {
  return `repair-order-${repairOrderId}`;
}

/** The RO named in the path, in the command's branch. */
function existing(state: RepairOrderState, command: CommandBase): { status: 'open' | 'closed'; repairOrder: RepairOrder } {
  if (state.status === 'none') throw new RepairOrderNotFoundError(command.repairOrderId);
  if (state.repairOrder.branchId !== command.branchId) {
    throw new BranchMismatchError(`repair order ${command.repairOrderId}`, state.repairOrder.branchId, command.branchId);
  }
  return state;
}

function openOne(state: RepairOrderState, command: CommandBase): RepairOrder {
  const current = existing(state, command);
  if (current.status !== 'open') throw new RepairOrderNotOpenError(command.repairOrderId);
  return current.repairOrder;
}

function requireNewLineId(repairOrder: RepairOrder, lineId: string): void {
  if ([...repairOrder.labourLines, ...repairOrder.partsLines].some((line) => line.lineId === lineId)) {
    throw new RepairOrderLineExistsError(repairOrder.repairOrderId, lineId);
  }
}

/** Technicians whose labour lines still carry hours or amount after corrections. */
function technicianIds(lines: readonly LabourLine[]): string[] {
  const roots = lines.filter((line) => line.correctsLineId === null);
  return [
    ...new Set(
      roots
        .filter((root) => {
          const group = lines.filter((line) => line.lineId === root.lineId || line.correctsLineId === root.lineId);
          const sum = (pick: (line: LabourLine) => Exact) => total(group.map(pick));
          return sum((l) => l.soldHours).gt(0) || sum((l) => l.clockedHours).gt(0) || sum((l) => amountOf(l.amount.net)).gt(0);
        })
        .map((root) => root.technicianId),
    ),
  ].sort();
}

/** The RO's totals as of now, in the branch currency. */
export function repairOrderTotals(repairOrder: RepairOrder, currency: string, sublet: Money | null): RepairOrderTotalsV1 {
  try {
    const labourOf = (category: LabourCategory) =>
      sumMoney(
        currency,
        repairOrder.labourLines.filter((l) => l.category === category).map((l) => l.amount),
      );
    const labour = sumMoney(
      currency,
      repairOrder.labourLines.map((l) => l.amount),
    );
    const parts = sumMoney(
      currency,
      repairOrder.partsLines.map((l) => l.amount),
    );
    const subletAmount = sublet ?? zeroMoney(currency);
    return {
      labour,
      labourByCategory: { mechanical: labourOf('mechanical'), body: labourOf('body'), paint: labourOf('paint') },
      parts,
      partsCost: sumMoney(
        currency,
        repairOrder.partsLines.map((l) => l.cost),
      ),
      sublet: subletAmount,
      total: sumMoney(currency, [labour, parts, subletAmount]),
      soldHours: formatDecimal(total(repairOrder.labourLines.map((l) => l.soldHours)), 2),
      clockedHours: formatDecimal(total(repairOrder.labourLines.map((l) => l.clockedHours)), 2),
      technicianIds: technicianIds(repairOrder.labourLines),
    };
  } catch (error) {
    if (error instanceof RangeError) throw new InvalidWorkshopEventError(RepairOrderClosed.type, [error.message]);
    throw error;
  }
}

function decideOpen(command: OpenRepairOrder, state: RepairOrderState): NewEvent[] {
  if (state.status !== 'none') throw new RepairOrderAlreadyOpenedError(command.repairOrderId);
  if (command.appointmentId !== null) {
    const appointment = command.appointment;
    if (appointment?.status !== 'booked') throw new ReferencedAppointmentNotFoundError(command.appointmentId);
    if (appointment.branchId !== command.branchId) {
      throw new ReferenceBranchMismatchError(`appointment ${command.appointmentId}`, appointment.branchId, command.branchId);
    }
  }
  const payload: RepairOrderOpenedV2 = {
    repairOrderId: command.repairOrderId,
    intakeVisitId: command.intakeVisitId,
    vin: command.vin,
    mileageKm: command.mileageKm,
    advisorId: command.advisorId,
    jobType: command.jobType,
    payer: command.payer,
    appointmentId: command.appointmentId,
    customerId: command.customerId,
    complaint: command.complaint,
    ...(command.model === null ? {} : { model: command.model }),
  };
  return [buildEvent(RepairOrderOpened, command, payload, invalidWorkshopEvent)];
}

function decideLabour(command: PostLabourLine, state: RepairOrderState): NewEvent[] {
  const repairOrder = openOne(state, command);
  requireNewLineId(repairOrder, command.lineId);
  const payload: LabourLinePostedV1 = {
    repairOrderId: command.repairOrderId,
    lineId: command.lineId,
    correctsLineId: command.correctsLineId,
    category: command.category,
    operation: command.operation,
    soldHours: command.soldHours,
    clockedHours: command.clockedHours,
    rate: command.rate,
    technicianId: command.technicianId,
    payer: command.payer,
    amount: command.amount,
  };
  const event = buildEvent(LabourLinePosted, command, payload, invalidWorkshopEvent);
  if (command.correctsLineId !== null) {
    const root = repairOrder.labourLines.find((line) => line.lineId === command.correctsLineId);
    if (!root) throw new CorrectedLineNotFoundError(command.repairOrderId, command.correctsLineId, '');
    if (root.correctsLineId !== null) {
      throw new CorrectedLineNotFoundError(command.repairOrderId, command.correctsLineId, `: it is itself a correction of ${root.correctsLineId}`);
    }
    if (root.category !== command.category) {
      throw new CorrectedLineNotFoundError(command.repairOrderId, command.correctsLineId, ` in category ${command.category}`);
    }
    const group = repairOrder.labourLines.filter((line) => line.lineId === root.lineId || line.correctsLineId === root.lineId);
    const sum = (pick: (line: LabourLine) => Exact) => total(group.map(pick));
    if (
      sum((l) => l.soldHours)
        .plus(hours(command.soldHours))
        .lt(0) ||
      sum((l) => l.clockedHours)
        .plus(hours(command.clockedHours))
        .lt(0) ||
      sum((l) => amountOf(l.amount.net))
        .plus(amountOf(command.amount.net))
        .lt(0)
    ) {
      throw new LabourCorrectionExceedsLineError(root.lineId);
    }
  }
  return [event];
}

function decideParts(command: IssuePartsToRepairOrder, state: RepairOrderState): NewEvent[] {
  const repairOrder = openOne(state, command);
  requireNewLineId(repairOrder, command.lineId);
  const payload: PartsIssuedToRepairOrderV2 = {
    repairOrderId: command.repairOrderId,
    lineId: command.lineId,
    partNumber: command.partNumber,
    description: command.description,
    quantity: command.quantity,
    genuine: command.genuine,
    unitPrice: command.unitPrice,
    payer: command.payer,
    amount: command.amount,
    cost: command.cost,
    ...(command.backOrderId === undefined ? {} : { backOrderId: command.backOrderId }),
  };
  const event = buildEvent(PartsIssuedToRepairOrder, command, payload, invalidWorkshopEvent);
  if (command.backOrderId !== undefined && command.quantity.startsWith('-')) {
    throw invalidWorkshopEvent('backOrderId: a return to stores serves no back-order', PartsIssuedToRepairOrder.type);
  }
  if (command.quantity.startsWith('-')) {
    const same = repairOrder.partsLines.filter((line) => line.partNumber === command.partNumber);
    const quantity = total(same.map((l) => l.quantity)).plus(decimalOf(command.quantity, 3));
    const amount = total(same.map((l) => amountOf(l.amount.net))).plus(amountOf(command.amount.net));
    const cost = total(same.map((l) => amountOf(l.cost.net))).plus(amountOf(command.cost.net));
    if (quantity.lt(0) || amount.lt(0) || cost.lt(0)) throw new PartsReturnExceedsIssuedError(command.repairOrderId, command.partNumber);
  }
  return [event];
}

function attributionOf(repairOrder: RepairOrder) {
  return {
    intakeVisitId: repairOrder.intakeVisitId,
    vin: repairOrder.vin,
    jobType: repairOrder.jobType,
    advisorId: repairOrder.advisorId,
    payer: repairOrder.payer,
  };
}

function decideClose(command: CloseRepairOrder, state: RepairOrderState): NewEvent[] {
  const repairOrder = openOne(state, command);
  const after = repairOrder.reopenedAt ?? repairOrder.openedAt;
  if (isBefore(command.occurredAt, after)) {
    throw new OccurredTooEarlyError(
      'the close',
      command.occurredAt,
      after,
      repairOrder.reopenedAt !== null ? 'the reopening of the RO' : 'the opening of the RO',
    );
  }
  const payload: RepairOrderClosedV1 = {
    repairOrderId: command.repairOrderId,
    ...attributionOf(repairOrder),
    closeSequence: repairOrder.closeSequence + 1,
    openedAt: repairOrder.openedAt,
    totals: repairOrderTotals(repairOrder, command.currency, command.sublet),
    comebackOfRepairOrderId: repairOrder.comebackOf,
  };
  return [buildEvent(RepairOrderClosed, command, payload, invalidWorkshopEvent)];
}

function decideReopen(command: ReopenRepairOrder, state: RepairOrderState): NewEvent[] {
  const current = existing(state, command);
  const { repairOrder } = current;
  const lastClosedAt = repairOrder.closedAts.at(-1);
  if (current.status !== 'closed' || lastClosedAt === undefined || repairOrder.lastTotals === null) {
    throw new RepairOrderNotClosedError(command.repairOrderId);
  }
  if (isBefore(command.occurredAt, lastClosedAt)) throw new OccurredTooEarlyError('the reopening', command.occurredAt, lastClosedAt, 'the close');
  const payload: RepairOrderReopenedV1 = {
    repairOrderId: command.repairOrderId,
    ...attributionOf(repairOrder),
    reason: command.reason,
    reversedCloseSequence: repairOrder.closeSequence,
    reversedClosedAt: lastClosedAt,
    reversedTotals: repairOrder.lastTotals,
  };
  return [buildEvent(RepairOrderReopened, command, payload, invalidWorkshopEvent)];
}

/**
 * Links this RO (open, reopened or already closed: the link is often found after the new RO was
 * closed) to an earlier RO of the same vehicle that is closed now. The rework window is measured
 * from the original's latest close at or before this RO's opening: the close this RO came back
 * after. That one instant is both what the opening is checked against and what the event carries.
 */
function decideComeback(command: RegisterComeback, state: RepairOrderState): NewEvent[] {
  if (command.originalRepairOrderId === command.repairOrderId) throw new ComebackSelfLinkError(command.repairOrderId);
  const { repairOrder } = existing(state, command);
  if (repairOrder.comebackOf !== null) throw new ComebackAlreadyRegisteredError(command.repairOrderId, repairOrder.comebackOf);
  const { original } = command;
  if (original.status === 'none') throw new OriginalRepairOrderNotFoundError(command.originalRepairOrderId);
  if (original.status !== 'closed') throw new OriginalRepairOrderNotClosedError(command.originalRepairOrderId);
  if (original.repairOrder.vin !== repairOrder.vin) throw new ComebackVinMismatchError(repairOrder.vin, original.repairOrder.vin);
  const originalClosedAt = closedAtOrBefore(original, repairOrder.openedAt);
  if (originalClosedAt === undefined) {
    throw new ComebackOpenedBeforeOriginalClosedError(command.repairOrderId, command.originalRepairOrderId);
  }
  const payload: ComebackRegisteredV1 = {
    repairOrderId: command.repairOrderId,
    openedAt: repairOrder.openedAt,
    vin: repairOrder.vin,
    faultDescription: command.faultDescription,
    originalRepairOrderId: command.originalRepairOrderId,
    originalBranchId: original.repairOrder.branchId,
    originalClosedAt,
    originalJobType: original.repairOrder.jobType,
    originalTechnicianIds: technicianIds(original.repairOrder.labourLines),
  };
  return [buildEvent(ComebackRegistered, command, payload, invalidWorkshopEvent)];
}

export function decideRepairOrder(command: RepairOrderCommand, state: RepairOrderState): NewEvent[] {
  switch (command.type) {
    case 'OpenRepairOrder':
      return decideOpen(command, state);
    case 'PostLabourLine':
      return decideLabour(command, state);
    case 'IssuePartsToRepairOrder':
      return decideParts(command, state);
    case 'CloseRepairOrder':
      return decideClose(command, state);
    case 'ReopenRepairOrder':
      return decideReopen(command, state);
    case 'RegisterComeback':
      return decideComeback(command, state);
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unhandled)}`);
    }
  }
}

function update(state: RepairOrderState, change: (repairOrder: RepairOrder) => Partial<RepairOrder>, status?: 'open' | 'closed'): RepairOrderState {
  if (state.status === 'none') return state;
  return { status: status ?? state.status, repairOrder: { ...state.repairOrder, ...change(state.repairOrder) } };
}

export function evolveRepairOrder(state: RepairOrderState, event: EventEnvelope): RepairOrderState {
  switch (event.type) {
    case RepairOrderOpened.type: {
      const p = event.payload as RepairOrderOpenedV2;
      return {
        status: 'open',
        repairOrder: {
          repairOrderId: p.repairOrderId,
          branchId: event.branchId,
          intakeVisitId: p.intakeVisitId,
          vin: p.vin,
          jobType: p.jobType,
          advisorId: p.advisorId,
          payer: p.payer,
          openedAt: event.occurredAt,
          labourLines: [],
          partsLines: [],
          closeSequence: 0,
          closedAts: [],
          reopenedAt: null,
          lastTotals: null,
          comebackOf: null,
        },
      };
    }
    case LabourLinePosted.type: {
      const p = event.payload as LabourLinePostedV1;
      const line: LabourLine = {
        lineId: p.lineId,
        correctsLineId: p.correctsLineId,
        category: p.category,
        soldHours: hours(p.soldHours),
        clockedHours: hours(p.clockedHours),
        technicianId: p.technicianId,
        amount: p.amount,
      };
      return update(state, (ro) => ({ labourLines: [...ro.labourLines, line] }));
    }
    case PartsIssuedToRepairOrder.type: {
      const p = event.payload as PartsIssuedToRepairOrderV2;
      const line: PartsLine = { lineId: p.lineId, partNumber: p.partNumber, quantity: decimalOf(p.quantity, 3), amount: p.amount, cost: p.cost };
      return update(state, (ro) => ({ partsLines: [...ro.partsLines, line] }));
    }
    case RepairOrderClosed.type: {
      const p = event.payload as RepairOrderClosedV1;
      return update(state, (ro) => ({ closeSequence: p.closeSequence, closedAts: [...ro.closedAts, event.occurredAt], lastTotals: p.totals }), 'closed');
    }
    case RepairOrderReopened.type:
      return update(state, () => ({ reopenedAt: event.occurredAt }), 'open');
    case ComebackRegistered.type: {
      const p = event.payload as ComebackRegisteredV1;
      return update(state, () => ({ comebackOf: p.originalRepairOrderId }));
    }
    default:
      return state;
  }
}

/** The latest close of an RO at or before `at`, or undefined when it had not been closed by then. */
export function closedAtOrBefore(state: RepairOrderState, at: string): string | undefined {
  if (state.status === 'none') return undefined;
  return state.repairOrder.closedAts.filter((closedAt) => !isBefore(at, closedAt)).at(-1);
}

/** An RO named in another command's body: it must exist and belong to the command's branch. */
export function referencedRepairOrder(state: RepairOrderState, repairOrderId: string, branchId: string): RepairOrder {
  if (state.status === 'none') throw new ReferencedRepairOrderNotFoundError(repairOrderId);
  if (state.repairOrder.branchId !== branchId) {
    throw new ReferenceBranchMismatchError(`repair order ${repairOrderId}`, state.repairOrder.branchId, branchId);
  }
  return state.repairOrder;
}
