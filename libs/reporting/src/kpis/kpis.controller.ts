import { CurrentPrincipal, Principal } from '@app/auth';
import {
  DIMENSIONS,
  groupCurrency as groupCurrencyOf,
  isDistinctKpi,
  isMeasuredKpi,
  KPI_CATALOGUE,
  kpiDefinitionText,
  kpiDimensions,
  kpiLabel,
  Locale,
} from '@app/kpi';
import { BadRequestException, Controller, Get, HttpStatus, Param, Query, UnprocessableEntityException } from '@nestjs/common';
import { ApiErrorResponses } from '@app/platform-kit';
import { ApiExtraModels, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiReadRoute, KpiCatalogueDto, KpiLineageDto, KpiSeriesDto, MeDto, ScorecardDto, ScorecardFigureDto, UnitsDto } from '../reporting-api.docs';
import { dimensionFilters, KpiLineageQuery, KpiSeriesQuery, LocaleQuery, ScorecardQuery } from './kpi-request.dto';
import { KpiReportingService, LineageResponse, SeriesResponse } from './kpi-reporting.service';
import { ReportsAsOf } from '../as-of/reports-as-of.interceptor';
import { scorecard, Scorecard } from './scorecard';
import { ApiTableReport, ExportsTable, tableFormatOf } from '../export/table-export.interceptor';
import { lineageTable, scorecardTable, seriesTable } from '../export/report-tables';

/** The most facts a lineage download lists (every page of the figure); more is a 422 EXPORT_TOO_LARGE. */
export const EXPORT_MAX_FACTS = 100_000;

const KPI_ID = /^[a-z][a-z0-9_]{0,63}$/;

/** A catalogue-shaped KPI id in the path, or a 400 naming it. */
function assertKpiId(kpiId: string): void {
  if (KPI_ID.test(kpiId)) return;
  const message = 'kpiId must be a catalogue id such as service_revenue';
  throw new BadRequestException({ statusCode: HttpStatus.BAD_REQUEST, code: 'VALIDATION_FAILED', message, errors: [{ field: 'kpiId', messages: [message] }] });
}

/** `YYYY-MM` of the month before `now` (UTC): the default period of the month reports. */
export function previousMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

@ApiTags('reporting')
@ApiReadRoute("Outside the caller's regions or branches (OUT_OF_SCOPE)")
@Controller('api/v1')
export class KpisController {
  constructor(private readonly reporting: KpiReportingService) {}

  @Get('me')
  @ApiOkResponse({ description: 'The caller: role, the units named in the token and the resolved scope', type: MeDto })
  async me(@CurrentPrincipal() principal: Principal) {
    const scope = await this.reporting.access.resolve(principal);
    return {
      subject: principal.subject,
      role: principal.role,
      regions: principal.regions,
      branches: principal.branches,
      scope: scope.all ? { all: true, regions: [], branches: [] } : { all: false, regions: scope.regions, branches: scope.branches },
    };
  }

  @Get('units')
  @ApiOkResponse({
    description: 'Regions and their branches (today\'s structure) in the caller\'s scope; branches without a region under id ""',
    type: UnitsDto,
  })
  async units(@CurrentPrincipal() principal: Principal) {
    const [scope, units, groupCurrency] = await Promise.all([
      this.reporting.access.resolve(principal),
      this.reporting.units(),
      groupCurrencyOf(this.reporting.clickhouse),
    ]);
    const visible = [...units.branches.values()].filter((b) => scope.all || scope.branches.includes(b.id));
    const regionIds = [...new Set([...visible.map((b) => b.regionId), ...(scope.all ? [...units.regions.keys()] : scope.regions)])].sort();
    return {
      groupCurrency,
      regions: regionIds.map((id) => ({
        id,
        name: id === '' ? '' : (units.regions.get(id) ?? id),
        branches: visible.filter((b) => b.regionId === id).map((b) => ({ id: b.id, name: b.name, currency: b.currency })),
      })),
    };
  }

  @Get('kpis')
  @ApiOkResponse({
    description: 'The KPI catalogue with labels in the requested locale, the dimensions each KPI can be broken down by, and the dimensions',
    type: KpiCatalogueDto,
  })
  catalogue(@Query() query: LocaleQuery) {
    const locale: Locale = query.locale ?? 'en';
    return {
      locale,
      kpis: KPI_CATALOGUE.map((k) => {
        const text = kpiDefinitionText(k.id, locale);
        return {
          id: k.id,
          area: k.area,
          label: kpiLabel(k.id, locale),
          unit: k.unit,
          higherIsBetter: k.higherIsBetter,
          rollUp: k.rollUp,
          formula: text.formula,
          numerator: text.numerator ?? null,
          denominator: text.denominator ?? null,
          provisional: text.provisional ?? null,
          measured: isMeasuredKpi(k.id),
          distinct: isDistinctKpi(k.id),
          dimensions: [...kpiDimensions(k.id)],
        };
      }),
      dimensions: DIMENSIONS.map((d) => ({ id: d.id, label: d.labels[locale], attribution: d.attribution, targetGrain: d.targetGrain ?? null })),
    };
  }

