import { UniformBranchCalendar } from '../business-date';
import { ProjectionContext } from '../projection';
import { complaintsProjection, serviceLabourLinesProjection, warrantyDecisionsProjection } from './service-more.projection';
import { complaintLogged, complaintResolved, labourLine, RepairOrderInput, shanghai, warrantyDecided } from './workshop-events.spec-helper';

const context: ProjectionContext = { calendar: new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 }) };
const RO: RepairOrderInput = {
  branchId: 'SH-01',
  repairOrderId: 'RO-1',
  intakeVisitId: 'V1',
  jobType: 'repair',
  payer: 'customer',
  openedAt: shanghai('2026-01-03'),
  closedAt: shanghai('2026-01-04'),
  totals: {},
};

describe('serviceLabourLinesProjection', () => {
  it('records a line on its posting date with technician and hours; a correction keeps its negative hours', () => {
    const line = labourLine(RO, {
      lineId: 'L2',
      technicianId: 'T-1',
      soldHours: '-0.5',
      clockedHours: '-0.25',
      net: '-100.00',
      postedAt: shanghai('2026-01-03', '23:30'),
      correctsLineId: 'L1',
    });
    expect(serviceLabourLinesProjection.project(line, context)).toEqual([
      expect.objectContaining({
        branch_id: 'SH-01',
        business_date: '2026-01-03',
        repair_order_id: 'RO-1',
        line_id: 'L2',
        corrects_line_id: 'L1',
        technician_id: 'T-1',
        sold_hours: '-0.5',
        clocked_hours: '-0.25',
        amount_net: '-100.00',
        global_position: line.globalPosition,
      }),
    ]);
    expect(serviceLabourLinesProjection.project(complaintLogged('SH-01', 'C1', 'service', shanghai('2026-01-03')), context)).toEqual([]);
  });
});

describe('warrantyDecisionsProjection', () => {
  it('marks approved and partially approved decisions', () => {
    const flag = (d: 'approved' | 'partially_approved' | 'rejected') =>
      warrantyDecisionsProjection.project(warrantyDecided('SH-01', 'W1', d, shanghai('2026-01-05')), context)[0]?.approved_or_partial;
    expect([flag('approved'), flag('partially_approved'), flag('rejected')]).toEqual([1, 1, 0]);
  });
});

describe('complaintsProjection', () => {
  it('dates a logged complaint on its logging and a resolution on its own date, with the time it took in ms', () => {
    const loggedAt = shanghai('2026-01-31', '20:00');
    const [logged] = complaintsProjection.project(complaintLogged('SH-01', 'C1', 'sales', loggedAt), context);
    const [resolved] = complaintsProjection.project(complaintResolved('SH-01', 'C1', 'sales', loggedAt, shanghai('2026-02-02', '08:00')), context);
    expect(logged).toMatchObject({ event_type: 'ComplaintLogged', business_date: '2026-01-31', channel: 'phone', resolution_ms: '0' });
    expect(resolved).toMatchObject({
      event_type: 'ComplaintResolved',
      business_date: '2026-02-02',
      logged_at: '2026-01-31 12:00:00.000',
      resolution_ms: String(1.5 * 86_400_000),
    });
  });
});
