import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { Currency, Id, LocalDate, Month, Text } from '../schema';

const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Asia/Shanghai')
  .describe('IANA time zone');

/**
 * The envelope `branchId` of head-office events that concern no single branch (regions, group or
 * region targets, exchange rates, KPI settings). No branch can have this id: branch ids are
 * letters, digits, ".", "_" and "-".
 */
export const GROUP_WIDE_BRANCH_ID = '*';

/** The `grainId` of a group-level target and the `scopeId` of a group-wide calendar. */
export const GROUP_ID = 'group';

/** Departments of a branch. */
export const DEPARTMENTS = ['sales', 'service', 'parts', 'admin'] as const;
export type Department = (typeof DEPARTMENTS)[number];

/** What an employee does in their department. */
export const EMPLOYEE_ROLES = ['sales_consultant', 'service_advisor', 'technician', 'manager', 'other'] as const;
export type EmployeeRole = (typeof EMPLOYEE_ROLES)[number];

export const TARGET_PERIOD_KINDS = ['year', 'quarter', 'month'] as const;
export type TargetPeriodKind = (typeof TARGET_PERIOD_KINDS)[number];

/** The organisational level a target is set for. */
export const TARGET_GRAINS = ['group', 'region', 'branch', 'department', 'person'] as const;
export type TargetGrain = (typeof TARGET_GRAINS)[number];

