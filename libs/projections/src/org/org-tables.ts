/** The ClickHouse tables of head-office data (libs/clickhouse/migrations/0002_org_dimensions.sql). */
export const ORG_TABLES = {
  branches: 'org_branches',
  branchClosures: 'org_branch_closures',
  regions: 'org_regions',
  branchRegionAssignments: 'org_branch_region_assignments',
  employeeAssignments: 'org_employee_assignments',
  targets: 'org_targets',
  exchangeRates: 'org_exchange_rates',
  holidayCalendars: 'org_holiday_calendars',
  kpiSettings: 'org_kpi_settings',
  periodCloses: 'org_period_closes',
  /** 0025_territories.sql: a market area's owning branch from a date on. */
  territoryAssignments: 'org_territory_assignments',
  /** 0026_model_brands.sql: head office's model catalogue, a model's brand from a date on. */
  modelBrands: 'org_model_brands',
} as const;

/** The documented views over them: validity ranges and the versions in force. */
export const ORG_VIEWS = {
  branch: 'dim_branch',
  region: 'dim_region',
  branchRegion: 'dim_branch_region',
  employee: 'dim_employee',
  target: 'dim_target',
  targetAsOf: 'dim_target_as_of',
  exchangeRate: 'dim_exchange_rate',
  holidayCalendar: 'dim_holiday_calendar',
  kpiSetting: 'dim_kpi_setting',
  periodClose: 'dim_period_close',
} as const;
