/**
 * A small simulated history for the BI views of migrations 0017–0019 (bi-views.clickhouse.spec.ts):
 * DOMAIN.md's worked example in SH-01 (January 2026, region EAST) plus a February in GZ-01
 * (SOUTH), with labour lines, a warranty decision, a complaint, a follow-up call, an RO opening,
 * employees and targets; then January is closed and a survey and a comeback arrive late.
 */
import { DomainEvent } from '@app/contracts';
import {
  closed,
  comeback,
  complaintLogged,
  complaintResolved,
  envelope,
  labourLine,
  RepairOrderInput,
  serviceSurvey,
  shanghai,
  warrantyDecided,
} from '../workshop/workshop-events.spec-helper';

const RO = (
  branchId: string,
  id: string,
  visit: string,
  closedOn: string,
  totals: RepairOrderInput['totals'],
  extra: Partial<RepairOrderInput> = {},
): RepairOrderInput => ({
  branchId,
  repairOrderId: id,
  intakeVisitId: visit,
  jobType: 'repair',
  payer: 'customer',
  openedAt: shanghai(closedOn, '08:00'),
  closedAt: shanghai(closedOn, '17:00'),
  totals,
  ...extra,
});
const overall = (answer: string, min: string, max: string, weight = '1') => ({ questionId: 'overall', answer, min, max, weight, overall: true });

export const RO1 = RO('SH-01', 'RO-1', 'V1', '2026-01-04', { mechanical: '600.00', parts: '400.00' }, { openedAt: shanghai('2026-01-03', '09:00') });
export const RO2 = { ...RO('SH-01', 'RO-2', 'V2', '2026-01-12', { body: '1000.00', parts: '500.00' }), jobType: 'insurance', payer: 'insurance' } as const;
const RO3 = { ...RO('SH-01', 'RO-3', 'V2', '2026-01-14', { body: '500.00' }), jobType: 'body_paint' } as const;
const RO4 = { ...RO('SH-01', 'RO-4', 'V4', '2026-01-15', { mechanical: '200.00' }), jobType: 'pdi', payer: 'internal' } as const;
const RO5 = RO('SH-01', 'RO-5', 'V3', '2026-01-21', {}, { comebackOf: 'RO-1' });
const GZ1 = RO('GZ-01', 'GZ-1', 'VG1', '2026-02-10', { mechanical: '800.00', parts: '200.00' });
const GZ2 = { ...RO('GZ-01', 'GZ-2', 'VG2', '2026-02-11', { body: '1200.00' }), jobType: 'insurance', payer: 'insurance' } as const;

const cell = {
  kpi: 'service_revenue',
  periodKind: 'month',
  period: '2026-01',
  grain: 'branch',
  grainId: 'SH-01',
  model: null,
  segment: null,
  kind: 'quota',
} as const;

