import { ApiErrorResponses, GATE_REFUSALS } from '@app/platform-kit';
import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { AsOfDto } from './as-of/as-of.docs';

/**
 * The OpenAPI shapes of the reporting answers. The controllers return the service's own types;
 * these classes only describe them (a field added there belongs here too).
 */

/** What every read route shares: the bearer token and the gate's refusals, with the platform's error body. */
export function ApiReadRoute(forbidden: string): ClassDecorator {
  return applyDecorators(ApiBearerAuth(), ApiErrorResponses({ ...GATE_REFUSALS, 403: forbidden }));
}

class ScopeDto {
  @ApiProperty({ description: 'Head office: every unit' })
  all!: boolean;

  @ApiProperty({ type: [String], example: ['EAST'] })
  regions!: string[];

  @ApiProperty({ type: [String], example: ['SH-01'] })
  branches!: string[];
}

export class MeDto {
  @ApiProperty({ example: 'u-42' })
  subject!: string;

  @ApiProperty({ example: 'branch-manager' })
  role!: string;

  @ApiProperty({ type: [String], description: 'Regions named in the token' })
  regions!: string[];

  @ApiProperty({ type: [String], description: 'Branches named in the token' })
  branches!: string[];

  @ApiProperty({ type: ScopeDto, description: 'What the caller may read, resolved against the org structure' })
  scope!: ScopeDto;
}

class UnitBranchDto {
  @ApiProperty({ example: 'SH-01' }) id!: string;
  @ApiProperty({ example: 'Shanghai Pudong' }) name!: string;
  @ApiProperty({ example: 'CNY' }) currency!: string;
}

class UnitRegionDto {
  @ApiProperty({ example: 'EAST', description: '"" for the branches without a region' }) id!: string;
  @ApiProperty({ example: 'East China' }) name!: string;
  @ApiProperty({ type: [UnitBranchDto] }) branches!: UnitBranchDto[];
}

export class UnitsDto {
  @ApiProperty({ example: 'CNY' })
  groupCurrency!: string;

  @ApiProperty({ type: [UnitRegionDto] })
  regions!: UnitRegionDto[];
}

class KpiDefinitionDto {
  @ApiProperty({ example: 'service_revenue' }) id!: string;
  @ApiProperty({ example: 'after-sales' }) area!: string;
  @ApiProperty({ example: 'Service revenue' }) label!: string;
  @ApiProperty({ example: 'money' }) unit!: string;
  @ApiProperty() higherIsBetter!: boolean;
  @ApiProperty({ example: 'sum' }) rollUp!: string;
  @ApiProperty({ description: 'The exact definition, in the requested locale' }) formula!: string;
  @ApiProperty({ type: String, nullable: true, description: 'For ratios, in the requested locale' }) numerator!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'For ratios, in the requested locale' }) denominator!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why and until when its figures may still change, in the requested locale' }) provisional!:
    string | null;
  @ApiProperty({ description: 'The engine computes it (false: defined, not measured yet)' }) measured!: boolean;
  @ApiProperty({ description: 'A distinct count (customers): its values never add up over units, periods or the values of a breakdown' }) distinct!: boolean;
  @ApiProperty({ type: [String], example: ['advisor', 'service_segment'], description: 'The dimensions it can be broken down (by=) and filtered by' })
  dimensions!: string[];
}

class DimensionDto {
  @ApiProperty({ example: 'service_segment' }) id!: string;
  @ApiProperty({ example: 'Service segment' }) label!: string;
  @ApiProperty({
    enum: ['single', 'multiple'],
    description: 'multiple: a fact may carry several values (an RO worked by two technicians counts for each), so the values do not add up to the whole',
  })
  attribution!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['person', 'department', 'model', 'segment'],
    description: 'The target grain its values are read against; null: no targets by this dimension',
  })
  targetGrain!: string | null;
}

export class KpiCatalogueDto {
  @ApiProperty({ example: 'en' })
  locale!: string;

  @ApiProperty({ type: [KpiDefinitionDto] })
  kpis!: KpiDefinitionDto[];

  @ApiProperty({ type: [DimensionDto] })
  dimensions!: DimensionDto[];
}

class SeriesKpiDto {
  @ApiProperty({ example: 'service_revenue' }) id!: string;
  @ApiProperty() label!: string;
  @ApiProperty() unit!: string;
  @ApiProperty() higherIsBetter!: boolean;
  @ApiProperty() rollUp!: string;
}

