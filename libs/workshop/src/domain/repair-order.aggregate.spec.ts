import { Money, NewEvent } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { DeciderSpecification, decideInTurn, foldEvents } from '@app/contracts/testing';
import { AppointmentState } from './appointment.aggregate';
import {
  CloseRepairOrder,
  ComebackAlreadyRegisteredError,
  ComebackOpenedBeforeOriginalClosedError,
  ComebackSelfLinkError,
  ComebackVinMismatchError,
  CorrectedLineNotFoundError,
  decideRepairOrder,
  evolveRepairOrder,
  initialRepairOrder,
  IssuePartsToRepairOrder,
  LabourCorrectionExceedsLineError,
  OpenRepairOrder,
  OriginalRepairOrderNotClosedError,
  OriginalRepairOrderNotFoundError,
  PartsReturnExceedsIssuedError,
  PostLabourLine,
  ReferencedAppointmentNotFoundError,
  RegisterComeback,
  ReopenRepairOrder,
  RepairOrderAlreadyOpenedError,
  RepairOrderCommand,
  RepairOrderLineExistsError,
  RepairOrderNotClosedError,
  RepairOrderNotFoundError,
  RepairOrderNotOpenError,
  RepairOrderState,
} from './repair-order.aggregate';
import { BranchMismatchError, InvalidWorkshopEventError, OccurredTooEarlyError, ReferenceBranchMismatchError } from './workshop.errors';

const cny = (net: string, tax: string, gross: string): Money => ({ currency: 'CNY', net, tax, gross });
const VIN = 'LSVAU2180N2183294';
const OTHER_VIN = 'LFV2A21K8G4000001';

const open = (overrides: Partial<OpenRepairOrder> = {}): OpenRepairOrder => ({
  type: 'OpenRepairOrder',
  eventId: randomUUID(),
  occurredAt: '2026-01-03T01:00:00.000Z',
  branchId: 'SH-01',
  repairOrderId: 'RO-1',
  intakeVisitId: 'V1',
  vin: VIN,
  mileageKm: 42_000,
  advisorId: 'SA-1',
  jobType: 'repair',
  payer: 'customer',
  appointmentId: null,
  customerId: 'C-1',
  complaint: 'brakes squeal',
  model: null,
  appointment: null,
  ...overrides,
});

const labour = (overrides: Partial<PostLabourLine> = {}): PostLabourLine => ({
  type: 'PostLabourLine',
  eventId: randomUUID(),
  occurredAt: '2026-01-03T03:00:00.000Z',
  branchId: 'SH-01',
  repairOrderId: 'RO-1',
  lineId: 'L1',
  correctsLineId: null,
  category: 'mechanical',
  operation: 'replace brake pads',
  soldHours: '2.00',
  clockedHours: '1.75',
  rate: '300.00',
  technicianId: 'T-1',
  payer: 'customer',
  amount: cny('600.00', '78.00', '678.00'),
  ...overrides,
});

const parts = (overrides: Partial<IssuePartsToRepairOrder> = {}): IssuePartsToRepairOrder => ({
  type: 'IssuePartsToRepairOrder',
  eventId: randomUUID(),
  occurredAt: '2026-01-03T03:30:00.000Z',
  branchId: 'SH-01',
  repairOrderId: 'RO-1',
  lineId: 'P1',
  partNumber: '5Q0698151',
  description: 'brake pads',
  quantity: '2',
  genuine: true,
  unitPrice: '200.00',
  payer: 'customer',
  amount: cny('400.00', '52.00', '452.00'),
  cost: cny('260.00', '33.80', '293.80'),
  ...overrides,
});

const close = (overrides: Partial<CloseRepairOrder> = {}): CloseRepairOrder => ({
  type: 'CloseRepairOrder',
  eventId: randomUUID(),
  occurredAt: '2026-01-04T08:00:00.000Z',
  branchId: 'SH-01',
  repairOrderId: 'RO-1',
  sublet: null,
  currency: 'CNY',
  ...overrides,
});

const reopen = (overrides: Partial<ReopenRepairOrder> = {}): ReopenRepairOrder => ({
  type: 'ReopenRepairOrder',
  eventId: randomUUID(),
  occurredAt: '2026-01-06T02:00:00.000Z',
  branchId: 'SH-01',
  repairOrderId: 'RO-1',
  reason: 'invoice corrected',
  ...overrides,
});

