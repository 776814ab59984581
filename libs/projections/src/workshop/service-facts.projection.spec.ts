import { UniformBranchCalendar } from '../business-date';
import { ProjectionContext } from '../projection';
import { csiResponseScore, isTopBox, roundHalfUp } from './csi-score';
import { csiResponsesProjection, serviceComebacksProjection, serviceRevenueProjection } from './service-facts.projection';
import { serviceSegment } from './service-segment';
import { closed, comeback, envelope, RepairOrderInput, reopened, serviceSurvey, shanghai } from './workshop-events.spec-helper';

const context: ProjectionContext = { calendar: new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 }) };

const RO1: RepairOrderInput = {
  branchId: 'SH-01',
  repairOrderId: 'RO-1',
  intakeVisitId: 'V1',
  jobType: 'repair',
  payer: 'customer',
  openedAt: shanghai('2026-01-03'),
  closedAt: shanghai('2026-01-31', '23:30'),
  totals: { mechanical: '600.00', parts: '400.00', partsCost: '250.00', sublet: '50.00', soldHours: '2.5', clockedHours: '3', technicianIds: ['T-1', 'T-2'] },
};

describe('serviceRevenueProjection', () => {
  it('recognises a close on its business date in the branch calendar, with every stream, tax and gross', () => {
    const event = closed(RO1);
    expect(serviceRevenueProjection.project(event, context)).toEqual([
      {
        event_id: event.eventId,
        event_type: 'RepairOrderClosed',
        branch_id: 'SH-01',
        // 23:30 in Shanghai is 15:30 UTC: still 31 January locally.
        business_date: '2026-01-31',
        occurred_at: '2026-01-31 15:30:00.000',
        close_business_date: '2026-01-31',
        close_sequence: 1,
        sign: 1,
        repair_order_id: 'RO-1',
        intake_visit_id: 'V1',
        vin: 'LSVAU2180N2183294',
        job_type: 'repair',
        payer: 'customer',
        segment: 'customer',
        kpi_included: 1,
        advisor_id: 'SA-1',
        technician_ids: ['T-1', 'T-2'],
        comeback_of_repair_order_id: null,
        currency: 'CNY',
        labour_net: '600.00',
        labour_tax: '78.00',
        labour_gross: '678.00',
        labour_mechanical_net: '600.00',
        labour_body_net: '0.00',
        labour_paint_net: '0.00',
        parts_net: '400.00',
        parts_tax: '52.00',
        parts_gross: '452.00',
        parts_cost_net: '250.00',
        sublet_net: '50.00',
        sublet_tax: '6.50',
        sublet_gross: '56.50',
        total_net: '1050.00',
        total_tax: '136.50',
        total_gross: '1186.50',
        sold_hours: '2.5',
        clocked_hours: '3',
        global_position: event.globalPosition,
      },
    ]);
  });

  it("reverses the close's totals on the REOPEN's business date and remembers the reversed close's date", () => {
    const event = reopened(RO1, shanghai('2026-02-01', '00:30'));
    const [row, ...rest] = serviceRevenueProjection.project(event, context);
    expect(rest).toEqual([]);
    expect(row).toMatchObject({
      event_type: 'RepairOrderReopened',
      business_date: '2026-02-01',
      close_business_date: '2026-01-31',
      close_sequence: 1,
      sign: -1,
      labour_net: '-600.00',
      labour_gross: '-678.00',
      parts_net: '-400.00',
      parts_cost_net: '-250.00',
      sublet_net: '-50.00',
      total_net: '-1050.00',
      total_tax: '-136.50',
      sold_hours: '-2.5',
      clocked_hours: '-3',
      comeback_of_repair_order_id: null,
    });
  });

  it('keeps a zero-value close at zero (no "-0") and flags internal and PDI ROs as excluded', () => {
    const pdi = closed({ ...RO1, repairOrderId: 'RO-4', jobType: 'pdi', payer: 'internal', totals: {} });
    expect(serviceRevenueProjection.project(pdi, context)[0]).toMatchObject({ segment: 'pdi', kpi_included: 0, total_net: '0.00' });
    const reversedZero = reopened({ ...RO1, totals: {} }, shanghai('2026-02-02'));
    expect(serviceRevenueProjection.project(reversedZero, context)[0]).toMatchObject({ total_net: '0.00', sold_hours: '0', clocked_hours: '0' });
  });

  it('carries the comeback link of a comeback RO', () => {
    const event = closed({ ...RO1, repairOrderId: 'RO-5', comebackOf: 'RO-1', totals: {} });
    expect(serviceRevenueProjection.project(event, context)[0]).toMatchObject({ comeback_of_repair_order_id: 'RO-1' });
  });

  it('ignores every other event', () => {
    expect(serviceRevenueProjection.project(envelope('RegionDefined', { regionId: 'EAST', name: 'East' }), context)).toEqual([]);
  });
});

describe('serviceSegment', () => {
  it.each([
    ['insurance', 'insurance', 'insurance'],
    ['warranty', 'warranty', 'warranty'],
    ['repair', 'customer', 'customer'],
    ['maintenance', 'customer', 'customer'],
    ['body_paint', 'customer', 'customer'],
    ['body_paint', 'insurance', 'insurance'],
    ['repair', 'warranty', 'warranty'],
    ['internal', 'internal', 'internal'],
    ['pdi', 'internal', 'pdi'],
  ] as const)('%s paid by %s is %s', (jobType, payer, segment) => {
    expect(serviceSegment(jobType, payer)).toBe(segment);
  });
});