class SeriesQueryDto {
  @ApiProperty({ example: '2026-01-01' }) from!: string;
  @ApiProperty({ example: '2026-03-31' }) to!: string;
  @ApiProperty({ example: 'month', enum: ['day', 'week', 'month', 'quarter', 'year', 'range'] }) grain!: string;
  @ApiProperty({ example: 'branch' }) groupBy!: string;
  @ApiProperty({ type: String, nullable: true }) regionId!: string | null;
  @ApiProperty({ type: String, nullable: true }) branchId!: string | null;
  @ApiProperty({ enum: ['group', 'branch'] }) currency!: string;
  @ApiProperty({ enum: ['as-closed', 'restated'] }) view!: string;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, description: 'The dimension of the breakdown (id, label), or null' }) by!:
    object | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } }, description: 'The dimension filters' }) filters!: object;
}

class SeriesPointDto {
  @ApiProperty({ example: 'branch' }) level!: string;
  @ApiProperty({ example: 'SH-01', description: "A branch id, a region id ('' = branches without a region) or 'group'" }) unitId!: string;
  @ApiProperty({ example: 'Shanghai Pudong' }) unitName!: string;
  @ApiPropertyOptional({ example: 'insurance', description: "With `by`: the dimension value ('' = facts without one)" }) dimensionValue?: string;
  @ApiProperty({ example: '2026-01', description: '2026-01-15, 2026-W03, 2026-01, 2026-Q1, 2026; grain range: 2026-02..2026-05 (or its days)' })
  period!: string;
  @ApiProperty({ example: '2026-01-01' }) periodStart!: string;
  @ApiProperty({ example: '2026-01-31' }) periodEnd!: string;
  @ApiProperty({ type: String, nullable: true, example: 'CNY' }) currency!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '1250000.00', description: 'Exact decimal; null when the denominator is zero' }) value!: string | null;
  @ApiProperty({ example: '1250000.00' }) numerator!: string;
  @ApiProperty({ type: String, nullable: true }) denominator!: string | null;
  @ApiProperty({ description: 'The figure may still change by design (comeback window, late surveys)' }) provisional!: boolean;
  @ApiProperty({ type: String, nullable: true }) provisionalUntil!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'quota and stretch: value, unit and version of each target, or null; grain range: the targets of the month, quarter or year the range is exactly, else null (never derived from another grain)',
  })
  targets!: object;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'quota and stretch attainment in percent, or null' }) attainment!: object;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Year to date against the annual targets (month and quarter grains; grain range from 1 January within one year: the range itself)',
  })
  yearToDate!: object | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, description: 'Against the previous period (null for grain range)' })
  mom!: object | null;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Against the same period (grain range: the same range) a year before',
  })
  yoy!: object | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, description: 'A closed period: the "as closed" and restated figures' })
  closed!: object | null;
}

export class KpiSeriesDto {
  @ApiProperty({ type: SeriesKpiDto }) kpi!: SeriesKpiDto;
  @ApiProperty({ type: SeriesQueryDto, description: 'The request as answered, defaults filled in' }) query!: SeriesQueryDto;
  @ApiProperty({ type: [SeriesPointDto] }) points!: SeriesPointDto[];
  @ApiProperty({ type: AsOfDto, description: "The last event the figures include (the facts' mark) and the lag behind the store" }) asOf!: AsOfDto;
}

class LineageFactDto {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The stream of the event (null where this process has no event store)' }) streamId!: string | null;
  @ApiProperty({ example: '1042', description: 'Global position in the event store' }) position!: string;
  @ApiProperty({ example: '2026-03-03' }) businessDate!: string;
  @ApiProperty({ example: 'RO-A', description: 'The repair order, vehicle sale, order, lead, survey or document the fact belongs to' }) reference!: string;
  @ApiProperty({ example: 'SH-01' }) branchId!: string;
  @ApiProperty({ example: '2026-03' }) month!: string;
  @ApiProperty({ type: String, nullable: true, example: 'CNY' }) currency!: string | null;
  @ApiProperty({ example: '1000.00', description: 'What the fact adds to the numerator' }) numerator!: string;
  @ApiProperty({ type: String, nullable: true, description: 'What the fact adds to the denominator (null for sums)' }) denominator!: string | null;
}

export class KpiLineageDto {
  @ApiProperty({ type: SeriesKpiDto }) kpi!: SeriesKpiDto;
  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description: 'The figure explained: unitId, period, value, numerator, denominator, currency (null when it has no facts)',
  })
  point!: object | null;
  @ApiProperty({ type: [LineageFactDto] }) facts!: LineageFactDto[];
  @ApiProperty({ description: 'How many facts in all pages' }) total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "Σ numerator and denominator of every fact, in the facts' currency" }) sums!: object;
  @ApiProperty({
    type: 'array',
    nullable: true,
    items: { type: 'object', additionalProperties: true },
    description: "Consolidated figures: per branch, month and currency, the sum at the month's rate; Σ of numeratorConverted is the figure",
  })
  conversions!: object[] | null;
  @ApiProperty({ type: AsOfDto }) asOf!: AsOfDto;
}

