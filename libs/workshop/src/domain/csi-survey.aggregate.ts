import { buildEvent, CsiAnswerV1, CsiKind, CsiSource, CsiSurveyResponded, CsiSurveyRespondedV1, DomainError, EventEnvelope, NewEvent } from '@app/contracts';
import { closedAtOrBefore, referencedRepairOrder, RepairOrderState } from './repair-order.aggregate';
import {
  InvalidWorkshopEventError,
  isBefore,
  OccurredTooEarlyError,
  ReferenceBranchMismatchError,
  ReferencedRepairOrderNotClosedError,
  invalidWorkshopEvent,
} from './workshop.errors';

/** A survey response is recorded once per survey id. */
export type CsiSurveyState = { readonly status: 'none' } | { readonly status: 'recorded' };

export const initialCsiSurvey: CsiSurveyState = { status: 'none' };

/** What the survey needs to know about a vehicle sale (the sales context owns the stream). */
export type VehicleSaleReference =
  { readonly status: 'not-delivered' } | { readonly status: 'delivered'; readonly branchId: string; readonly deliveredAt: string };

export interface RecordCsiSurveyResponse {
  readonly type: 'RecordCsiSurveyResponse';
  readonly eventId: string;
  readonly occurredAt: string;
  readonly branchId: string;
  readonly surveyId: string;
  readonly source: CsiSource;
  readonly kind: CsiKind;
  readonly repairOrderId: string | null;
  readonly vehicleSaleId: string | null;
  readonly customerId: string | null;
  readonly answers: readonly CsiAnswerV1[];
  /** The referenced RO (kind service) or sale (kind sales), as loaded by the handler. */
  readonly repairOrder: RepairOrderState | null;
  readonly vehicleSale: VehicleSaleReference | null;
}

export type CsiSurveyCommand = RecordCsiSurveyResponse;

export class CsiSurveyAlreadyRecordedError extends DomainError {
  readonly code = 'CSI_SURVEY_ALREADY_RECORDED';
  readonly kind = 'conflict';
  constructor(surveyId: string) {
    super(`survey ${surveyId} was recorded before`);
  }
}

export class ReferencedVehicleSaleNotDeliveredError extends DomainError {
  readonly code = 'REFERENCED_VEHICLE_SALE_NOT_DELIVERED';
  readonly kind = 'unprocessable';
  constructor(vehicleSaleId: string) {
    super(`vehicle sale ${vehicleSaleId} has not been delivered`);
  }
}

export function csiSurveyStreamId(surveyId: string): string {
  return `csi-survey-${surveyId}`;
}

/** The instant the survey refers to: the RO's latest close before the response, or the delivery. */
function referencedAt(command: RecordCsiSurveyResponse): string {
  if (command.kind === 'service' && command.repairOrderId !== null && command.vehicleSaleId === null) {
    const state = command.repairOrder ?? { status: 'none' };
    referencedRepairOrder(state, command.repairOrderId, command.branchId);
    const closedAt = closedAtOrBefore(state, command.occurredAt);
    if (closedAt === undefined) throw new ReferencedRepairOrderNotClosedError(command.repairOrderId, command.occurredAt);
    return closedAt;
  }
  if (command.kind === 'sales' && command.vehicleSaleId !== null && command.repairOrderId === null) {
    const sale = command.vehicleSale;
    if (sale?.status !== 'delivered') throw new ReferencedVehicleSaleNotDeliveredError(command.vehicleSaleId);
    if (sale.branchId !== command.branchId) {
      throw new ReferenceBranchMismatchError(`vehicle sale ${command.vehicleSaleId}`, sale.branchId, command.branchId);
    }
    if (isBefore(command.occurredAt, sale.deliveredAt)) {
      throw new OccurredTooEarlyError('the survey response', command.occurredAt, sale.deliveredAt, 'the delivery');
    }
    return sale.deliveredAt;
  }
  throw new InvalidWorkshopEventError(CsiSurveyResponded.type, ['kind: a service survey references a repairOrderId only, a sales survey a vehicleSaleId only']);
}

export function decideCsiSurvey(command: CsiSurveyCommand, state: CsiSurveyState): NewEvent[] {
  switch (command.type) {
    case 'RecordCsiSurveyResponse': {
      if (state.status !== 'none') throw new CsiSurveyAlreadyRecordedError(command.surveyId);
      const payload: CsiSurveyRespondedV1 = {
        surveyId: command.surveyId,
        source: command.source,
        kind: command.kind,
        repairOrderId: command.repairOrderId,
        vehicleSaleId: command.vehicleSaleId,
        referencedAt: referencedAt(command),
        customerId: command.customerId,
        answers: command.answers.map((a) => ({ ...a })),
      };
      return [buildEvent(CsiSurveyResponded, command, payload, invalidWorkshopEvent)];
    }
    default: {
      const unhandled: never = command.type;
      throw new Error(`unhandled command ${String(unhandled)}`);
    }
  }
}

export function evolveCsiSurvey(state: CsiSurveyState, event: EventEnvelope): CsiSurveyState {
  switch (event.type) {
    case CsiSurveyResponded.type:
      return { status: 'recorded' };
    default:
      return state;
  }
}