/** Org data the first batch adds to the spec's regions and assignments. */
export const org: DomainEvent[] = [
  envelope(
    'BranchOpened',
    { branchId: 'SH-01', name: 'Shanghai 4S', brands: ['Volkswagen'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 240, openedOn: '2024-01-01' },
    { branchId: 'SH-01' },
  ),
  envelope(
    'BranchOpened',
    { branchId: 'GZ-01', name: 'Guangzhou 4S', brands: ['Audi'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2024-01-01' },
    { branchId: 'GZ-01' },
  ),
  envelope(
    'EmployeeAssigned',
    { employeeId: 'SA-1', branchId: 'SH-01', department: 'service', role: 'service_advisor', effectiveFrom: '2025-01-01' },
    { branchId: 'SH-01' },
  ),
  envelope(
    'EmployeeAssigned',
    { employeeId: 'T-1', branchId: 'SH-01', department: 'service', role: 'technician', effectiveFrom: '2025-01-01' },
    { branchId: 'SH-01' },
  ),
  envelope(
    'EmployeeAssigned',
    { employeeId: 'T-1', branchId: 'GZ-01', department: 'service', role: 'technician', effectiveFrom: '2026-02-01' },
    { branchId: 'GZ-01' },
  ),
  envelope('TargetSet', { ...cell, value: '2800.00', unit: 'CNY', version: 1 }, { branchId: 'SH-01', occurredAt: '2025-12-20T02:00:00.000Z' }),
  envelope(
    'TargetRevised',
    { ...cell, value: '3200.00', unit: 'CNY', version: 2, supersedesVersion: 1, reason: 'mid-month review' },
    { branchId: 'SH-01', occurredAt: '2026-01-10T02:00:00.000Z' },
  ),
  envelope('TargetSet', { ...cell, grain: 'region', grainId: 'EAST', value: '10000.00', unit: 'CNY', version: 1 }, { occurredAt: '2025-12-20T02:00:00.000Z' }),
  envelope(
    'TargetSet',
    { ...cell, grain: 'person', grainId: 'T-1', kpi: 'hours_sold', value: '120', unit: 'hours', version: 1 },
    { branchId: 'SH-01', occurredAt: '2025-12-20T02:00:00.000Z' },
  ),
];

/** January in SH-01 (the worked example) and February in GZ-01, before the January close. */
export const facts: DomainEvent[] = [
  envelope(
    'RepairOrderOpened',
    {
      repairOrderId: 'RO-1',
      intakeVisitId: 'V1',
      vin: 'LSVAU2180N2183294',
      mileageKm: 1,
      advisorId: 'SA-1',
      jobType: 'repair',
      payer: 'customer',
      appointmentId: 'AP-1',
      customerId: null,
      complaint: null,
    },
    { branchId: 'SH-01', occurredAt: RO1.openedAt, streamId: 'repair-order-RO-1' },
  ),
  labourLine(RO1, { lineId: 'L-1', technicianId: 'T-1', soldHours: '2.00', clockedHours: '2.50', net: '400.00', postedAt: shanghai('2026-01-03', '15:00') }),
  labourLine(RO1, { lineId: 'L-2', technicianId: 'T-2', soldHours: '1.00', clockedHours: '0.50', net: '200.00', postedAt: shanghai('2026-01-04', '11:00') }),
  closed(RO1),
  closed(RO2),
  closed(RO3),
  closed(RO4),
  comeback({ branchId: 'SH-01', repairOrderId: 'RO-5', openedAt: RO5.openedAt }, RO1),
  closed(RO5),
  serviceSurvey('S-1', RO1, shanghai('2026-01-25'), [overall('8', '0', '10')]),
  warrantyDecided('SH-01', 'W-1', 'partially_approved', shanghai('2026-01-20')),
  complaintLogged('SH-01', 'C-1', 'service', shanghai('2026-01-22', '09:00')),
  complaintResolved('SH-01', 'C-1', 'service', shanghai('2026-01-22', '09:00'), shanghai('2026-01-23', '21:00')),
  envelope(
    'FollowUpCallCompleted',
    { followUpCallId: 'F-1', repairOrderId: 'RO-1', repairOrderClosedAt: RO1.closedAt, callerId: 'E-9', reached: true, outcome: 'satisfied', notes: null },
    { branchId: 'SH-01', occurredAt: shanghai('2026-01-06') },
  ),
  closed(GZ1),
  closed(GZ2),
];

/** Head office closes January on 5 February. */
export const januaryClose: DomainEvent = envelope(
  'PeriodClosed',
  { period: '2026-01', reason: 'January close' },
  { occurredAt: '2026-02-05T08:00:00.000Z', streamId: 'period-2026-01' },
);

/** After the close: RO-2's survey (9 Feb) and a comeback of RO-2 opened 12 days after its close restate January. */
export const late: DomainEvent[] = [
  serviceSurvey('S-2', RO2, shanghai('2026-02-09'), [
    overall('5', '1', '5', '2'),
    { questionId: 'cleanliness', answer: '3', min: '1', max: '5', weight: '1', overall: false },
  ]),
  comeback({ branchId: 'SH-01', repairOrderId: 'RO-6', openedAt: shanghai('2026-01-24', '09:00'), registeredAt: shanghai('2026-02-10') }, RO2),
];

/** A region change: GZ-01 moves from SOUTH to the new region NORTH on 1 April 2026. */
export const northMove: DomainEvent[] = [
  envelope('RegionDefined', { regionId: 'NORTH', name: 'North China' }),
  envelope('BranchRegionAssigned', { branchId: 'GZ-01', regionId: 'NORTH', effectiveFrom: '2026-04-01' }, { branchId: 'GZ-01' }),
];