/** Each entry of a scorecard row's figures (register it with ApiExtraModels where the scorecard is answered). */
export class ScorecardSubtotalDto {
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ type: String, nullable: true }) value!: string | null;
  @ApiProperty() numerator!: string;
  @ApiProperty({ type: String, nullable: true }) denominator!: string | null;
  @ApiProperty() provisional!: boolean;
}

export class ScorecardFigureDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Null without a figure, or when the money comes in several currencies (branch currency above branch level): then see subtotals',
  })
  value!: string | null;
  @ApiProperty({ type: String, nullable: true }) currency!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The engine's numerator of the figure (null when value is)" }) numerator!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The denominator; null for sums' }) denominator!: string | null;
  @ApiProperty({
    type: [ScorecardSubtotalDto],
    description: 'Money KPIs: the figure per currency, each labelled (one entry in group currency); [] for other KPIs',
  })
  subtotals!: ScorecardSubtotalDto[];
  @ApiProperty() provisional!: boolean;
  @ApiProperty({ type: String, nullable: true }) quotaAttainment!: string | null;
  @ApiProperty({ type: String, nullable: true }) stretchAttainment!: string | null;
  @ApiProperty({ type: String, nullable: true }) momGrowthPercent!: string | null;
  @ApiProperty({ type: String, nullable: true }) yoyGrowthPercent!: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: '1 = best among the rows (ties share a rank); money KPIs ranked on their group-currency figures whichever currency is shown',
  })
  rank!: number | null;
}

class ScorecardKpiDto {
  @ApiProperty() id!: string;
  @ApiProperty() label!: string;
  @ApiProperty() unit!: string;
  @ApiProperty() higherIsBetter!: boolean;
}

class ScorecardRowDto {
  @ApiProperty({ example: 'SH-01' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(ScorecardFigureDto) }, description: 'By KPI id' })
  figures!: Record<string, ScorecardFigureDto>;
}

export class ScorecardDto {
  @ApiProperty({ example: '2026-01' }) period!: string;
  @ApiProperty({ example: 'branch' }) level!: string;
  @ApiProperty({ enum: ['group', 'branch'] }) currency!: string;
  @ApiProperty({ example: 'CNY', description: 'The currency consolidated money is in' }) groupCurrency!: string;
  @ApiProperty({ type: [ScorecardKpiDto] }) kpis!: ScorecardKpiDto[];
  @ApiProperty({ type: [ScorecardRowDto] }) rows!: ScorecardRowDto[];
  @ApiProperty({ type: AsOfDto, description: "The last event the figures include: the KPI month roll-up's own mark while it is read, else the facts'" })
  asOf!: AsOfDto;
}

export class MonthlySummaryDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      "The pack's subject: level (branch, region, group), id, name, currency (null in branch currency when its branches keep several), regionId, regionName",
  })
  unit!: object;
  @ApiProperty({
    enum: ['group', 'branch'],
    description: "group: consolidated at each month's rate; branch: each branch's own currency (per-currency subtotal rows)",
  })
  currency!: string;
  @ApiProperty({ enum: ['as-closed', 'restated'] }) view!: string;
  @ApiProperty({ example: '2026-01' }) period!: string;
  @ApiProperty({ example: 'en' }) locale!: string;
  @ApiProperty({ example: '2026-02-03T08:00:00.000Z' }) generatedAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'When the month was closed (figures shown restated)' }) closedAt!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Labels of the columns and notes in the locale' }) text!: Record<
    string,
    string
  >;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description:
      'Sales, after-sales, parts and customer service: each KPI against plan, MoM, YoY and rank (a branch in its region, a region among the regions); in branch currency above branch level a money KPI has one row per currency (currencySubtotal) and no total',
  })
  sections!: object[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'months (the 12 ending with the period) and series: the headline KPIs month by month, per currency when money comes in several',
  })
  trend!: object;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: "Region and group packs: the branches or regions one level down, the scorecard's KPIs, best first; null in a branch pack",
  })
  ranking!: object | null;
  @ApiProperty({ type: AsOfDto, description: "The last event the figures include: the KPI month roll-up's own mark while it is read, else the facts'" })
  asOf!: AsOfDto;
}