/** quota = 任务, assigned by head office; stretch = 目标, the stretch goal. Both coexist for one cell. */
export const TARGET_KINDS = ['quota', 'stretch'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** Who a holiday calendar applies to. A branch's own calendar wins over its region's, which wins over the group's. */
export const CALENDAR_SCOPES = ['group', 'region', 'branch'] as const;
export type CalendarScope = (typeof CALENDAR_SCOPES)[number];

/** `2026`, `2026-Q1` or `2026-01`, per period kind. */
export const TARGET_PERIOD_PATTERNS: Readonly<Record<TargetPeriodKind, RegExp>> = {
  year: /^(20\d{2})$/,
  quarter: /^(20\d{2})-Q([1-4])$/,
  month: /^(20\d{2})-(0[1-9]|1[0-2])$/,
};

/** A KPI id such as `service_revenue` or `rework_rate`. */
export const KPI_ID_PATTERN = /^[a-z][a-z0-9_.]{0,63}$/;
/** A target value: a decimal string with up to six fraction digits (never a float). */
export const TARGET_VALUE_PATTERN = /^-?(0|[1-9]\d{0,17})(\.\d{1,6})?$/;
/** An exchange rate: a decimal string with up to eight fraction digits. */
export const EXCHANGE_RATE_PATTERN = /^(0|[1-9]\d{0,9})(\.\d{1,8})?$/;
/** A KPI setting key such as `rework_window_days`. */
export const KPI_SETTING_KEY_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

/** The department grain id: `<branchId>:<department>`, e.g. `SH-01:service`. */
export function departmentGrainId(branchId: string, department: Department): string {
  return `${branchId}:${department}`;
}

const KpiId = z.string().regex(KPI_ID_PATTERN).describe('KPI id, e.g. service_revenue (lower case, digits, "_" and ".")');
const TargetValue = z.string().regex(TARGET_VALUE_PATTERN).describe('decimal string, up to six fraction digits');
const Unit = z.string().min(1).max(32).describe('unit of the value, e.g. CNY, units, %, CNY/vehicle');
const Version = z.number().int().min(1);
const Rate = z
  .string()
  .regex(EXCHANGE_RATE_PATTERN)
  .refine((rate) => /[1-9]/.test(rate), 'must be more than zero')
  .describe('decimal string, up to eight fraction digits, > 0: units of the group currency per unit of fromCurrency');

/** A branch starts trading. Its currency, time zone and business-day cut-off govern every figure it books. */
export const BranchOpened = defineEvent({
  type: 'BranchOpened',
  schemaVersion: 1,
  context: 'org',
  description: 'Head office opened a branch with its brands, currency, time zone and business-day cut-off.',
  schema: z.strictObject({
    branchId: Id,
    name: Text,
    brands: z.array(Text).max(20),
    currency: Currency,
    timeZone: TimeZone,
    /** Minutes after local midnight at which the business day turns (a workshop open until 01:00 has 60). */
    cutoffMinutes: z.number().int().min(0).max(360),
    openedOn: LocalDate,
  }),
});
export type BranchOpenedV1 = z.infer<typeof BranchOpened.schema>;

export const BranchClosed = defineEvent({
  type: 'BranchClosed',
  schemaVersion: 1,
  context: 'org',
  description: 'Head office closed a branch; it accepts no more business events.',
  schema: z.strictObject({ branchId: Id, closedOn: LocalDate, reason: Text }),
});
export type BranchClosedV1 = z.infer<typeof BranchClosed.schema>;

export const RegionDefined = defineEvent({
  type: 'RegionDefined',
  schemaVersion: 1,
  context: 'org',
  description: 'Head office defined a region of the group (or renamed it: a later definition of the same id carries the new name). Envelope branchId is "*".',
  schema: z.strictObject({ regionId: Id, name: Text }),
});
export type RegionDefinedV1 = z.infer<typeof RegionDefined.schema>;

export const BranchRegionAssigned = defineEvent({
  type: 'BranchRegionAssigned',
  schemaVersion: 1,
  context: 'org',
  description:
    'A branch belongs to a region from a date on, until its next assignment. Figures are attributed to the region of the business date (as-of). ' +
    'A later assignment with the same effectiveFrom corrects the earlier one.',
  schema: z.strictObject({
    branchId: Id,
    regionId: Id,
    effectiveFrom: LocalDate.describe('first business date (YYYY-MM-DD) on which the branch belongs to the region'),
  }),
});
export type BranchRegionAssignedV1 = z.infer<typeof BranchRegionAssigned.schema>;

export const EmployeeAssigned = defineEvent({
  type: 'EmployeeAssigned',
  schemaVersion: 1,
  context: 'org',
  description:
    'An employee works in a branch, department and role from a date on, until their next assignment. Deals and repairs are attributed as of the event. ' +
    'A later assignment with the same effectiveFrom corrects the earlier one.',
  schema: z.strictObject({
    employeeId: Id,
    branchId: Id,
    department: z.enum(DEPARTMENTS),
    role: z.enum(EMPLOYEE_ROLES),
    effectiveFrom: LocalDate.describe('first business date of the assignment'),
  }),
});
export type EmployeeAssignedV1 = z.infer<typeof EmployeeAssigned.schema>;

/**
 * Head office's territory map: a customer market area belongs to a branch's territory from a date
 * on. A deal whose customer lives in the area (VehicleDelivered customerArea) is credited to the
 * owner on its business date, whichever branch closed it (docs/adr/0029-territory-credit.md).
 */
export const TerritoryAssigned = defineEvent({
  type: 'TerritoryAssigned',
  schemaVersion: 1,
  context: 'org',
  description:
    "A customer market area (a city or district code) belongs to a branch's territory from a date on, until its next assignment; branchId null = from that date no branch owns it. " +
    'A deal whose customer lives in the area is credited to the owner on the business date of the deal (as-of), whichever branch closed it; a deal in an area no branch owns stays with the selling branch. ' +
    'A later assignment with the same effectiveFrom corrects the earlier one. Envelope branchId: the owner, or "*" when none.',
  schema: z.strictObject({
    area: Id.describe('the market area code, as deliveries name it (customerArea)'),
    branchId: Id.nullable().describe('the branch owning the area from effectiveFrom on; null = no branch'),
    effectiveFrom: LocalDate.describe('first business date (YYYY-MM-DD) of the assignment'),
  }),
});
export type TerritoryAssignedV1 = z.infer<typeof TerritoryAssigned.schema>;

/**
 * The brand value of a fact whose model has no brand in head office's model catalogue on its
 * business date (never assigned, assigned later, or withdrawn): the brand breakdown shows these facts
 * under this value instead of dropping them, so its values add up to the whole. No brand may be
 * called so (ModelBrandAssigned refuses it).
 */
export const UNASSIGNED_BRAND = 'unassigned';

/**
 * Head office's model catalogue: a vehicle model (as orders, deliveries, test drives and leads name
 * it) belongs to a brand from a date on. The brand dimension reads the brand in force on each fact's
 * business date (docs/adr/0030-brand-dimension.md).
 */
export const ModelBrandAssigned = defineEvent({
  type: 'ModelBrandAssigned',
  schemaVersion: 1,
  context: 'org',
  description:
    'A vehicle model (the name orders, deliveries, test drives and leads give it) belongs to a brand from a date on, until its next assignment; brand null = from that date the model has no brand (its facts show as "unassigned"). ' +
    'The brand breakdown of a KPI reads the brand in force on the business date of each fact (as-of); a later assignment with the same effectiveFrom corrects the earlier one and restates the facts of its dates. Envelope branchId: "*".',
  schema: z.strictObject({
    model: Text.describe('the model name, exactly as the sales events name it'),
    brand: Text.max(100)
      .refine((brand) => brand.trim() !== '' && brand.toLowerCase() !== UNASSIGNED_BRAND, `must name a brand (not blank, not "${UNASSIGNED_BRAND}")`)
      .nullable()
      .describe('the brand the model belongs to from effectiveFrom on (as the branches name their brands); null = no brand'),
    effectiveFrom: LocalDate.describe('first business date (YYYY-MM-DD) of the assignment'),
  }),
});
export type ModelBrandAssignedV1 = z.infer<typeof ModelBrandAssigned.schema>;

/** The target cell: one stream per cell, every version kept. */
const targetCellShape = {
  kpi: KpiId,
  periodKind: z.enum(TARGET_PERIOD_KINDS),
  period: z.string().min(4).max(7).describe('2026 (year), 2026-Q1 (quarter) or 2026-01 (month), per periodKind'),
  grain: z.enum(TARGET_GRAINS),
  grainId: Id.describe('"group" for the group; a region id, a branch id, <branchId>:<department> (e.g. SH-01:service) or an employee id'),
  model: Text.nullable().describe('vehicle model or product line the target is limited to; null = all'),
  segment: Id.nullable().describe('customer or job segment the target is limited to (e.g. taxi, insurance); null = all'),
  kind: z.enum(TARGET_KINDS).describe('quota (任务, assigned by head office) or stretch (目标)'),
};

interface CellLike {
  readonly periodKind: TargetPeriodKind;
  readonly period: string;
  readonly grain: TargetGrain;
  readonly grainId: string;
}

const cellRules = <T extends CellLike>(schema: z.ZodType<T>) =>
  schema
    .refine((c) => TARGET_PERIOD_PATTERNS[c.periodKind].test(c.period), {
      message: 'must match the period kind: 2026, 2026-Q1 or 2026-01',
      path: ['period'],
    })
    .refine((c) => (c.grain === 'group') === (c.grainId === GROUP_ID), {
      message: `must be "${GROUP_ID}" exactly when the grain is group`,
      path: ['grainId'],
    })
    .refine((c) => c.grain !== 'department' || /^[A-Za-z0-9._-]{1,52}:(sales|service|parts|admin)$/.test(c.grainId), {
      message: 'a department is <branchId>:<department>, e.g. SH-01:service',
      path: ['grainId'],
    });

export const TargetSet = defineEvent({
  type: 'TargetSet',
  schemaVersion: 1,
  context: 'org',
  description:
    'Head office set the first version of a target cell (KPI × period × grain × model × segment × kind). ' +
    'Targets are never derived from one another. Envelope branchId: the branch of a branch or department target, else "*".',
  schema: cellRules(
    z.strictObject({
      ...targetCellShape,
      value: TargetValue,
      unit: Unit,
      version: z.literal(1).describe('always 1: the first version of the cell'),
    }),
  ),
});
export type TargetSetV1 = z.infer<typeof TargetSet.schema>;

export const TargetRevised = defineEvent({
  type: 'TargetRevised',
  schemaVersion: 1,
  context: 'org',
  description: 'Head office revised a target cell: a new version supersedes the previous one, which is kept. Reports use the version in force and say which.',
  schema: cellRules(
    z.strictObject({
      ...targetCellShape,
      value: TargetValue,
      unit: Unit,
      version: Version.min(2).describe('the new version: supersedesVersion + 1'),
      supersedesVersion: Version.describe('the version this one replaces'),
      reason: Text.nullable(),
    }),
  ).refine((p) => p.version === p.supersedesVersion + 1, { message: 'must be supersedesVersion + 1', path: ['version'] }),
});
export type TargetRevisedV1 = z.infer<typeof TargetRevised.schema>;

export const ExchangeRateSet = defineEvent({
  type: 'ExchangeRateSet',
  schemaVersion: 1,
  context: 'org',
  description:
    "Head office set the month's rate from a branch currency to the group currency. Consolidated money of a business date converts at the rate of its month; " +
    'a later version of the same month and pair revises the rate. Envelope branchId is "*".',
  schema: z
    .strictObject({
      month: Month,
      fromCurrency: Currency,
      toCurrency: Currency.describe('the group currency'),
      rate: Rate,
      version: Version.describe('1 for the first rate of the month and pair, then +1 per revision'),
    })
    .refine((p) => p.fromCurrency !== p.toCurrency, { message: 'must differ from fromCurrency', path: ['toCurrency'] }),
});
export type ExchangeRateSetV1 = z.infer<typeof ExchangeRateSet.schema>;

const sortedUnique = (dates: readonly string[]) => dates.every((d, i) => i === 0 || (dates[i - 1] ?? '') < d);

export const HolidayCalendarSet = defineEvent({
  type: 'HolidayCalendarSet',
  schemaVersion: 1,
  context: 'org',
  description:
    "Head office set a year's holidays and extra working days (调休, e.g. a working Saturday) for the group, a region or a branch; " +
    "the new version replaces the previous one as a whole. A branch's calendar wins over its region's, which wins over the group's; " +
    'Saturdays and Sundays are days off unless listed as extra working days. Envelope branchId: the branch for a branch calendar, else "*".',
  schema: z
    .strictObject({
      scope: z.enum(CALENDAR_SCOPES),
      scopeId: Id.describe('"group", a region id or a branch id, per scope'),
      year: z.number().int().min(2000).max(2100),
      holidays: z.array(LocalDate).max(366).describe('days off, ascending, without repeats'),
      extraWorkingDays: z.array(LocalDate).max(366).describe('weekend days that are working days, ascending, without repeats'),
      version: Version.describe('1 for the first calendar of the scope and year, then +1 per replacement'),
    })
    .refine((p) => (p.scope === 'group') === (p.scopeId === GROUP_ID), { message: `must be "${GROUP_ID}" exactly for the group scope`, path: ['scopeId'] })
    .refine((p) => [...p.holidays, ...p.extraWorkingDays].every((d) => d.startsWith(`${p.year}-`)), {
      message: 'every date must be in the year',
      path: ['holidays'],
    })
    .refine((p) => sortedUnique(p.holidays) && sortedUnique(p.extraWorkingDays), { message: 'dates must be ascending without repeats', path: ['holidays'] })
    .refine((p) => !p.holidays.some((d) => p.extraWorkingDays.includes(d)), {
      message: 'a day cannot be both a holiday and a working day',
      path: ['extraWorkingDays'],
    }),
});
export type HolidayCalendarSetV1 = z.infer<typeof HolidayCalendarSet.schema>;

export const KpiSettingChanged = defineEvent({
  type: 'KpiSettingChanged',
  schemaVersion: 1,
  context: 'org',
  description:
    'Head office changed a rule every KPI is computed under (e.g. rework_window_days) from a business date on. ' +
    'A later change with the same key and effectiveFrom corrects the earlier one. Envelope branchId is "*".',
  schema: z.strictObject({
    key: z.string().regex(KPI_SETTING_KEY_PATTERN).describe('setting key, e.g. rework_window_days'),
    value: z.string().min(1).max(100).describe('the value as text, checked against the key (e.g. an integer of days)'),
    effectiveFrom: LocalDate.describe('first business date the value applies to'),
  }),
});
export type KpiSettingChangedV1 = z.infer<typeof KpiSettingChanged.schema>;

/** A month of business dates, `YYYY-MM`. */
export const PERIOD_MONTH_PATTERN = /^(20\d{2})-(0[1-9]|1[0-2])$/;

export const PeriodClosed = defineEvent({
  type: 'PeriodClosed',
  schemaVersion: 1,
  context: 'org',
  description:
    'Head office closed a month for reporting: its "as closed" figures are those of the events recorded before this one ' +
    '(store global position below this event\'s); events recorded later restate it beside them. Envelope branchId is "*".',
  schema: z.strictObject({
    period: z.string().regex(PERIOD_MONTH_PATTERN).describe('the month closed, YYYY-MM (business dates in each branch calendar)'),
    reason: Text.nullable().describe('e.g. "year-end close 2026, bonuses"'),
  }),
});
export type PeriodClosedV1 = z.infer<typeof PeriodClosed.schema>;

/** The most own models one market segment of an import may list. */
export const MARKET_SEGMENT_MAX_MODELS = 100;
/** The most registrations one market cell may hold. */
export const MAX_MARKET_REGISTRATIONS = 10_000_000;

const sortedUniqueText = (values: readonly string[]) => values.every((v, i) => i === 0 || (values[i - 1] ?? '') < v);

export const MarketRegistrationsImported = defineEvent({
  type: 'MarketRegistrationsImported',
  schemaVersion: 1,
  context: 'org',
  description:
    "Head office imported the market's new-vehicle registrations of one cell: a branch's market area (its territory), a market segment and a month, " +
    'as bought from the registration or insurance statistics (never estimated). `models` are the own models that belong to the segment in this cell: ' +
    "the branch's new-vehicle deliveries of those models in the month, net of returns, are its own registrations of the cell (market share, docs/adr/0026-market-share.md). " +
    'A later version of the same cell revises the figure (an explicit revision). Envelope branchId: the area (a branch id).',
  schema: z
    .strictObject({
      area: Id.describe('the branch whose market area (territory) the figure is for'),
      segment: Id.describe("head office's market segment, e.g. suv_b or sedan_a"),
      month: Month,
      registrations: z.number().int().min(0).max(MAX_MARKET_REGISTRATIONS).describe('new-vehicle registrations of the whole market in the cell'),
      models: z
        .array(Text)
        .min(1)
        .max(MARKET_SEGMENT_MAX_MODELS)
        .describe('the own models (as deliveries name them) that belong to the segment, ascending without repeats'),
      version: Version.describe('1 for the first figure of the cell, then +1 per revision'),
    })
    .refine((p) => sortedUniqueText(p.models), { message: 'models must be ascending without repeats', path: ['models'] }),
});
export type MarketRegistrationsImportedV1 = z.infer<typeof MarketRegistrationsImported.schema>;

/** The current version of every org event. */
export const ORG_EVENTS = [
  BranchOpened,
  BranchClosed,
  RegionDefined,
  BranchRegionAssigned,
  EmployeeAssigned,
  TargetSet,
  TargetRevised,
  ExchangeRateSet,
  HolidayCalendarSet,
  KpiSettingChanged,
  PeriodClosed,
  MarketRegistrationsImported,
  TerritoryAssigned,
  ModelBrandAssigned,
] as const;