describe('serviceComebacksProjection', () => {
  it("charges the comeback to the original RO's branch, technicians and close date, with the days since that close", () => {
    const original = { ...RO1, branchId: 'SH-09' };
    const event = comeback({ branchId: 'SH-01', repairOrderId: 'RO-5', openedAt: shanghai('2026-02-20'), registeredAt: shanghai('2026-03-05') }, original);
    expect(serviceComebacksProjection.project(event, context)).toEqual([
      {
        event_id: event.eventId,
        branch_id: 'SH-09',
        business_date: '2026-01-31',
        original_repair_order_id: 'RO-1',
        original_closed_at: '2026-01-31 15:30:00.000',
        original_job_type: 'repair',
        kpi_included: 1,
        original_technician_ids: ['T-1', 'T-2'],
        comeback_branch_id: 'SH-01',
        comeback_repair_order_id: 'RO-5',
        comeback_opened_at: '2026-02-20 02:00:00.000',
        comeback_opened_date: '2026-02-20',
        days_after_close: 20,
        occurred_at: '2026-03-05 02:00:00.000',
        global_position: event.globalPosition,
      },
    ]);
  });

  it('flags a comeback of a PDI RO as excluded', () => {
    const event = comeback({ branchId: 'SH-01', repairOrderId: 'RO-6', openedAt: shanghai('2026-02-02') }, { ...RO1, jobType: 'pdi' });
    expect(serviceComebacksProjection.project(event, context)[0]).toMatchObject({ kpi_included: 0, original_job_type: 'pdi' });
  });
});

describe('csiResponsesProjection', () => {
  const RO2: RepairOrderInput = { ...RO1, repairOrderId: 'RO-2', closedAt: shanghai('2026-01-12') };

  it('scores the worked example: 8 on 0–10 = 80; 5 (w 2) and 3 (w 1) on 1–5 = 83.333333, in the RO close month', () => {
    const first = serviceSurvey('S-1', RO1, shanghai('2026-01-25'), [{ questionId: 'overall', answer: '8', min: '0', max: '10', weight: '1', overall: true }]);
    expect(csiResponsesProjection.project(first, context)).toEqual([
      {
        event_id: first.eventId,
        branch_id: 'SH-01',
        business_date: '2026-01-31',
        referenced_at: '2026-01-31 15:30:00.000',
        received_date: '2026-01-25',
        occurred_at: '2026-01-25 02:00:00.000',
        survey_id: 'S-1',
        kind: 'service',
        source: 'internal_call',
        repair_order_id: 'RO-1',
        vehicle_sale_id: null,
        answer_count: 1,
        score: '80.000000',
        overall_answer: '8',
        overall_min: '0',
        overall_max: '10',
        top_box: 0,
        global_position: first.globalPosition,
      },
    ]);
    const late = serviceSurvey(
      'S-2',
      RO2,
      shanghai('2026-02-09'),
      [
        { questionId: 'overall', answer: '5', min: '1', max: '5', weight: '2', overall: true },
        { questionId: 'cleanliness', answer: '3', min: '1', max: '5', weight: '1', overall: false },
      ],
      'oem_survey',
    );
    expect(csiResponsesProjection.project(late, context)[0]).toMatchObject({
      business_date: '2026-01-12',
      received_date: '2026-02-09',
      source: 'oem_survey',
      score: '83.333333',
      top_box: 1,
    });
  });
});

describe('csiResponseScore', () => {
  it('normalises each answer on its own scale and weights them, exactly, half-up to 6 places', () => {
    expect(csiResponseScore([{ answer: '0', min: '0', max: '10', weight: '1' }])).toBe('0.000000');
    expect(csiResponseScore([{ answer: '10', min: '0', max: '10', weight: '1' }])).toBe('100.000000');
    // −2..2 scale: 1 → 75; 0–10: 2 → 20; weights 0.5 and 1.5: (37.5 + 30) / 2 = 33.75
    expect(
      csiResponseScore([
        { answer: '1', min: '-2', max: '2', weight: '0.5' },
        { answer: '2', min: '0', max: '10', weight: '1.5' },
      ]),
    ).toBe('33.750000');
    // 2 of 1..4 = 33.3333333… ; 2/3 rounds up
    expect(csiResponseScore([{ answer: '2', min: '1', max: '4', weight: '1' }])).toBe('33.333333');
    expect(csiResponseScore([{ answer: '3', min: '1', max: '4', weight: '1' }])).toBe('66.666667');
    expect(() => csiResponseScore([])).toThrow(RangeError);
    expect(() => csiResponseScore([{ answer: '11', min: '0', max: '10', weight: '1' }])).toThrow(RangeError);
  });

  it('calls an overall answer top box only at the top of its scale', () => {
    expect(isTopBox({ answer: '5', max: '5' })).toBe(true);
    expect(isTopBox({ answer: '5.000', max: '5' })).toBe(true);
    expect(isTopBox({ answer: '9', max: '10' })).toBe(false);
  });

  it('rounds half up', () => {
    expect(roundHalfUp(1n, 8n, 2)).toBe('0.13');
    expect(roundHalfUp(1n, 3n, 0)).toBe('0');
    expect(roundHalfUp(5n, 2n, 0)).toBe('3');
  });
});
