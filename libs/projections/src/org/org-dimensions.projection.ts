import { DomainEvent } from '@app/contracts';
import { Projection } from '../projection';
import { clickHouseInstant } from '../vehicle-sales.projection';
import { marketRegistrationsProjection } from './market-registrations.projection';
import { ORG_TABLES } from './org-tables';
import { targetPeriodRange } from './target-period';

/**
 * Head-office events → rows of the org_* tables, one row per event. Every table is a
 * ReplacingMergeTree keyed by what the event describes, versioned by the global position: a
 * redelivery lands on the same row, a correction replaces it.
 */

export interface OrgBranchRow {
  readonly branch_id: string;
  readonly name: string;
  readonly brands: readonly string[];
  readonly currency: string;
  readonly time_zone: string;
  readonly cutoff_minutes: number;
  readonly opened_on: string;
  readonly event_id: string;
  readonly global_position: string;
}

export interface OrgBranchClosureRow {
  readonly branch_id: string;
  readonly closed_on: string;
  readonly reason: string;
  readonly event_id: string;
  readonly global_position: string;
}

export interface OrgRegionRow {
  readonly region_id: string;
  readonly name: string;
  readonly defined_at: string;
  readonly event_id: string;
  readonly global_position: string;
}

export interface OrgBranchRegionAssignmentRow {
  readonly branch_id: string;
  readonly region_id: string;
  readonly valid_from: string;
  readonly assigned_at: string;
  readonly event_id: string;
  readonly global_position: string;
}

/** A market area's owner from a date on ('' = no branch; libs/clickhouse/migrations/0025_territories.sql). */
export interface OrgTerritoryAssignmentRow {
  readonly area: string;
  readonly branch_id: string;
  readonly valid_from: string;
  readonly assigned_at: string;
  readonly event_id: string;
  readonly global_position: string;
}

/** A vehicle model's brand from a date on ('' = no brand; libs/clickhouse/migrations/0026_model_brands.sql). */
export interface OrgModelBrandRow {
  readonly model: string;
  readonly brand: string;
  readonly valid_from: string;
  readonly assigned_at: string;
  readonly event_id: string;
  readonly global_position: string;
}

export interface OrgEmployeeAssignmentRow {
  readonly employee_id: string;
  readonly branch_id: string;
  readonly department: string;
  readonly role: string;
  readonly valid_from: string;
  readonly assigned_at: string;
  readonly event_id: string;
  readonly global_position: string;
}

export interface OrgTargetRow {
  readonly kpi: string;
  readonly period_kind: string;
  readonly period: string;
  readonly period_start: string;
  readonly period_end: string;
  readonly grain: string;
  readonly grain_id: string;
  /** '' = all models. */
  readonly model: string;
  /** '' = all segments. */
  readonly segment: string;
  readonly kind: string;
  readonly version: number;
  readonly supersedes_version: number | null;
  readonly value: string;
  readonly unit: string;
  readonly reason: string;
  readonly decided_at: string;
  readonly event_type: string;
  readonly event_id: string;
  readonly global_position: string;
}

export interface OrgExchangeRateRow {
  /** First day of the month. */
  readonly month: string;
  readonly from_currency: string;
  readonly to_currency: string;
  readonly rate: string;
  readonly version: number;
  readonly decided_at: string;
  readonly event_id: string;
  readonly global_position: string;
}

export interface OrgHolidayCalendarRow {
  readonly scope: string;
  readonly scope_id: string;
  readonly year: number;
  readonly version: number;
  readonly holidays: readonly string[];
  readonly extra_working_days: readonly string[];
  readonly decided_at: string;
  readonly event_id: string;
  readonly global_position: string;
}

export interface OrgKpiSettingRow {
  readonly key: string;
  readonly value: string;
  readonly valid_from: string;
  readonly decided_at: string;
  readonly event_id: string;
  readonly global_position: string;
}

export interface OrgPeriodCloseRow {
  readonly month: string;
  readonly period: string;
  readonly closed_at: string;
  readonly closed_position: string;
  readonly reason: string;
  readonly event_id: string;
  readonly global_position: string;
}

const source = (event: DomainEvent) => ({ event_id: event.eventId, global_position: event.globalPosition });

export const orgBranchesProjection: Projection<OrgBranchRow> = {
  table: ORG_TABLES.branches,
  project(event) {
    if (event.type !== 'BranchOpened') return [];
    const p = event.payload;
    return [
      {
        branch_id: p.branchId,
        name: p.name,
        brands: p.brands,
        currency: p.currency,
        time_zone: p.timeZone,
        cutoff_minutes: p.cutoffMinutes,
        opened_on: p.openedOn,
        ...source(event),
      },
    ];
  },
};

export const orgBranchClosuresProjection: Projection<OrgBranchClosureRow> = {
  table: ORG_TABLES.branchClosures,
  project(event) {
    if (event.type !== 'BranchClosed') return [];
    return [{ branch_id: event.payload.branchId, closed_on: event.payload.closedOn, reason: event.payload.reason, ...source(event) }];
  },
};

export const orgRegionsProjection: Projection<OrgRegionRow> = {
  table: ORG_TABLES.regions,
  project(event) {
    if (event.type !== 'RegionDefined') return [];
    return [{ region_id: event.payload.regionId, name: event.payload.name, defined_at: clickHouseInstant(event.occurredAt), ...source(event) }];
  },
};

