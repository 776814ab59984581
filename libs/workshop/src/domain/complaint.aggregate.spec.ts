import { randomUUID } from 'node:crypto';
import { DeciderSpecification, foldEvents } from '@app/contracts/testing';
import {
  ComplaintAlreadyLoggedError,
  ComplaintAlreadyResolvedError,
  ComplaintNotFoundError,
  decideComplaint,
  evolveComplaint,
  initialComplaint,
  LogComplaint,
  ResolveComplaint,
} from './complaint.aggregate';
import { decideRepairOrder, evolveRepairOrder, initialRepairOrder } from './repair-order.aggregate';
import {
  BranchMismatchError,
  InvalidWorkshopEventError,
  OccurredTooEarlyError,
  ReferenceBranchMismatchError,
  ReferencedRepairOrderNotFoundError,
} from './workshop.errors';

const complaint = { decide: decideComplaint, evolve: evolveComplaint, initialState: initialComplaint, streamId: 'complaint-CP-1' };
const repairOrder = { decide: decideRepairOrder, evolve: evolveRepairOrder, initialState: initialRepairOrder };

const openRo = foldEvents(
  repairOrder,
  decideRepairOrder(
    {
      type: 'OpenRepairOrder',
      eventId: randomUUID(),
      occurredAt: '2026-01-03T01:00:00.000Z',
      branchId: 'SH-01',
      repairOrderId: 'RO-1',
      intakeVisitId: 'V1',
      vin: 'LSVAU2180N2183294',
      mileageKm: 1000,
      advisorId: 'SA-1',
      jobType: 'repair',
      payer: 'customer',
      appointmentId: null,
      customerId: null,
      complaint: null,
      model: null,
      appointment: null,
    },
    initialRepairOrder,
  ),
);

const log = (overrides: Partial<LogComplaint> = {}): LogComplaint => ({
  type: 'LogComplaint',
  eventId: randomUUID(),
  occurredAt: '2026-01-05T02:00:00.000Z',
  branchId: 'SH-01',
  complaintId: 'CP-1',
  kind: 'service',
  channel: 'phone',
  repairOrderId: 'RO-1',
  vehicleSaleId: null,
  customerId: 'C-1',
  description: 'waited three hours past the promised time',
  repairOrder: openRo,
  ...overrides,
});

const resolve = (overrides: Partial<ResolveComplaint> = {}): ResolveComplaint => ({
  type: 'ResolveComplaint',
  eventId: randomUUID(),
  occurredAt: '2026-01-07T02:00:00.000Z',
  branchId: 'SH-01',
  complaintId: 'CP-1',
  resolution: 'apologised; free car wash',
  compensation: { currency: 'CNY', net: '50.00', tax: '0.00', gross: '50.00' },
  ...overrides,
});

const given = DeciderSpecification.for(complaint);

const logged = () => decideComplaint(log(), initialComplaint);

describe('Complaint', () => {
  it('logs a service complaint about an RO', () => {
    given()
      .when(log())
      .then([{ type: 'ComplaintLogged', payload: { complaintId: 'CP-1', kind: 'service', channel: 'phone', repairOrderId: 'RO-1' } }]);
  });

  it('logs a sales complaint about a vehicle sale, or a complaint about nothing in particular', () => {
    given()
      .when(log({ kind: 'sales', repairOrderId: null, repairOrder: null, vehicleSaleId: 'VS-1' }))
      .then([{ payload: { kind: 'sales', vehicleSaleId: 'VS-1' } }]);
    given()
      .when(log({ repairOrderId: null, repairOrder: null }))
      .then([{ payload: { repairOrderId: null } }]);
  });

  it('refuses a complaint whose kind does not match what it names', () => {
    given()
      .when(log({ kind: 'sales' }))
      .thenThrows(InvalidWorkshopEventError);
  });

  it('refuses a complaint about an unknown RO or an RO of another branch', () => {
    given()
      .when(log({ repairOrder: initialRepairOrder }))
      .thenThrows(ReferencedRepairOrderNotFoundError);
    given()
      .when(log({ branchId: 'SH-02' }))
      .thenThrows(ReferenceBranchMismatchError);
  });

  it('logs a complaint id once', () => {
    given(logged()).when(log()).thenThrows(ComplaintAlreadyLoggedError);
  });

  it('resolves a logged complaint, carrying when it was logged', () => {
    given(logged())
      .when(resolve())
      .then([
        { type: 'ComplaintResolved', payload: { complaintId: 'CP-1', kind: 'service', loggedAt: '2026-01-05T02:00:00.000Z', compensation: { net: '50.00' } } },
      ]);
  });

  it('resolves only a logged complaint, once, in its branch, after it was logged', () => {
    given().when(resolve()).thenThrows(ComplaintNotFoundError);
    const state = foldEvents(complaint, logged());
    given([...logged(), ...decideComplaint(resolve(), state)])
      .when(resolve())
      .thenThrows(ComplaintAlreadyResolvedError);
    given(logged())
      .when(resolve({ branchId: 'SH-02' }))
      .thenThrows(BranchMismatchError);
    given(logged())
      .when(resolve({ occurredAt: '2026-01-04T00:00:00.000Z' }))
      .thenThrows(OccurredTooEarlyError);
  });

  it('refuses a negative compensation', () => {
    given(logged())
      .when(resolve({ compensation: { currency: 'CNY', net: '-5.00', tax: '0.00', gross: '-5.00' } }))
      .thenThrows(InvalidWorkshopEventError);
  });
});
