import { DomainEvent } from '@app/contracts';
import { UniformBranchCalendar } from '../business-date';
import { ProjectionContext } from '../projection';
import {
  ORG_PROJECTIONS,
  orgBranchClosuresProjection,
  orgBranchesProjection,
  orgBranchRegionAssignmentsProjection,
  orgEmployeeAssignmentsProjection,
  orgExchangeRatesProjection,
  orgHolidayCalendarsProjection,
  orgKpiSettingsProjection,
  orgRegionsProjection,
  orgTargetsProjection,
} from './org-dimensions.projection';
import { envelope } from './org-events.spec-helper';
import { targetPeriodRange } from './target-period';

const context: ProjectionContext = { calendar: new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 }) };
const cell = {
  kpi: 'service_revenue',
  periodKind: 'quarter' as const,
  period: '2026-Q1',
  grain: 'branch' as const,
  grainId: 'SH-01',
  model: null,
  segment: 'insurance',
  kind: 'quota' as const,
};

describe('org projections', () => {
  it('map a branch opening and closing to the branch rows', () => {
    const opened = envelope(
      'BranchOpened',
      {
        branchId: 'SH-01',
        name: 'Shanghai Pudong 4S',
        brands: ['VW'],
        currency: 'CNY',
        timeZone: 'Asia/Shanghai',
        cutoffMinutes: 240,
        openedOn: '2025-01-01',
      },
      { branchId: 'SH-01' },
    );
    expect(orgBranchesProjection.project(opened, context)).toEqual([
      {
        branch_id: 'SH-01',
        name: 'Shanghai Pudong 4S',
        brands: ['VW'],
        currency: 'CNY',
        time_zone: 'Asia/Shanghai',
        cutoff_minutes: 240,
        opened_on: '2025-01-01',
        event_id: opened.eventId,
        global_position: opened.globalPosition,
      },
    ]);
    const closed = envelope('BranchClosed', { branchId: 'SH-01', closedOn: '2026-06-30', reason: 'merged' }, { branchId: 'SH-01' });
    expect(orgBranchClosuresProjection.project(closed, context)).toMatchObject([{ branch_id: 'SH-01', closed_on: '2026-06-30', reason: 'merged' }]);
  });

  it('map regions and branch → region assignments with the date they take effect', () => {
    const defined = envelope('RegionDefined', { regionId: 'EAST', name: 'East China' }, { occurredAt: '2026-01-02T01:00:00.000Z' });
    expect(orgRegionsProjection.project(defined, context)).toMatchObject([{ region_id: 'EAST', name: 'East China', defined_at: '2026-01-02 01:00:00.000' }]);
    const assigned = envelope('BranchRegionAssigned', { branchId: 'SH-01', regionId: 'EAST', effectiveFrom: '2026-03-15' }, { branchId: 'SH-01' });
    expect(orgBranchRegionAssignmentsProjection.project(assigned, context)).toMatchObject([
      { branch_id: 'SH-01', region_id: 'EAST', valid_from: '2026-03-15', event_id: assigned.eventId },
    ]);
  });

  it('map an employee assignment', () => {
    const assigned = envelope(
      'EmployeeAssigned',
      {
        employeeId: 'E-1',
        branchId: 'SH-01',
        department: 'service',
        role: 'technician',
        effectiveFrom: '2026-01-01',
      },
      { branchId: 'SH-01' },
    );
    expect(orgEmployeeAssignmentsProjection.project(assigned, context)).toMatchObject([
      { employee_id: 'E-1', branch_id: 'SH-01', department: 'service', role: 'technician', valid_from: '2026-01-01' },
    ]);
  });

  it('map every target version with its period range, version and the version it supersedes', () => {
    const set = envelope('TargetSet', { ...cell, value: '800.00', unit: 'CNY/vehicle', version: 1 }, { branchId: 'SH-01' });
    const revised = envelope(
      'TargetRevised',
      { ...cell, value: '850', unit: 'CNY/vehicle', version: 2, supersedesVersion: 1, reason: 'mid-year review' },
      { branchId: 'SH-01' },
    );
    expect(orgTargetsProjection.project(set, context)).toEqual([
      expect.objectContaining({
        kpi: 'service_revenue',
        period_kind: 'quarter',
        period: '2026-Q1',
        period_start: '2026-01-01',
        period_end: '2026-03-31',
        grain_id: 'SH-01',
        model: '',
        segment: 'insurance',
        version: 1,
        supersedes_version: null,
        value: '800.00',
        reason: '',
        event_type: 'TargetSet',
      }),
    ]);
    expect(orgTargetsProjection.project(revised, context)).toMatchObject([
      { version: 2, supersedes_version: 1, value: '850', reason: 'mid-year review', event_type: 'TargetRevised' },
    ]);
  });

  it('map a rate to the first day of its month, a calendar with its dates, a KPI setting with its effective date', () => {
    const rate = envelope('ExchangeRateSet', { month: '2026-02', fromCurrency: 'EUR', toCurrency: 'CNY', rate: '7.81234567', version: 2 });
    expect(orgExchangeRatesProjection.project(rate, context)).toMatchObject([
      { month: '2026-02-01', from_currency: 'EUR', to_currency: 'CNY', rate: '7.81234567', version: 2 },
    ]);
    const calendar = envelope(
      'HolidayCalendarSet',
      {
        scope: 'branch',
        scopeId: 'SH-01',
        year: 2026,
        holidays: ['2026-01-01'],
        extraWorkingDays: ['2026-02-14'],
        version: 1,
      },
      { branchId: 'SH-01' },
    );
    expect(orgHolidayCalendarsProjection.project(calendar, context)).toMatchObject([
      { scope: 'branch', scope_id: 'SH-01', year: 2026, holidays: ['2026-01-01'], extra_working_days: ['2026-02-14'], version: 1 },
    ]);
    const setting = envelope('KpiSettingChanged', { key: 'rework_window_days', value: '45', effectiveFrom: '2026-07-01' });
    expect(orgKpiSettingsProjection.project(setting, context)).toMatchObject([{ key: 'rework_window_days', value: '45', valid_from: '2026-07-01' }]);
  });

  it('each project only their own event type, purely', () => {
    const events: DomainEvent[] = [
      envelope('RegionDefined', { regionId: 'EAST', name: 'East' }),
      envelope('KpiSettingChanged', { key: 'rework_window_days', value: '45', effectiveFrom: '2026-07-01' }),
    ];
    for (const event of events) {
      const producing = ORG_PROJECTIONS.filter((p) => p.project(event, context).length > 0);
      expect(producing).toHaveLength(1);
      expect(producing[0]!.project(event, context)).toEqual(producing[0]!.project(event, context));
    }
    expect(new Set(ORG_PROJECTIONS.map((p) => p.table)).size).toBe(ORG_PROJECTIONS.length);
  });
});

describe('targetPeriodRange', () => {
  it.each([
    ['year', '2026', '2026-01-01', '2026-12-31'],
    ['quarter', '2026-Q1', '2026-01-01', '2026-03-31'],
    ['quarter', '2026-Q4', '2026-10-01', '2026-12-31'],
    ['month', '2028-02', '2028-02-01', '2028-02-29'],
    ['month', '2026-02', '2026-02-01', '2026-02-28'],
  ] as const)('%s %s spans %s to %s', (kind, period, start, end) => {
    expect(targetPeriodRange(kind, period)).toEqual({ start, end });
  });
});