const repairOrder = { decide: decideRepairOrder, evolve: evolveRepairOrder, initialState: initialRepairOrder, streamId: 'repair-order-x' };
const given = DeciderSpecification.for(repairOrder);

/** Runs commands one after another, each decided on the state its predecessors left. */
const history = (...commands: RepairOrderCommand[]): NewEvent[] => decideInTurn(repairOrder, commands);
const stateOf = (events: readonly NewEvent[]): RepairOrderState => foldEvents(repairOrder, events);

const ro1 = () => history(open());
const closedRo1 = () => history(open(), labour(), parts(), close());

const comeback = (overrides: Partial<RegisterComeback> = {}): RegisterComeback => ({
  type: 'RegisterComeback',
  eventId: randomUUID(),
  occurredAt: '2026-01-20T02:00:00.000Z',
  branchId: 'SH-01',
  repairOrderId: 'RO-5',
  originalRepairOrderId: 'RO-1',
  faultDescription: 'brakes squeal',
  original: stateOf(closedRo1()),
  ...overrides,
});
const ro5 = () => history(open({ repairOrderId: 'RO-5', intakeVisitId: 'V3', occurredAt: '2026-01-20T01:00:00.000Z' }));

describe('RepairOrder', () => {
  describe('opening', () => {
    it('opens an RO with its vehicle, mileage, advisor, job type, payer and intake visit', () => {
      given()
        .when(open())
        .then([
          {
            type: 'RepairOrderOpened',
            branchId: 'SH-01',
            payload: { repairOrderId: 'RO-1', vin: VIN, mileageKm: 42_000, advisorId: 'SA-1', jobType: 'repair', payer: 'customer', intakeVisitId: 'V1' },
          },
        ]);
    });

    it("names the vehicle's model when the intake knows it, and none at all when it does not (brand unassigned in the KPIs)", () => {
      given()
        .when(open({ model: 'Formentor' }))
        .then([{ type: 'RepairOrderOpened', schemaVersion: 2, payload: { repairOrderId: 'RO-1', model: 'Formentor' } }]);
      const events = history(open());
      expect(events).toHaveLength(1);
      expect(events[0]?.payload).not.toHaveProperty('model');
      expect(stateOf(events).status).toBe('open');
    });

    it('accepts internal and PDI repair orders (they are excluded from KPIs later, not here)', () => {
      given()
        .when(open({ jobType: 'internal', payer: 'internal' }))
        .then([{ payload: { jobType: 'internal' } }]);
      given()
        .when(open({ jobType: 'pdi', payer: 'internal' }))
        .then([{ payload: { jobType: 'pdi' } }]);
    });

    it('refuses to open the same RO twice', () => {
      given(ro1()).when(open()).thenThrows(RepairOrderAlreadyOpenedError);
    });

    it('refuses a malformed VIN', () => {
      given()
        .when(open({ vin: 'LSVAU2180N218329O' }))
        .thenThrows(InvalidWorkshopEventError);
    });

    it('accepts a booked appointment of the same branch, and refuses an unknown one or one of another branch', () => {
      const booked = (branchId: string): AppointmentState => ({
        status: 'booked',
        branchId,
        appointment: {
          appointmentId: 'A-1',
          vin: null,
          customerId: null,
          advisorId: null,
          jobType: 'maintenance',
          channel: 'phone',
          scheduledFor: '2026-01-03T01:00:00.000Z',
        },
      });
      given()
        .when(open({ appointmentId: 'A-1', appointment: booked('SH-01') }))
        .then([{ payload: { appointmentId: 'A-1' } }]);
      given()
        .when(open({ appointmentId: 'A-1', appointment: { status: 'none' } }))
        .thenThrows(ReferencedAppointmentNotFoundError);
      given()
        .when(open({ appointmentId: 'A-1', appointment: booked('SH-02') }))
        .thenThrows(ReferenceBranchMismatchError);
    });
  });

  describe('labour lines', () => {
    it('posts a labour line with category, sold and clocked hours, rate, technician and payer', () => {
      given(ro1())
        .when(labour())
        .then([{ type: 'LabourLinePosted', payload: { category: 'mechanical', soldHours: '2.00', clockedHours: '1.75', technicianId: 'T-1' } }]);
    });

    it('refuses a line on an unknown RO, a closed RO or an RO of another branch', () => {
      given().when(labour()).thenThrows(RepairOrderNotFoundError);
      given(closedRo1())
        .when(labour({ lineId: 'L9' }))
        .thenThrows(RepairOrderNotOpenError);
      given(ro1())
        .when(labour({ branchId: 'SH-02' }))
        .thenThrows(BranchMismatchError);
    });

    it('refuses a second line with the same line id', () => {
      given(history(open(), labour())).when(labour()).thenThrows(RepairOrderLineExistsError);
    });

    it('refuses negative hours or amount on a line that corrects nothing', () => {
      given(ro1())
        .when(labour({ amount: cny('-600.00', '-78.00', '-678.00') }))
        .thenThrows(InvalidWorkshopEventError);
      given(ro1())
        .when(labour({ soldHours: '-1.00' }))
        .thenThrows(InvalidWorkshopEventError);
    });

    it('takes hours and amount back with a correction line, but not below zero', () => {
      const past = history(open(), labour());
      const correction = labour({
        lineId: 'L1-c',
        correctsLineId: 'L1',
        soldHours: '-0.50',
        clockedHours: '0.00',
        amount: cny('-150.00', '-19.50', '-169.50'),
      });
      given(past)
        .when(correction)
        .then([{ payload: { correctsLineId: 'L1', amount: { net: '-150.00' } } }]);
      given(past)
        .when({ ...correction, soldHours: '-2.50', amount: cny('-750.00', '-97.50', '-847.50') })
        .thenThrows(LabourCorrectionExceedsLineError);
    });

    it('refuses a correction of an unknown line, of a correction, or in another category', () => {
      const past = history(
        open(),
        labour(),
        labour({ lineId: 'L1-c', correctsLineId: 'L1', soldHours: '-0.50', clockedHours: '0.00', amount: cny('-150.00', '-19.50', '-169.50') }),
      );
      const fix = (correctsLineId: string, category: PostLabourLine['category'] = 'mechanical') =>
        labour({ lineId: 'L1-d', correctsLineId, category, soldHours: '-0.10', clockedHours: '0.00', amount: cny('-30.00', '-3.90', '-33.90') });
      given(past).when(fix('L7')).thenThrows(CorrectedLineNotFoundError);
      given(past).when(fix('L1-c')).thenThrows(CorrectedLineNotFoundError);
      given(past).when(fix('L1', 'paint')).thenThrows(CorrectedLineNotFoundError);
    });
  });

  describe('parts', () => {
    it('issues parts with part number, quantity, genuine flag, price, amount and cost', () => {
      given(ro1())
        .when(parts())
        .then([{ type: 'PartsIssuedToRepairOrder', payload: { partNumber: '5Q0698151', quantity: '2', genuine: true, cost: { net: '260.00' } } }]);
    });

    it('returns parts to stores with a negative quantity, up to what was issued for that part number', () => {
      const past = history(open(), parts());
      const returned = parts({ lineId: 'P2', quantity: '-1', amount: cny('-200.00', '-26.00', '-226.00'), cost: cny('-130.00', '-16.90', '-146.90') });
      given(past)
        .when(returned)
        .then([{ payload: { quantity: '-1' } }]);
      given(past)
        .when({ ...returned, quantity: '-3' })
        .thenThrows(PartsReturnExceedsIssuedError);
      given(past)
        .when({ ...returned, partNumber: 'OTHER-1' })
        .thenThrows(PartsReturnExceedsIssuedError);
      given(past)
        .when({ ...returned, amount: cny('-500.00', '-65.00', '-565.00') })
        .thenThrows(PartsReturnExceedsIssuedError);
      given(history(open(), parts(), returned))
        .when({ ...returned, lineId: 'P3', quantity: '-1.5' })
        .thenThrows(PartsReturnExceedsIssuedError);
    });

    it('issues a part that came in on a back-order naming it (PartsIssuedToRepairOrder v2), never on a return to stores', () => {
      given(ro1())
        .when(parts({ backOrderId: 'BO-7' }))
        .then([{ type: 'PartsIssuedToRepairOrder', schemaVersion: 2, payload: { backOrderId: 'BO-7' } }]);
      const returned = parts({
        lineId: 'P2',
        quantity: '-1',
        amount: cny('-200.00', '-26.00', '-226.00'),
        cost: cny('-130.00', '-16.90', '-146.90'),
        backOrderId: 'BO-7',
      });
      given(history(open(), parts()))
        .when(returned)
        .thenThrows(InvalidWorkshopEventError, /a return to stores serves no back-order/);
    });

    it('refuses a zero quantity, or an amount or cost whose sign is not the quantity sign', () => {
      given(ro1())
        .when(parts({ quantity: '0' }))
        .thenThrows(InvalidWorkshopEventError);
      given(ro1())
        .when(parts({ amount: cny('-400.00', '-52.00', '-452.00') }))
        .thenThrows(InvalidWorkshopEventError);
      given(ro1())
        .when(parts({ quantity: '-1' }))
        .thenThrows(InvalidWorkshopEventError);
    });

    it('refuses parts on a closed RO', () => {
      given(closedRo1())
        .when(parts({ lineId: 'P9' }))
        .thenThrows(RepairOrderNotOpenError);
    });
  });

  describe('closing', () => {
    it("carries the RO's totals at close: labour by category, parts and their cost, sublet, hours and technicians", () => {
      const past = history(
        open(),
        labour(),
        labour({ lineId: 'L2', category: 'paint', technicianId: 'T-2', soldHours: '1.00', clockedHours: '1.50', amount: cny('100.00', '13.00', '113.00') }),
        parts(),
      );
      given(past)
        .when(close({ sublet: cny('50.00', '3.00', '53.00') }))
        .then([
          {
            type: 'RepairOrderClosed',
            payload: {
              repairOrderId: 'RO-1',
              intakeVisitId: 'V1',
              jobType: 'repair',
              advisorId: 'SA-1',
              closeSequence: 1,
              openedAt: '2026-01-03T01:00:00.000Z',
              comebackOfRepairOrderId: null,
              totals: {
                labour: cny('700.00', '91.00', '791.00'),
                labourByCategory: { mechanical: cny('600.00', '78.00', '678.00'), body: cny('0.00', '0.00', '0.00'), paint: cny('100.00', '13.00', '113.00') },
                parts: cny('400.00', '52.00', '452.00'),
                partsCost: cny('260.00', '33.80', '293.80'),
                sublet: cny('50.00', '3.00', '53.00'),
                total: cny('1150.00', '146.00', '1296.00'),
                soldHours: '3.00',
                clockedHours: '3.25',
                technicianIds: ['T-1', 'T-2'],
              },
            },
          },
        ]);
    });

    it('closes an RO with no lines at 0.00 in the branch currency (a free comeback)', () => {
      given(ro1())
        .when(close())
        .then([{ payload: { totals: { labour: cny('0.00', '0.00', '0.00'), total: cny('0.00', '0.00', '0.00'), soldHours: '0.00', technicianIds: [] } } }]);
    });

    it('leaves out a technician whose line was corrected to nothing', () => {
      const past = history(
        open(),
        labour(),
        labour({ lineId: 'L1-c', correctsLineId: 'L1', soldHours: '-2.00', clockedHours: '-1.75', amount: cny('-600.00', '-78.00', '-678.00') }),
      );
      given(past)
        .when(close())
        .then([{ payload: { totals: { labour: cny('0.00', '0.00', '0.00'), technicianIds: [] } } }]);
    });

    it('refuses to close an unknown RO, a closed RO, or before the RO was opened', () => {
      given().when(close()).thenThrows(RepairOrderNotFoundError);
      given(closedRo1()).when(close()).thenThrows(RepairOrderNotOpenError);
      given(ro1())
        .when(close({ occurredAt: '2026-01-02T00:00:00.000Z' }))
        .thenThrows(OccurredTooEarlyError);
    });

    it('refuses a sublet in another currency', () => {
      given(ro1())
        .when(close({ sublet: { currency: 'EUR', net: '1.00', tax: '0.00', gross: '1.00' } }))
        .thenThrows(InvalidWorkshopEventError);
    });
  });

  describe('reopening', () => {
    it('reopens a closed RO, reversing the totals of its last close; closing again recognises the new totals', () => {
      const closed = closedRo1();
      given(closed)
        .when(reopen())
        .then([
          {
            type: 'RepairOrderReopened',
            payload: {
              reason: 'invoice corrected',
              reversedCloseSequence: 1,
              reversedClosedAt: '2026-01-04T08:00:00.000Z',
              reversedTotals: { labour: { net: '600.00' }, parts: { net: '400.00' } },
            },
          },
        ]);
      const reopened = history(open(), labour(), parts(), close(), reopen(), labour({ lineId: 'L2', amount: cny('100.00', '13.00', '113.00') }));
      given(reopened)
        .when(close({ occurredAt: '2026-01-07T00:00:00.000Z' }))
        .then([{ payload: { closeSequence: 2, totals: { labour: { net: '700.00' }, total: { net: '1100.00' } } } }]);
    });

    it('refuses to reopen an open RO or an unknown one, or before its close', () => {
      given(ro1()).when(reopen()).thenThrows(RepairOrderNotClosedError);
      given(history(open(), close(), reopen()))
        .when(reopen())
        .thenThrows(RepairOrderNotClosedError);
      given().when(reopen()).thenThrows(RepairOrderNotFoundError);
      given(closedRo1())
        .when(reopen({ occurredAt: '2026-01-04T07:00:00.000Z' }))
        .thenThrows(OccurredTooEarlyError);
    });

    it('refuses a second close before the reopening', () => {
      given(history(open(), close(), reopen()))
        .when(close({ occurredAt: '2026-01-05T00:00:00.000Z' }))
        .thenThrows(OccurredTooEarlyError);
    });
  });

  describe('comebacks', () => {
    it("links a new open RO to an earlier closed RO of the same VIN, carrying the original's branch, close and technicians", () => {
      given(ro5())
        .when(comeback())
        .then([
          {
            type: 'ComebackRegistered',
            payload: {
              repairOrderId: 'RO-5',
              openedAt: '2026-01-20T01:00:00.000Z',
              vin: VIN,
              faultDescription: 'brakes squeal',
              originalRepairOrderId: 'RO-1',
              originalBranchId: 'SH-01',
              originalClosedAt: '2026-01-04T08:00:00.000Z',
              originalJobType: 'repair',
              originalTechnicianIds: ['T-1'],
            },
          },
        ]);
    });

    it('remembers the link on the new RO and carries it in its close', () => {
      given(history(...ro5Commands(), comeback()))
        .when(close({ repairOrderId: 'RO-5', occurredAt: '2026-01-21T08:00:00.000Z' }))
        .then([{ payload: { comebackOfRepairOrderId: 'RO-1', totals: { total: { net: '0.00' } } } }]);
    });

    it('refuses a link of an RO to itself', () => {
      given(ro5())
        .when(comeback({ originalRepairOrderId: 'RO-5' }))
        .thenThrows(ComebackSelfLinkError);
    });

    it('refuses an unknown original or one that is not closed', () => {
      given(ro5())
        .when(comeback({ original: initialRepairOrder }))
        .thenThrows(OriginalRepairOrderNotFoundError);
      given(ro5())
        .when(comeback({ original: stateOf(ro1()) }))
        .thenThrows(OriginalRepairOrderNotClosedError);
      given(ro5())
        .when(comeback({ original: stateOf(history(open(), close(), reopen())) }))
        .thenThrows(OriginalRepairOrderNotClosedError);
    });

    it('refuses an original of another vehicle', () => {
      given(ro5())
        .when(comeback({ original: stateOf(history(open({ vin: OTHER_VIN }), close())) }))
        .thenThrows(ComebackVinMismatchError);
    });

    it('refuses a second comeback link on the same RO', () => {
      given(history(...ro5Commands(), comeback()))
        .when(comeback())
        .thenThrows(ComebackAlreadyRegisteredError);
    });

    it('refuses a link from an RO opened before the original was closed', () => {
      given(history(open({ repairOrderId: 'RO-5', occurredAt: '2026-01-04T07:00:00.000Z' })))
        .when(comeback())
        .thenThrows(ComebackOpenedBeforeOriginalClosedError);
    });

    it('accepts a link found after the new RO was closed, and the new RO carries it from its next close on', () => {
      const closeRo5 = close({ repairOrderId: 'RO-5', occurredAt: '2026-01-21T08:00:00.000Z' });
      const lateLink = comeback({ occurredAt: '2026-01-28T02:00:00.000Z' });
      given(history(...ro5Commands(), closeRo5))
        .when(lateLink)
        .then([
          {
            type: 'ComebackRegistered',
            payload: {
              repairOrderId: 'RO-5',
              openedAt: '2026-01-20T01:00:00.000Z',
              originalRepairOrderId: 'RO-1',
              originalClosedAt: '2026-01-04T08:00:00.000Z',
            },
          },
        ]);
      given(history(...ro5Commands(), closeRo5, lateLink))
        .when(comeback())
        .thenThrows(ComebackAlreadyRegisteredError);
      given(history(...ro5Commands(), closeRo5, lateLink, reopen({ repairOrderId: 'RO-5', occurredAt: '2026-01-29T02:00:00.000Z' })))
        .when(close({ repairOrderId: 'RO-5', occurredAt: '2026-01-29T08:00:00.000Z' }))
        .then([{ payload: { comebackOfRepairOrderId: 'RO-1' } }]);
    });

    it('accepts a link on a reopened new RO', () => {
      const reopenedRo5 = history(
        ...ro5Commands(),
        close({ repairOrderId: 'RO-5', occurredAt: '2026-01-21T08:00:00.000Z' }),
        reopen({ repairOrderId: 'RO-5', occurredAt: '2026-01-22T02:00:00.000Z' }),
      );
      given(reopenedRo5)
        .when(comeback({ occurredAt: '2026-01-22T03:00:00.000Z' }))
        .then([{ type: 'ComebackRegistered', payload: { openedAt: '2026-01-20T01:00:00.000Z', originalClosedAt: '2026-01-04T08:00:00.000Z' } }]);
    });

    it('refuses a link to an original that is reopened now, even after a new RO was closed', () => {
      const reopenedRo1 = stateOf(history(open(), labour(), parts(), close(), reopen()));
      given(history(...ro5Commands(), close({ repairOrderId: 'RO-5', occurredAt: '2026-01-21T08:00:00.000Z' })))
        .when(comeback({ original: reopenedRo1 }))
        .thenThrows(OriginalRepairOrderNotClosedError);
    });

    it("measures the window from the original's latest close before the new RO was opened, in the check and in the event", () => {
      // RO-1 closed 4 Jan, reopened 6 Jan, closed again 8 Jan.
      const twiceClosedRo1 = stateOf(history(open(), labour(), parts(), close(), reopen(), close({ occurredAt: '2026-01-08T08:00:00.000Z' })));
      // Opened after the second close: the window counts from the second close.
      given(ro5())
        .when(comeback({ original: twiceClosedRo1 }))
        .then([{ payload: { openedAt: '2026-01-20T01:00:00.000Z', originalClosedAt: '2026-01-08T08:00:00.000Z' } }]);
      // Opened between the two closes: it came back after the first close, so the window counts from that one.
      given(history(open({ repairOrderId: 'RO-5', occurredAt: '2026-01-05T01:00:00.000Z' })))
        .when(comeback({ original: twiceClosedRo1 }))
        .then([{ payload: { openedAt: '2026-01-05T01:00:00.000Z', originalClosedAt: '2026-01-04T08:00:00.000Z' } }]);
      // Opened before any close of the original: refused.
      given(history(open({ repairOrderId: 'RO-5', occurredAt: '2026-01-04T07:00:00.000Z' })))
        .when(comeback({ original: twiceClosedRo1 }))
        .thenThrows(ComebackOpenedBeforeOriginalClosedError);
    });
  });
});

function ro5Commands(): RepairOrderCommand[] {
  return [open({ repairOrderId: 'RO-5', intakeVisitId: 'V3', occurredAt: '2026-01-20T01:00:00.000Z' })];
}
