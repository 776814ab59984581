import { randomUUID } from 'node:crypto';
import { DeciderSpecification, decideInTurn, foldEvents } from '@app/contracts/testing';
import {
  CompleteFollowUpCall,
  decideFollowUpCall,
  evolveFollowUpCall,
  FollowUpCallAlreadyRecordedError,
  initialFollowUpCall,
} from './follow-up-call.aggregate';
import { decideRepairOrder, evolveRepairOrder, initialRepairOrder, RepairOrderCommand, RepairOrderState } from './repair-order.aggregate';
import {
  InvalidWorkshopEventError,
  ReferenceBranchMismatchError,
  ReferencedRepairOrderNotClosedError,
  ReferencedRepairOrderNotFoundError,
} from './workshop.errors';

const followUpCall = { decide: decideFollowUpCall, evolve: evolveFollowUpCall, initialState: initialFollowUpCall, streamId: 'follow-up-call-FU-1' };
const repairOrder = { decide: decideRepairOrder, evolve: evolveRepairOrder, initialState: initialRepairOrder };

const base = { branchId: 'SH-01', repairOrderId: 'RO-1' };
const opened: RepairOrderCommand = {
  ...base,
  type: 'OpenRepairOrder',
  eventId: randomUUID(),
  occurredAt: '2026-01-03T01:00:00.000Z',
  intakeVisitId: 'V1',
  vin: 'LSVAU2180N2183294',
  mileageKm: 1000,
  advisorId: 'SA-1',
  jobType: 'maintenance',
  payer: 'customer',
  appointmentId: null,
  customerId: null,
  complaint: null,
  model: null,
  appointment: null,
};
const closed = (occurredAt: string): RepairOrderCommand => ({
  ...base,
  type: 'CloseRepairOrder',
  eventId: randomUUID(),
  occurredAt,
  sublet: null,
  currency: 'CNY',
});
const reopened = (occurredAt: string): RepairOrderCommand => ({ ...base, type: 'ReopenRepairOrder', eventId: randomUUID(), occurredAt, reason: 'fix' });

/** The repair order the commands leave, each decided on the state its predecessors left. */
const repairOrderAfter = (...commands: RepairOrderCommand[]): RepairOrderState => foldEvents(repairOrder, decideInTurn(repairOrder, commands));

const call = (overrides: Partial<CompleteFollowUpCall> = {}): CompleteFollowUpCall => ({
  type: 'CompleteFollowUpCall',
  eventId: randomUUID(),
  occurredAt: '2026-01-06T02:00:00.000Z',
  branchId: 'SH-01',
  followUpCallId: 'FU-1',
  repairOrderId: 'RO-1',
  callerId: 'CC-1',
  reached: true,
  outcome: 'satisfied',
  notes: null,
  repairOrder: repairOrderAfter(opened, closed('2026-01-04T08:00:00.000Z')),
  ...overrides,
});

const given = DeciderSpecification.for(followUpCall);

describe('FollowUpCall', () => {
  it("records a call about a closed RO with the RO's close instant", () => {
    given()
      .when(call())
      .then([
        {
          type: 'FollowUpCallCompleted',
          payload: { repairOrderId: 'RO-1', reached: true, outcome: 'satisfied', repairOrderClosedAt: '2026-01-04T08:00:00.000Z' },
        },
      ]);
  });

  it('records a call that did not reach the customer', () => {
    given()
      .when(call({ reached: false, outcome: 'no_answer' }))
      .then([{ payload: { reached: false, outcome: 'no_answer' } }]);
  });

  it('refuses an outcome that contradicts whether the customer was reached', () => {
    given()
      .when(call({ reached: false, outcome: 'satisfied' }))
      .thenThrows(InvalidWorkshopEventError);
    given()
      .when(call({ reached: true, outcome: 'no_answer' }))
      .thenThrows(InvalidWorkshopEventError);
  });

  it('records a call id once', () => {
    given(decideFollowUpCall(call(), initialFollowUpCall)).when(call()).thenThrows(FollowUpCallAlreadyRecordedError);
  });

  it('refuses a call about an unknown RO, an RO of another branch, or an RO not closed by the time of the call', () => {
    given()
      .when(call({ repairOrder: initialRepairOrder }))
      .thenThrows(ReferencedRepairOrderNotFoundError);
    given()
      .when(call({ branchId: 'SH-02' }))
      .thenThrows(ReferenceBranchMismatchError);
    given()
      .when(call({ repairOrder: repairOrderAfter(opened) }))
      .thenThrows(ReferencedRepairOrderNotClosedError);
    given()
      .when(call({ occurredAt: '2026-01-04T07:00:00.000Z' }))
      .thenThrows(ReferencedRepairOrderNotClosedError);
  });

  it('refers to the close before the call when the RO was reopened and closed again later', () => {
    const later = repairOrderAfter(opened, closed('2026-01-04T08:00:00.000Z'), reopened('2026-01-08T00:00:00.000Z'), closed('2026-01-09T00:00:00.000Z'));
    given()
      .when(call({ repairOrder: later }))
      .then([{ payload: { repairOrderClosedAt: '2026-01-04T08:00:00.000Z' } }]);
  });
});
