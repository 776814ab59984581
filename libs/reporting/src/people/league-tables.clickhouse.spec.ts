/**
 * People's league tables over HTTP on the ClickHouse engine: a consultant table and a technician
 * table of a hand-built month match hand-computed figures (targets of the person, attainment,
 * ranks within branch and region), quarter and year to date, and the caller's scope.
 */
import { authHeaderFor } from '@app/auth';
import { ClickHouseClient } from '@app/clickhouse';
import { DomainEvent } from '@app/contracts';
import { INestApplication } from '@nestjs/common';
import { Server } from 'node:http';
import request from 'supertest';
import { startReportingTestApp } from '../testing/reporting-test-app';
import { ALL_PROJECTIONS, ClickHouseProjectionSink, UniformBranchCalendar } from '@app/projections';
import { closed, cny, comeback, envelope, labourLine, RepairOrderInput, serviceSurvey, shanghai, TotalsInput } from '@app/projections/testing';
import { LeagueTable } from './league-tables';

const branch = (branchId: string, regionId: string): DomainEvent[] => [
  envelope(
    'BranchOpened',
    { branchId, name: `${branchId} 4S`, brands: ['Volkswagen'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2024-01-01' },
    { branchId },
  ),
  envelope('BranchRegionAssigned', { branchId, regionId, effectiveFrom: '2024-01-01' }, { branchId }),
];

const lead = (branchId: string, leadId: string, consultantId: string, day: string) =>
  envelope(
    'LeadCreated',
    { leadId, source: 'walk_in', segment: 'individual', consultantId, modelOfInterest: null, customerId: null },
    { branchId, occurredAt: shanghai(day) },
  );

/** An order signed and delivered the same month. */
const sale = (
  branchId: string,
  id: string,
  consultantId: string,
  condition: 'new' | 'used',
  net: string,
  cost: string,
  day: string,
  leadId: string | null = null,
): DomainEvent[] => [
  envelope(
    'OrderSigned',
    {
      vehicleSaleId: id,
      orderId: `O-${id}`,
      leadId,
      model: 'Passat',
      condition,
      listPrice: cny(net),
      transactionPrice: cny(net),
      deposit: cny('0.00'),
      finance: 'cash',
      consultantId,
      customerId: `CU-${id}`,
    },
    { branchId, occurredAt: shanghai(day, '09:00'), streamId: `vehicle-sale-${id}` },
  ),
  envelope(
    'VehicleDelivered',
    {
      vehicleSaleId: id,
      orderId: `O-${id}`,
      vin: 'LSVAU2180N2183294',
      model: 'Passat',
      condition,
      consultantId,
      customerId: `CU-${id}`,
      invoice: cny(net),
      cost: cny(cost),
    },
    { branchId, occurredAt: shanghai(day, '15:00'), streamId: `vehicle-sale-${id}` },
  ),
];

const employee = (employeeId: string, branchId: string, department: string, role: string) =>
  envelope('EmployeeAssigned', { employeeId, branchId, department, role, effectiveFrom: '2026-01-01' } as never, { branchId });

const personTarget = (kpi: string, period: string, personId: string, kind: 'quota' | 'stretch', value: string) =>
  envelope('TargetSet', {
    kpi,
    periodKind: period.length === 4 ? 'year' : 'month',
    period,
    grain: 'person',
    grainId: personId,
    model: null,
    segment: null,
    kind,
    value,
    unit: 'units',
    version: 1,
  } as never);

const sales: DomainEvent[] = [
  lead('SH-01', 'L-1', 'C-1', '2026-03-01'),
  lead('SH-01', 'L-2', 'C-1', '2026-03-02'),
  lead('SH-01', 'L-3', 'C-1', '2026-03-03'),
  lead('SH-01', 'L-4', 'C-2', '2026-03-03'),
  envelope('TestDriveCompleted', { leadId: 'L-1', model: 'Passat', consultantId: 'C-1' }, { branchId: 'SH-01', occurredAt: shanghai('2026-03-04') }),
  ...sale('SH-01', 'VS-0', 'C-1', 'new', '190000.00', '180000.00', '2026-02-10'),
  ...sale('SH-01', 'VS-1', 'C-1', 'new', '200000.00', '185000.00', '2026-03-10', 'L-1'),
  ...sale('SH-01', 'VS-2', 'C-1', 'used', '80000.00', '76000.00', '2026-03-12'),
  ...sale('SH-01', 'VS-3', 'C-2', 'new', '150000.00', '140000.00', '2026-03-15', 'L-4'),
  ...sale('SH-02', 'VS-4', 'C-3', 'new', '100000.00', '95000.00', '2026-03-05'),
  ...sale('SH-02', 'VS-5', 'C-3', 'new', '100000.00', '95000.00', '2026-03-06'),
  ...sale('SH-02', 'VS-6', 'C-3', 'new', '100000.00', '95000.00', '2026-03-07'),
  envelope(
    'CsiSurveyResponded',
    {
      surveyId: 'SS-1',
      source: 'oem_survey',
      kind: 'sales',
      repairOrderId: null,
      vehicleSaleId: 'VS-1',
      referencedAt: shanghai('2026-03-10', '15:00'),
      customerId: null,
      answers: [{ questionId: 'overall', answer: '9', min: '0', max: '10', weight: '1', overall: true }],
    },
    { branchId: 'SH-01', occurredAt: shanghai('2026-03-20'), streamId: 'csi-survey-SS-1' },
  ),
  personTarget('units_delivered', '2026-03', 'C-1', 'quota', '2'),
  personTarget('units_delivered', '2026-03', 'C-1', 'stretch', '3'),
  personTarget('units_delivered', '2026-03', 'C-3', 'quota', '4'),
  personTarget('units_delivered', '2026', 'C-1', 'quota', '24'),
  // A consultant with a quota and no sale, and an advisor: the consultants' table lists the first only.
  employee('C-4', 'SH-02', 'sales', 'sales_consultant'),
  employee('A-9', 'SH-01', 'service', 'service_advisor'),
  // A closed branch's consultant keeps their last assignment (no event for leaving): not listed after it closed.
  employee('C-8', 'BJ-01', 'sales', 'sales_consultant'),
  envelope('BranchClosed', { branchId: 'BJ-01', closedOn: '2026-02-28', reason: 'merged' }, { branchId: 'BJ-01' }),
  personTarget('units_delivered', '2026-03', 'C-4', 'quota', '2'),
];

const ro = (id: string, visit: string, day: string, totals: TotalsInput, extra: Partial<RepairOrderInput> = {}): RepairOrderInput => ({
  branchId: 'SH-01',
  repairOrderId: id,
  intakeVisitId: visit,
  jobType: 'repair',
  payer: 'customer',
  openedAt: shanghai(day, '08:00'),
  closedAt: shanghai(day, '17:00'),
  totals,
  ...extra,
});
const RO1 = ro('RO-1', 'V1', '2026-03-05', { mechanical: '600.00', soldHours: '3.00', clockedHours: '2.85', technicianIds: ['T-1', 'T-2'] });
const RO2 = ro('RO-2', 'V2', '2026-03-10', { mechanical: '300.00', soldHours: '1.50', clockedHours: '1.50', technicianIds: ['T-1'] });
const RO3 = ro('RO-3', 'V3', '2026-03-21', { soldHours: '0.50', clockedHours: '0.50', technicianIds: ['T-2'] }, { comebackOf: 'RO-2' });
const line = (r: RepairOrderInput, lineId: string, technicianId: string, sold: string, clocked: string, net: string) =>
  labourLine(r, { lineId, technicianId, soldHours: sold, clockedHours: clocked, net, postedAt: r.openedAt });

const workshop: DomainEvent[] = [
  line(RO1, 'L1', 'T-1', '2.00', '1.60', '400.00'),
  line(RO1, 'L2', 'T-2', '1.00', '1.25', '200.00'),
  closed(RO1),
  line(RO2, 'L1', 'T-1', '1.50', '1.50', '300.00'),
  closed(RO2),
  comeback({ branchId: 'SH-01', repairOrderId: 'RO-3', openedAt: RO3.openedAt }, RO2),
  line(RO3, 'L1', 'T-2', '0.50', '0.50', '0.00'),
  closed(RO3),
  serviceSurvey('S-1', RO1, shanghai('2026-03-25'), [{ questionId: 'overall', answer: '8', min: '0', max: '10', weight: '1', overall: true }]),
];

const events: DomainEvent[] = [
  envelope('RegionDefined', { regionId: 'EAST', name: 'East China' }),
  envelope('RegionDefined', { regionId: 'NORTH', name: 'North China' }),
  ...branch('SH-01', 'EAST'),
  ...branch('SH-02', 'EAST'),
  ...branch('BJ-01', 'NORTH'),
  ...sales,
  ...workshop,
];

type Figure = {
  value: string | null;
  quota: { value: string } | null;
  stretch: { value: string } | null;
  quotaAttainment: string | null;
  stretchAttainment: string | null;
};
type Row = LeagueTable['rows'][number] & { figures: Record<string, Figure> };

describe("people's league tables", () => {
  let app: INestApplication;
  let clickhouse: ClickHouseClient;
  const http = () => request(app.getHttpServer() as Server);
  const headOffice = () => authHeaderFor('head-office', {});
  const get = async (table: string, query: Record<string, string>, auth?: Record<string, string>) =>
    (
      await http()
        .get(`/api/v1/league-tables/${table}`)
        .query(query)
        .set(auth ?? (await headOffice()))
        .expect(200)
    ).body as LeagueTable & { rows: Row[] };

  beforeAll(async () => {
    ({ app, clickhouse } = await startReportingTestApp());
    const sink = new ClickHouseProjectionSink(clickhouse, ALL_PROJECTIONS, {
      calendar: new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 }),
    });
    expect(await sink.write(events)).toEqual({ rejected: [] });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('consultants: units against their own quota and stretch, revenue, gross profit, leads, test drives, conversion, sales CSI, ranks', async () => {
    const table = await get('consultants', { period: '2026-03', currency: 'branch' });
    expect(table).toMatchObject({
      table: 'consultants',
      dimension: 'consultant',
      span: 'month',
      from: '2026-03-01',
      to: '2026-03-31',
      rankedBy: 'units_delivered',
    });
    // The figures state the last event they include (the facts' mark).
    expect((table as unknown as { asOf: { readModel: string } }).asOf).toMatchObject({ readModel: 'facts' });
    const rows = table.rows.map((r) => {
      const f = (id: string) => r.figures[id]?.value ?? null;
      return [
        r.branchId,
        r.personId,
        f('units_delivered'),
        r.figures.units_delivered?.quota?.value ?? null,
        r.figures.units_delivered?.quotaAttainment ?? null,
        r.figures.units_delivered?.stretchAttainment ?? null,
        f('revenue_new_vehicles'),
        f('revenue_used_vehicles'),
        f('vehicle_gross_profit'),
        f('leads'),
        f('test_drives'),
        f('lead_to_order_conversion'),
        f('orders_signed'),
        f('csi_sales'),
        r.rankInBranch,
        r.rankInRegion,
      ];
    });
    expect(rows).toEqual([
      ['SH-01', 'C-1', '2', '2', '100.00', '66.67', '200000.00', '80000.00', '19000.00', '3', '1', '33.33', '2', '90.00', 1, 2],
      ['SH-01', 'C-2', '1', null, null, null, '150000.00', '0.00', '10000.00', '1', '0', '100.00', '1', null, 2, 3],
      ['SH-02', 'C-3', '3', '4', '75.00', null, '300000.00', '0.00', '15000.00', '0', '0', null, '3', null, 1, 1],
      // Listed without a figure: summed KPIs are 0 against the quota, rates have no value; ranked last.
      ['SH-02', 'C-4', '0', '2', '0.00', null, '0.00', '0.00', '0.00', '0', '0', null, '0', null, 2, 4],
    ]);
    expect(table.rows.find((r) => r.personId === 'C-4')?.figures.revenue_new_vehicles).toMatchObject({ currency: 'CNY' });
  });

  it('consultants by quarter and year to date (against the annual target: % of annual plan)', async () => {
    // BJ-01 was open in the quarter (closed on 28 February), not in March: its consultant is listed in the quarter only.
    expect((await get('consultants', { period: '2026-03', span: 'quarter' })).rows.map((r) => r.personId)).toContain('C-8');
    const quarter = await get('consultants', { period: '2026-03', span: 'quarter', branchId: 'SH-01' });
    expect(quarter.from).toBe('2026-01-01');
    expect(quarter.rows.map((r) => [r.personId, r.figures.units_delivered?.value])).toEqual([
      ['C-1', '3'],
      ['C-2', '1'],
    ]);
    const ytd = await get('consultants', { period: '2026-03', span: 'ytd', branchId: 'SH-01' });
    expect(
      ytd.rows.map((r) => [
        r.personId,
        r.figures.units_delivered?.value,
        r.figures.units_delivered?.quota?.value ?? null,
        r.figures.units_delivered?.quotaAttainment ?? null,
      ]),
    ).toEqual([
      ['C-1', '3', '24', '12.50'],
      ['C-2', '1', null, null],
    ]);
  });

  it('technicians: hours sold, efficiency, effective labour rate, labour revenue split line by line; the comeback charged to the original technician; service CSI', async () => {
    const table = await get('technicians', { period: '2026-03', currency: 'branch' });
    expect(
      table.rows.map((r) => {
        const f = (id: string) => r.figures[id]?.value ?? null;
        return [
          r.personId,
          f('hours_sold'),
          f('technician_efficiency'),
          f('effective_labour_rate'),
          f('service_labour_revenue'),
          f('rework_rate'),
          f('csi_service'),
          r.rankInBranch,
          r.rankInRegion,
        ];
      }),
    ).toEqual([
      ['T-1', '3.50', '112.90', '200.00', '700.00', '50.00', '80.00', 1, 1],
      ['T-2', '1.50', '85.71', '133.33', '200.00', '0.00', '80.00', 2, 2],
    ]);
    const advisors = await get('service-advisors', { period: '2026-03' });
    expect(advisors.rows.map((r) => [r.personId, r.figures.service_revenue?.value, r.figures.vehicle_intakes?.value, r.figures.rework_rate?.value])).toEqual([
      ['SA-1', '900.00', '3', '33.33'],
      ['A-9', '0.00', '0', null],
    ]);
  });

  it('the caller’s scope applies: a branch manager sees their branch, a region manager their regions', async () => {
    const sh02 = await get('consultants', { period: '2026-03' }, await authHeaderFor('branch-manager', { branches: ['SH-02'] }));
    expect(sh02.rows.map((r) => r.personId)).toEqual(['C-3', 'C-4']);
    const north = await authHeaderFor('region-manager', { regions: ['NORTH'] });
    expect((await get('consultants', { period: '2026-03' }, north)).rows).toEqual([]);
    // Another region's branches are left out as in every branch-level report (the rows in scope, none here).
    expect((await get('consultants', { period: '2026-03', regionId: 'EAST' }, north)).rows).toEqual([]);
    await http()
      .get('/api/v1/league-tables/consultants')
      .query({ period: '2026-03', branchId: 'SH-01' })
      .set(await authHeaderFor('branch-manager', { branches: ['SH-02'] }))
      .expect(403);
    await http().get('/api/v1/league-tables/consultants').expect(401);
  });

  it('bad input is a 400 naming the field', async () => {
    const auth = await headOffice();
    expect((await http().get('/api/v1/league-tables/dealers').set(auth).expect(400)).body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'table' }],
    });
    expect((await http().get('/api/v1/league-tables/consultants').query({ span: 'decade' }).set(auth).expect(400)).body).toMatchObject({
      errors: [{ field: 'span' }],
    });
    expect((await http().get('/api/v1/league-tables/consultants').query({ period: '2026-13' }).set(auth).expect(400)).body).toMatchObject({
      errors: [{ field: 'period' }],
    });
  });
});
