import { isLocalDate } from '@app/contracts';
import { BUCKETS, DIMENSION_IDS, DimensionId, LOCALES } from '@app/kpi';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min, registerDecorator, ValidationOptions } from 'class-validator';
import { MinPositionParam } from '../as-of/min-position.decorator';

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

export class KpiSeriesQuery extends ReportQuery {
  @ApiPropertyOptional({ example: '2025-01', description: 'First month (YYYY-MM) or day (YYYY-MM-DD), inclusive; default 11 months before `to`' })
  @IsOptional()
  @IsReportMonthOrDate()
  from?: string;

  @ApiPropertyOptional({ example: '2025-12', description: 'Last month or day, inclusive; default the current month' })
  @IsOptional()
  @IsReportMonthOrDate()
  to?: string;

  @ApiPropertyOptional({ enum: BUCKETS, default: 'month' })
  @IsOptional()
  @IsIn(BUCKETS, { message: `grain must be one of ${BUCKETS.join(', ')}` })
  grain?: (typeof BUCKETS)[number];

  @ApiPropertyOptional({ enum: LEVELS, default: 'branch' })
  @IsOptional()
  @IsIn(LEVELS, { message: `groupBy must be one of ${LEVELS.join(', ')}` })
  groupBy?: (typeof LEVELS)[number];

  @ApiPropertyOptional({ example: 'EAST', description: 'Only figures of branches while they belonged to this region' })
  @IsOptional()
  @Matches(ORG_ID, { message: 'regionId must be an id of letters, digits, _ . : - (at most 64)' })
  regionId?: string;

  @ApiPropertyOptional({ example: 'SH-01' })
  @IsOptional()
  @Matches(ORG_ID, { message: 'branchId must be an id of letters, digits, _ . : - (at most 64)' })
  branchId?: string;

  @ApiPropertyOptional({ enum: CURRENCIES, default: 'group', description: 'group: consolidated at each month\'s rate; branch: each branch\'s own currency' })
  @IsOptional()
  @IsIn(CURRENCIES, { message: `currency must be one of ${CURRENCIES.join(', ')}` })
  currency?: (typeof CURRENCIES)[number];

  @ApiPropertyOptional({ enum: VIEWS, default: 'restated', description: 'as-closed: closed months as frozen at their close' })
  @IsOptional()
  @IsIn(VIEWS, { message: `view must be one of ${VIEWS.join(', ')}` })
  view?: (typeof VIEWS)[number];

  @ApiPropertyOptional({ enum: DIMENSION_IDS, description: 'Break the KPI down by this dimension: one point per value (GET /api/v1/kpis lists the dimensions of each KPI)' })
  @IsOptional()
  @IsIn(DIMENSION_IDS, { message: `by must be one of ${DIMENSION_IDS.join(', ')}` })
  by?: DimensionId;
}

/**
 * A dimension filter's values: comma-separated, each 1 to 100 characters without commas or control
 * characters (model names have spaces and dots), at most 50.
 */
// eslint-disable-next-line no-control-regex -- control characters are what the pattern refuses
export const DIMENSION_VALUES = /^[^,\u0000-\u001f\u007f]{1,100}(,[^,\u0000-\u001f\u007f]{1,100}){0,49}$/;

// Every dimension is also a filter: `?model=Passat,Lavida&lead_source=referral`.
for (const id of DIMENSION_IDS) {
  ApiPropertyOptional({ type: String, description: `Only facts whose ${id} is one of these values (comma-separated)` })(KpiSeriesQuery.prototype, id);
  IsOptional()(KpiSeriesQuery.prototype, id);
  Matches(DIMENSION_VALUES, { message: `${id} must be comma-separated values of 1 to 100 characters (no control characters), at most 50` })(KpiSeriesQuery.prototype, id);
}

/** The figure whose facts to list: the point of a KPI series with the same parameters. */
export class KpiLineageQuery extends ReportQuery {
  @ApiPropertyOptional({ enum: BUCKETS, default: 'month' })
  @IsOptional()
  @IsIn(BUCKETS, { message: `grain must be one of ${BUCKETS.join(', ')}` })
  grain?: (typeof BUCKETS)[number];

  @ApiPropertyOptional({ enum: LEVELS, default: 'branch' })
  @IsOptional()
  @IsIn(LEVELS, { message: `groupBy must be one of ${LEVELS.join(', ')}` })
  groupBy?: (typeof LEVELS)[number];