export const orgBranchRegionAssignmentsProjection: Projection<OrgBranchRegionAssignmentRow> = {
  table: ORG_TABLES.branchRegionAssignments,
  project(event) {
    if (event.type !== 'BranchRegionAssigned') return [];
    const p = event.payload;
    return [{ branch_id: p.branchId, region_id: p.regionId, valid_from: p.effectiveFrom, assigned_at: clickHouseInstant(event.occurredAt), ...source(event) }];
  },
};

export const orgTerritoryAssignmentsProjection: Projection<OrgTerritoryAssignmentRow> = {
  table: ORG_TABLES.territoryAssignments,
  project(event) {
    if (event.type !== 'TerritoryAssigned') return [];
    const p = event.payload;
    return [{ area: p.area, branch_id: p.branchId ?? '', valid_from: p.effectiveFrom, assigned_at: clickHouseInstant(event.occurredAt), ...source(event) }];
  },
};

export const orgModelBrandsProjection: Projection<OrgModelBrandRow> = {
  table: ORG_TABLES.modelBrands,
  project(event) {
    if (event.type !== 'ModelBrandAssigned') return [];
    const p = event.payload;
    return [{ model: p.model, brand: p.brand ?? '', valid_from: p.effectiveFrom, assigned_at: clickHouseInstant(event.occurredAt), ...source(event) }];
  },
};

export const orgEmployeeAssignmentsProjection: Projection<OrgEmployeeAssignmentRow> = {
  table: ORG_TABLES.employeeAssignments,
  project(event) {
    if (event.type !== 'EmployeeAssigned') return [];
    const p = event.payload;
    return [
      {
        employee_id: p.employeeId,
        branch_id: p.branchId,
        department: p.department,
        role: p.role,
        valid_from: p.effectiveFrom,
        assigned_at: clickHouseInstant(event.occurredAt),
        ...source(event),
      },
    ];
  },
};

export const orgTargetsProjection: Projection<OrgTargetRow> = {
  table: ORG_TABLES.targets,
  project(event) {
    switch (event.type) {
      case 'TargetSet':
      case 'TargetRevised': {
        const p = event.payload;
        const { start, end } = targetPeriodRange(p.periodKind, p.period);
        const revision = event.type === 'TargetRevised' ? event.payload : null;
        return [
          {
            kpi: p.kpi,
            period_kind: p.periodKind,
            period: p.period,
            period_start: start,
            period_end: end,
            grain: p.grain,
            grain_id: p.grainId,
            model: p.model ?? '',
            segment: p.segment ?? '',
            kind: p.kind,
            version: p.version,
            supersedes_version: revision?.supersedesVersion ?? null,
            value: p.value,
            unit: p.unit,
            reason: revision?.reason ?? '',
            decided_at: clickHouseInstant(event.occurredAt),
            event_type: event.type,
            ...source(event),
          },
        ];
      }
      default:
        return [];
    }
  },
};

export const orgExchangeRatesProjection: Projection<OrgExchangeRateRow> = {
  table: ORG_TABLES.exchangeRates,
  project(event) {
    if (event.type !== 'ExchangeRateSet') return [];
    const p = event.payload;
    return [
      {
        month: `${p.month}-01`,
        from_currency: p.fromCurrency,
        to_currency: p.toCurrency,
        rate: p.rate,
        version: p.version,
        decided_at: clickHouseInstant(event.occurredAt),
        ...source(event),
      },
    ];
  },
};

export const orgHolidayCalendarsProjection: Projection<OrgHolidayCalendarRow> = {
  table: ORG_TABLES.holidayCalendars,
  project(event) {
    if (event.type !== 'HolidayCalendarSet') return [];
    const p = event.payload;
    return [
      {
        scope: p.scope,
        scope_id: p.scopeId,
        year: p.year,
        version: p.version,
        holidays: p.holidays,
        extra_working_days: p.extraWorkingDays,
        decided_at: clickHouseInstant(event.occurredAt),
        ...source(event),
      },
    ];
  },
};

export const orgKpiSettingsProjection: Projection<OrgKpiSettingRow> = {
  table: ORG_TABLES.kpiSettings,
  project(event) {
    if (event.type !== 'KpiSettingChanged') return [];
    const p = event.payload;
    return [{ key: p.key, value: p.value, valid_from: p.effectiveFrom, decided_at: clickHouseInstant(event.occurredAt), ...source(event) }];
  },
};

export const orgPeriodClosesProjection: Projection<OrgPeriodCloseRow> = {
  table: ORG_TABLES.periodCloses,
  project(event) {
    if (event.type !== 'PeriodClosed') return [];
    const p = event.payload;
    return [
      {
        month: `${p.period}-01`,
        period: p.period,
        closed_at: clickHouseInstant(event.recordedAt),
        closed_position: event.globalPosition,
        reason: p.reason ?? '',
        ...source(event),
      },
    ];
  },
};

/** Every org projection, for ALL_PROJECTIONS. */
export const ORG_PROJECTIONS: readonly Projection[] = [
  orgBranchesProjection,
  orgBranchClosuresProjection,
  orgRegionsProjection,
  orgBranchRegionAssignmentsProjection,
  orgEmployeeAssignmentsProjection,
  orgTargetsProjection,
  orgExchangeRatesProjection,
  orgHolidayCalendarsProjection,
  orgKpiSettingsProjection,
  orgPeriodClosesProjection,
  marketRegistrationsProjection,
  orgTerritoryAssignmentsProjection,
  orgModelBrandsProjection,
];
