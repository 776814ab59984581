import { Money } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { DeciderSpecification, foldEvents } from '@app/contracts/testing';
import { decideRepairOrder, evolveRepairOrder, initialRepairOrder, RepairOrderState } from './repair-order.aggregate';
import {
  DecideWarrantyClaim,
  decideWarrantyClaim,
  evolveWarrantyClaim,
  initialWarrantyClaim,
  SubmitWarrantyClaim,
  WarrantyClaimAlreadyDecidedError,
  WarrantyClaimAlreadySubmittedError,
  WarrantyClaimNotFoundError,
} from './warranty-claim.aggregate';
import {
  BranchMismatchError,
  InvalidWorkshopEventError,
  OccurredTooEarlyError,
  ReferenceBranchMismatchError,
  ReferencedRepairOrderNotFoundError,
} from './workshop.errors';

const warrantyClaim = { decide: decideWarrantyClaim, evolve: evolveWarrantyClaim, initialState: initialWarrantyClaim, streamId: 'warranty-claim-WC-1' };
const repairOrder = { decide: decideRepairOrder, evolve: evolveRepairOrder, initialState: initialRepairOrder };

const cny = (net: string, tax: string, gross: string): Money => ({ currency: 'CNY', net, tax, gross });

const warrantyRo: RepairOrderState = foldEvents(
  repairOrder,
  decideRepairOrder(
    {
      type: 'OpenRepairOrder',
      eventId: randomUUID(),
      occurredAt: '2026-01-10T01:00:00.000Z',
      branchId: 'SH-01',
      repairOrderId: 'RO-W',
      intakeVisitId: 'V9',
      vin: 'LSVAU2180N2183294',
      mileageKm: 8000,
      advisorId: 'SA-1',
      jobType: 'warranty',
      payer: 'warranty',
      appointmentId: null,
      customerId: null,
      complaint: 'water pump leaks',
      model: null,
      appointment: null,
    },
    initialRepairOrder,
  ),
);

const submit = (overrides: Partial<SubmitWarrantyClaim> = {}): SubmitWarrantyClaim => ({
  type: 'SubmitWarrantyClaim',
  eventId: randomUUID(),
  occurredAt: '2026-01-11T01:00:00.000Z',
  branchId: 'SH-01',
  warrantyClaimId: 'WC-1',
  repairOrderId: 'RO-W',
  manufacturerClaimNumber: 'OEM-778',
  claimed: cny('1000.00', '130.00', '1130.00'),
  repairOrder: warrantyRo,
  ...overrides,
});

const decide = (overrides: Partial<DecideWarrantyClaim> = {}): DecideWarrantyClaim => ({
  type: 'DecideWarrantyClaim',
  eventId: randomUUID(),
  occurredAt: '2026-01-25T01:00:00.000Z',
  branchId: 'SH-01',
  warrantyClaimId: 'WC-1',
  decision: 'approved',
  approved: cny('1000.00', '130.00', '1130.00'),
  reason: null,
  ...overrides,
});

const given = DeciderSpecification.for(warrantyClaim);

const submitted = () => decideWarrantyClaim(submit(), initialWarrantyClaim);

describe('WarrantyClaim', () => {
  it('submits a claim for an RO, taking the VIN from the RO', () => {
    given()
      .when(submit())
      .then([
        { type: 'WarrantyClaimSubmitted', payload: { warrantyClaimId: 'WC-1', repairOrderId: 'RO-W', vin: 'LSVAU2180N2183294', claimed: { net: '1000.00' } } },
      ]);
  });

  it('refuses a second submission of the same claim', () => {
    given(submitted()).when(submit()).thenThrows(WarrantyClaimAlreadySubmittedError);
  });

  it('refuses a claim for an unknown RO, an RO of another branch, or before the RO was opened', () => {
    given()
      .when(submit({ repairOrder: initialRepairOrder }))
      .thenThrows(ReferencedRepairOrderNotFoundError);
    given()
      .when(submit({ branchId: 'SH-02' }))
      .thenThrows(ReferenceBranchMismatchError);
    given()
      .when(submit({ occurredAt: '2026-01-09T00:00:00.000Z' }))
      .thenThrows(OccurredTooEarlyError);
  });

  it('refuses a negative claimed amount', () => {
    given()
      .when(submit({ claimed: cny('-1.00', '0.00', '-1.00') }))
      .thenThrows(InvalidWorkshopEventError);
  });

  it('records an approval of the full amount, repeating the claimed amount', () => {
    given(submitted())
      .when(decide())
      .then([
        { type: 'WarrantyClaimDecided', payload: { decision: 'approved', repairOrderId: 'RO-W', claimed: { net: '1000.00' }, approved: { net: '1000.00' } } },
      ]);
  });

  it('records a partial approval strictly between zero and the claim', () => {
    given(submitted())
      .when(decide({ decision: 'partially_approved', approved: cny('600.00', '78.00', '678.00'), reason: 'labour time capped' }))
      .then([{ payload: { decision: 'partially_approved', approved: { net: '600.00' } } }]);
    given(submitted())
      .when(decide({ decision: 'partially_approved' }))
      .thenThrows(InvalidWorkshopEventError);
    given(submitted())
      .when(decide({ decision: 'partially_approved', approved: cny('0.00', '0.00', '0.00') }))
      .thenThrows(InvalidWorkshopEventError);
  });

  it('records a rejection at zero', () => {
    given(submitted())
      .when(decide({ decision: 'rejected', approved: null, reason: 'outside warranty' }))
      .then([{ payload: { decision: 'rejected', approved: cny('0.00', '0.00', '0.00') } }]);
    given(submitted())
      .when(decide({ decision: 'rejected' }))
      .thenThrows(InvalidWorkshopEventError);
  });

  it('refuses an approval of another amount than claimed', () => {
    given(submitted())
      .when(decide({ approved: cny('900.00', '117.00', '1017.00') }))
      .thenThrows(InvalidWorkshopEventError);
  });

  it('decides only a submitted claim, once, in its branch, after its submission', () => {
    given().when(decide()).thenThrows(WarrantyClaimNotFoundError);
    const decided = [...submitted(), ...decideWarrantyClaim(decide(), foldEvents(warrantyClaim, submitted()))];
    given(decided).when(decide()).thenThrows(WarrantyClaimAlreadyDecidedError);
    given(submitted())
      .when(decide({ branchId: 'SH-02' }))
      .thenThrows(BranchMismatchError);
    given(submitted())
      .when(decide({ occurredAt: '2026-01-10T00:00:00.000Z' }))
      .thenThrows(OccurredTooEarlyError);
  });
});
