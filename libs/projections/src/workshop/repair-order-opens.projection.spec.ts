import { UniformBranchCalendar } from '../business-date';
import { repairOrderOpensProjection } from './repair-order-opens.projection';
import { envelope, shanghai } from './workshop-events.spec-helper';

const context = { calendar: new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 }) };
const opened = (appointmentId: string | null, jobType: 'repair' | 'pdi', at: string, model?: string) =>
  envelope(
    'RepairOrderOpened',
    {
      repairOrderId: 'RO-1',
      intakeVisitId: 'V-1',
      vin: 'LSVAU2180N2183294',
      mileageKm: 1,
      advisorId: 'SA-1',
      jobType,
      payer: jobType === 'pdi' ? 'internal' : 'customer',
      appointmentId,
      customerId: null,
      complaint: null,
      ...(model === undefined ? {} : { model }),
    },
    { branchId: 'SH-01', occurredAt: at, streamId: 'repair-order-RO-1', schemaVersion: model === undefined ? 1 : 2 },
  );

describe('repair order opens projection', () => {
  it('books an RO opened on the business date of the opening, with its appointment', () => {
    // 23:30 UTC on 6 April is 07:30 on 7 April in Shanghai.
    expect(repairOrderOpensProjection.project(opened('AP-1', 'repair', '2026-04-06T23:30:00.000Z'), context)).toMatchObject([
      {
        business_date: '2026-04-07',
        repair_order_id: 'RO-1',
        intake_visit_id: 'V-1',
        advisor_id: 'SA-1',
        segment: 'customer',
        kpi_included: 1,
        appointment_id: 'AP-1',
        customer_id: null,
        model: '',
      },
    ]);
  });

  it("keeps the vehicle's model the RO names ('' when it names none, as a lead without a model of interest)", () => {
    expect(repairOrderOpensProjection.project(opened(null, 'repair', shanghai('2026-04-07'), 'Formentor'), context)).toMatchObject([{ model: 'Formentor' }]);
  });

  it('keeps a PDI RO out of the KPIs and a walk-in without an appointment as null', () => {
    expect(repairOrderOpensProjection.project(opened(null, 'pdi', shanghai('2026-04-07')), context)).toMatchObject([
      { segment: 'pdi', kpi_included: 0, appointment_id: null },
    ]);
  });

  it('ignores every other event', () => {
    expect(repairOrderOpensProjection.project(envelope('RegionDefined', { regionId: 'EAST', name: 'East China' }), context)).toEqual([]);
  });
});