  @ApiProperty({ example: 'SH-01', description: "The point's unitId: a branch id, a region id, or group" })
  @Matches(ORG_ID, { message: 'unitId must be an id of letters, digits, _ . : - (at most 64), or group' })
  unitId!: string;

  @ApiProperty({ example: '2026-03-01', description: "The point's periodStart (any date of the period is taken as its period)" })
  @IsReportMonthOrDate()
  periodStart!: string;

  @ApiPropertyOptional({ enum: DIMENSION_IDS, description: 'The breakdown the point belongs to' })
  @IsOptional()
  @IsIn(DIMENSION_IDS, { message: `by must be one of ${DIMENSION_IDS.join(', ')}` })
  by?: DimensionId;

  @ApiPropertyOptional({ example: 'insurance', description: "With by: the point's dimensionValue ('' or absent = facts without one)" })
  @IsOptional()
  @Matches(/^[^,\u0000-\u001f\u007f]{0,100}$/, { message: 'dimensionValue must be at most 100 characters without commas or control characters' }) // eslint-disable-line no-control-regex
  dimensionValue?: string;

  @ApiPropertyOptional({ enum: CURRENCIES, default: 'group' })
  @IsOptional()
  @IsIn(CURRENCIES, { message: `currency must be one of ${CURRENCIES.join(', ')}` })
  currency?: (typeof CURRENCIES)[number];

  @ApiPropertyOptional({ example: 'EUR', description: "In branch currency above branch level: the point's currency" })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'pointCurrency must be an ISO currency code such as EUR' })
  pointCurrency?: string;

  @ApiPropertyOptional({ enum: VIEWS, default: 'restated' })
  @IsOptional()
  @IsIn(VIEWS, { message: `view must be one of ${VIEWS.join(', ')}` })
  view?: (typeof VIEWS)[number];

  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: 100000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number from 1' })
  @Min(1, { message: 'page must be a whole number from 1' })
  @Max(100000, { message: 'page must be at most 100000' })
  page?: number;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number from 1 to 500' })
  @Min(1, { message: 'pageSize must be a whole number from 1 to 500' })
  @Max(500, { message: 'pageSize must be a whole number from 1 to 500' })
  pageSize?: number;
}

/** The dimension filters of a request. */
export function dimensionFilters(query: KpiSeriesQuery): Partial<Record<DimensionId, string[]>> {
  const values = query as unknown as Partial<Record<DimensionId, string>>;
  return Object.fromEntries(DIMENSION_IDS.filter((id) => values[id] !== undefined).map((id) => [id, values[id]!.split(',')]));
}

export class ScorecardQuery extends ReportQuery {
  @ApiPropertyOptional({ example: '2026-01', description: 'The month, YYYY-MM; default the previous month' })
  @IsOptional()
  @Matches(MONTH, { message: 'period must be a month such as 2026-01, of the years 2000 to 2099' })
  period?: string;

  @ApiPropertyOptional({ enum: LEVELS, default: 'branch' })
  @IsOptional()
  @IsIn(LEVELS, { message: `level must be one of ${LEVELS.join(', ')}` })
  level?: (typeof LEVELS)[number];

  @ApiPropertyOptional({ example: 'EAST', description: 'Only the branches of this region (level branch)' })
  @IsOptional()
  @Matches(ORG_ID, { message: 'regionId must be an id of letters, digits, _ . : - (at most 64)' })
  regionId?: string;

  @ApiPropertyOptional({ enum: CURRENCIES, default: 'group' })
  @IsOptional()
  @IsIn(CURRENCIES, { message: `currency must be one of ${CURRENCIES.join(', ')}` })
  currency?: (typeof CURRENCIES)[number];
}

// Every dimension is also a filter: `?model=Passat,Lavida&lead_source=referral`.
for (const target of [KpiSeriesQuery.prototype, KpiLineageQuery.prototype]) {
  for (const id of DIMENSION_IDS) {
    ApiPropertyOptional({ type: String, description: `Only facts whose ${id} is one of these values (comma-separated)` })(target, id);
    IsOptional()(target, id);
    Matches(DIMENSION_VALUES, { message: `${id} must be comma-separated values of 1 to 100 characters (no control characters), at most 50` })(target, id);
  }
}
