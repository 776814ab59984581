import { isLocalDate } from '@app/contracts';
import { BUCKETS, DIMENSION_IDS, DimensionId, LOCALES } from '@app/kpi';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min, registerDecorator, ValidationOptions } from 'class-validator';
import { MinPositionParam } from '../as-of/min-position.decorator';
import { ReaderTimeZoneParam, TableFormatParam } from '../export/table-export.interceptor';
import type { TableFormat } from '../export/table-export';

/** Org ids in the API: letters, digits and `_ . : -`, at most 64 (no quotes, spaces or SQL metacharacters). */
export const ORG_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
/**
 * A month of the years 2000 to 2099: every month a report reads, compares with (a year before, for
 * YoY) or runs to stays inside the range of ClickHouse's Date (1970 to 2149); 9999-12 was a 500.
 */
export const MONTH = /^(20\d{2})-(0[1-9]|1[0-2])$/;
const MONTH_OR_DATE = /^(20\d{2})-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/;

/** A month `YYYY-MM` or a date `YYYY-MM-DD` of the years 2000 to 2099 that exists on the calendar (2026-02-30 does not). */
export function IsReportMonthOrDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isReportMonthOrDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be a month (2026-01) or a date (2026-01-15) of the years 2000 to 2099`, ...options },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && MONTH_OR_DATE.test(value) && (value.length === 7 || isLocalDate(value)),
      },
    });
}
export const LEVELS = ['group', 'region', 'branch'] as const;
export const CURRENCIES = ['group', 'branch'] as const;
export const VIEWS = ['as-closed', 'restated'] as const;

export class LocaleQuery {
  @ApiPropertyOptional({ enum: LOCALES, default: 'en' })
  @IsOptional()
  @IsIn(LOCALES, { message: `locale must be one of ${LOCALES.join(', ')}` })
  locale?: (typeof LOCALES)[number];
}

/** A report's query: the locale and read-your-writes' minPosition (docs/adr/0018-as-of-marks.md). */
export class ReportQuery extends LocaleQuery {
  @MinPositionParam()
  minPosition?: string;
}

/** An optional enum query parameter: documented, and a 400 naming the values otherwise. */
function OptionalEnum(values: readonly string[], name: string, options: ApiPropertyOptions = {}): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ enum: values, ...options }),
    IsOptional(),
    IsIn(values, { message: `${name} must be one of ${values.join(', ')}` }),
  );
}

/** An optional org id query parameter (region, branch). */
function OptionalOrgId(name: string, options: ApiPropertyOptions = {}): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional(options),
    IsOptional(),
    Matches(ORG_ID, { message: `${name} must be an id of letters, digits, _ . : - (at most 64)` }),
  );
}

/** An optional whole number in a range (paging). */
function OptionalInt(name: string, min: number, max: number, byDefault: number): PropertyDecorator {
  const message = `${name} must be a whole number from ${min} to ${max}`;
  return applyDecorators(
    ApiPropertyOptional({ default: byDefault, minimum: min, maximum: max }),
    IsOptional(),
    Type(() => Number),
    IsInt({ message }),
    Min(min, { message }),
    Max(max, { message }),
  );
}

/** The grains of a series: the engine's buckets, or `range`: one figure for the whole range from..to. */
export const GRAINS = [...BUCKETS, 'range'] as const;
export type Grain = (typeof GRAINS)[number];
export const GrainParam = (): PropertyDecorator =>
  OptionalEnum(GRAINS, 'grain', {
    default: 'month',
    description:
      "range: one figure for the whole range from..to (a custom range; year to date from January): Σ numerator ÷ Σ denominator of its months, money converted at each month's rate, a distinct count over the range itself",
  });
export const LevelParam = (name: string): PropertyDecorator => OptionalEnum(LEVELS, name, { default: 'branch' });
export const RegionIdParam = (description: string): PropertyDecorator => OptionalOrgId('regionId', { example: 'EAST', description });
export const BranchIdParam = (): PropertyDecorator => OptionalOrgId('branchId', { example: 'SH-01' });
export const CurrencyParam = (): PropertyDecorator =>
  OptionalEnum(CURRENCIES, 'currency', { default: 'group', description: "group: consolidated at each month's rate; branch: each branch's own currency" });
export const ViewParam = (): PropertyDecorator =>
  OptionalEnum(VIEWS, 'view', { default: 'restated', description: 'as-closed: closed months as frozen at their close' });
const ByParam = (description: string): PropertyDecorator => OptionalEnum(DIMENSION_IDS, 'by', { description });

export class KpiSeriesQuery extends ReportQuery {
  @ApiPropertyOptional({ example: '2025-01', description: 'First month (YYYY-MM) or day (YYYY-MM-DD), inclusive; default 11 months before `to`' })
  @IsOptional()
  @IsReportMonthOrDate()
  from?: string;

  @ApiPropertyOptional({ example: '2025-12', description: 'Last month or day, inclusive; default the current month' })
  @IsOptional()
  @IsReportMonthOrDate()
  to?: string;

  @GrainParam() grain?: Grain;
  @LevelParam('groupBy') groupBy?: (typeof LEVELS)[number];
  @RegionIdParam('Only figures of branches while they belonged to this region') regionId?: string;
  @BranchIdParam() branchId?: string;
  @CurrencyParam() currency?: (typeof CURRENCIES)[number];
  @ViewParam() view?: (typeof VIEWS)[number];
  @ByParam('Break the KPI down by this dimension: one point per value (GET /api/v1/kpis lists the dimensions of each KPI)') by?: DimensionId;
  @TableFormatParam() format?: TableFormat;
  @ReaderTimeZoneParam() tz?: string;
}

/**
 * A dimension filter's values: comma-separated, each 1 to 100 characters without commas or control
 * characters (model names have spaces and dots), at most 50.
 */
// eslint-disable-next-line no-control-regex -- control characters are what the pattern refuses
export const DIMENSION_VALUES = /^[^,\u0000-\u001f\u007f]{1,100}(,[^,\u0000-\u001f\u007f]{1,100}){0,49}$/;

/** The figure whose facts to list: the point of a KPI series with the same parameters. */
export class KpiLineageQuery extends ReportQuery {
  @GrainParam() grain?: Grain;
  @LevelParam('groupBy') groupBy?: (typeof LEVELS)[number];

  @ApiProperty({ example: 'SH-01', description: "The point's unitId: a branch id, a region id ('' = branches without a region), or group" })
  @Matches(/^([A-Za-z0-9][A-Za-z0-9_.:-]{0,63})?$/, { message: "unitId must be an id of letters, digits, _ . : - (at most 64), group, or '' for no region" })
  unitId!: string;

  @ApiProperty({ example: '2026-03-01', description: "The point's periodStart (any date of the period is taken as its period)" })
  @IsReportMonthOrDate()
  periodStart!: string;

  @ApiPropertyOptional({ example: '2026-05-31', description: "grain=range (required): the point's periodEnd, the range's last month or day" })
  @IsOptional()
  @IsReportMonthOrDate()
  periodEnd?: string;

  @ByParam('The breakdown the point belongs to') by?: DimensionId;

  @ApiPropertyOptional({ example: 'insurance', description: "With by: the point's dimensionValue ('' or absent = facts without one)" })
  @IsOptional()
  // eslint-disable-next-line no-control-regex -- control characters are what the pattern refuses
  @Matches(/^[^,\u0000-\u001f\u007f]{0,100}$/, { message: 'dimensionValue must be at most 100 characters without commas or control characters' })
  dimensionValue?: string;

  @CurrencyParam() currency?: (typeof CURRENCIES)[number];

  @ApiPropertyOptional({ example: 'EUR', description: "In branch currency above branch level: the point's currency" })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'pointCurrency must be an ISO currency code such as EUR' })
  pointCurrency?: string;

  @ViewParam() view?: (typeof VIEWS)[number];
  @OptionalInt('page', 1, 100_000, 1) page?: number;
  @OptionalInt('pageSize', 1, 500, 100) pageSize?: number;
  /** csv and xlsx list every fact (all pages; page and pageSize are ignored), up to EXPORT_MAX_FACTS. */
  @TableFormatParam() format?: TableFormat;
  @ReaderTimeZoneParam() tz?: string;
}

// Every dimension is also a filter of a series and a lineage: `?model=Passat,Lavida&lead_source=referral`.
for (const target of [KpiSeriesQuery.prototype, KpiLineageQuery.prototype]) {
  for (const id of DIMENSION_IDS) {
    ApiPropertyOptional({ type: String, description: `Only facts whose ${id} is one of these values (comma-separated)` })(target, id);
    IsOptional()(target, id);
    Matches(DIMENSION_VALUES, { message: `${id} must be comma-separated values of 1 to 100 characters (no control characters), at most 50` })(target, id);
  }
}

/** The dimension filters of a request. */
export function dimensionFilters(query: KpiSeriesQuery | KpiLineageQuery): Partial<Record<DimensionId, string[]>> {
  const values = query as unknown as Partial<Record<DimensionId, string>>;
  return Object.fromEntries(DIMENSION_IDS.filter((id) => values[id] !== undefined).map((id) => [id, [...new Set(values[id]!.split(','))]]));
}

export class ScorecardQuery extends ReportQuery {
  @ApiPropertyOptional({ example: '2026-01', description: 'The month, YYYY-MM; default the previous month' })
  @IsOptional()
  @Matches(MONTH, { message: 'period must be a month such as 2026-01, of the years 2000 to 2099' })
  period?: string;

  @LevelParam('level') level?: (typeof LEVELS)[number];
  @RegionIdParam('Only the branches of this region (level branch)') regionId?: string;
  @CurrencyParam() currency?: (typeof CURRENCIES)[number];
  @TableFormatParam() format?: TableFormat;
  @ReaderTimeZoneParam() tz?: string;
}