  @Get('kpis/:kpiId')
  @ApiParam({ name: 'kpiId', example: 'service_revenue' })
  @ApiTableReport(
    'The KPI per unit and period (and dimension value with `by`) with numerator, denominator, quota and stretch targets, attainment, year to date, MoM, YoY, the provisional flag and, for closed months, the "as closed" and restated figures',
    KpiSeriesDto,
  )
  @ApiErrorResponses({
    400: 'A parameter is invalid (VALIDATION_FAILED with field messages), a derived KPI, a grain the KPI has no meaning at (UNSUPPORTED_GRAIN), or a dimension its facts do not carry (UNSUPPORTED_DIMENSION)',
    404: 'No such KPI (UNKNOWN_KPI)',
  })
  @ReportsAsOf('facts')
  @ExportsTable((body: SeriesResponse, context) => seriesTable(body, context))
  async series(@Param('kpiId') kpiId: string, @Query() query: KpiSeriesQuery, @CurrentPrincipal() principal: Principal): Promise<SeriesResponse> {
    assertKpiId(kpiId);
    const scope = await this.reporting.access.resolve(principal);
    return this.reporting.series(scope, {
      kpiId,
      from: query.from,
      to: query.to,
      grain: query.grain ?? 'month',
      level: query.groupBy ?? 'branch',
      regionId: query.regionId,
      branchId: query.branchId,
      currency: query.currency ?? 'group',
      view: query.view ?? 'restated',
      locale: query.locale ?? 'en',
      by: query.by,
      filters: dimensionFilters(query),
    });
  }

  @Get('kpis/:kpiId/lineage')
  @ApiParam({ name: 'kpiId', example: 'per_vehicle_yield' })
  @ApiTableReport(
    'The facts behind one figure (a point of GET /api/v1/kpis/{kpiId} with the same parameters): event id, stream, position, business date, the RO, sale, lead or document, and what each adds to the numerator and denominator; paged in store order. Σ of every page is the figure (in branch currency; consolidated figures come with their conversions). The csv and xlsx downloads list every fact (no paging; the workbook adds the conversions)',
    KpiLineageDto,
  )
  @ApiErrorResponses({
    400: 'A parameter is invalid (VALIDATION_FAILED with field messages), a derived KPI, a dimension its facts do not carry, or a KPI whose lineage is not listed (UNSUPPORTED_LINEAGE)',
    404: 'No such KPI (UNKNOWN_KPI)',
    422: `A csv or xlsx download of more than ${EXPORT_MAX_FACTS} facts (EXPORT_TOO_LARGE): narrow it with a dimension filter or a shorter grain`,
  })
  @ReportsAsOf('facts')
  @ExportsTable((body: LineageResponse, context) => lineageTable(body, context))
  async lineage(@Param('kpiId') kpiId: string, @Query() query: KpiLineageQuery, @CurrentPrincipal() principal: Principal): Promise<LineageResponse> {
    assertKpiId(kpiId);
    const scope = await this.reporting.access.resolve(principal);
    const download = tableFormatOf(query) !== 'json';
    const result = await this.reporting.lineage(scope, {
      kpiId,
      grain: query.grain ?? 'month',
      level: query.groupBy ?? 'branch',
      unitId: query.unitId,
      periodStart: query.periodStart,
      periodEnd: query.periodEnd,
      by: query.by,
      dimensionValue: query.dimensionValue,
      filters: dimensionFilters(query),
      currency: query.currency ?? 'group',
      pointCurrency: query.pointCurrency,
      view: query.view ?? 'restated',
      // A download lists every fact of the figure, not a page.
      page: download ? 1 : (query.page ?? 1),
      pageSize: download ? EXPORT_MAX_FACTS : (query.pageSize ?? 100),
      locale: query.locale ?? 'en',
    });
    if (download && result.total > result.facts.length) {
      throw new UnprocessableEntityException({
        statusCode: HttpStatus.UNPROCESSABLE_ENTITY,
        code: 'EXPORT_TOO_LARGE',
        message: `the figure has ${result.total} facts; a download lists at most ${EXPORT_MAX_FACTS}: narrow it with a dimension filter or a shorter grain, or page the JSON`,
      });
    }
    return result;
  }

  @Get('scorecard')
  @ApiExtraModels(ScorecardFigureDto)
  @ApiTableReport('The headline KPIs of a month for every unit at a level, with attainment, MoM, YoY and ranks', ScorecardDto)
  @ApiErrorResponses({ 400: 'A parameter is invalid (VALIDATION_FAILED with field messages)' })
  // The month roll-up while it is current: the roll-up's own mark.
  @ReportsAsOf('kpi-month-rollup')
  @ExportsTable((body: Scorecard, context) => scorecardTable(body, context))
  async scorecard(@Query() query: ScorecardQuery, @CurrentPrincipal() principal: Principal): Promise<Scorecard> {
    const scope = await this.reporting.access.resolve(principal);
    return scorecard(this.reporting, scope, {
      period: query.period ?? previousMonth(new Date()),
      level: query.level ?? 'branch',
      regionId: query.regionId,
      currency: query.currency ?? 'group',
      locale: query.locale ?? 'en',
    });
  }
}
