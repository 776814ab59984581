import { CurrentPrincipal, Principal } from '@app/auth';
import { LOCALES } from '@app/kpi';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiErrorResponses } from '@app/platform-kit';
import { ApiExtraModels, ApiOkResponse, ApiParam, ApiPropertyOptional, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { IsIn, IsOptional, IsTimeZone, MaxLength } from 'class-validator';
import { Response } from 'express';
import { CURRENCIES, CurrencyParam, ReportQuery, VIEWS, ViewParam } from '../kpis/kpi-request.dto';
import { ApiReadRoute, MonthlySummaryDto } from '../reporting-api.docs';
import { MonthlySummaryService, SummaryRequest } from './monthly-summary.service';
import { ReadModelFreshness } from '../as-of/read-model-freshness.service';
import { PROJECTION_BEHIND_DOC, setAsOfHeader } from '../as-of/reports-as-of.interceptor';
import { BranchMonthParams, MonthParams, RegionMonthParams, SUMMARY_FORMATS, SummaryFormat, writeSummary } from './summary-formats';

export class MonthlySummaryQuery extends ReportQuery {
  @ApiPropertyOptional({ enum: SUMMARY_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(SUMMARY_FORMATS, { message: `format must be one of ${SUMMARY_FORMATS.join(', ')}` })
  format?: SummaryFormat;

  @ApiPropertyOptional({
    example: 'Europe/Madrid',
    description:
      "The reader's IANA time zone: the pack's times (generated, closed, as of) are shown in it. Default: the branch's time zone (a region's or the group's branches' when they share one, else UTC)",
  })
  @IsOptional()
  @MaxLength(64, { message: 'tz must be an IANA time zone such as Asia/Shanghai' })
  @IsTimeZone({ message: 'tz must be an IANA time zone such as Asia/Shanghai' })
  tz?: string;

  /** Default: a branch pack in the branch's currency; region and group packs consolidated in group currency. */
  @CurrencyParam() currency?: (typeof CURRENCIES)[number];
  @ViewParam() view?: (typeof VIEWS)[number];
}

const PACK_CONTENT = {
  'application/json': { schema: { $ref: getSchemaPath(MonthlySummaryDto) } },
  'text/html': { schema: { type: 'string' } },
  'text/csv': { schema: { type: 'string' } },
  'application/pdf': { schema: { type: 'string', format: 'binary' } },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
};

@ApiTags('reporting')
@ApiExtraModels(MonthlySummaryDto)
@ApiReadRoute("The branch, region or group is outside the caller's scope (OUT_OF_SCOPE)")
@Controller('api/v1')
export class MonthlySummaryController {
  constructor(
    private readonly summaries: MonthlySummaryService,
    private readonly freshness: ReadModelFreshness,
  ) {}

  @Get('branches/:branchId/monthly-summary/:period')
  @ApiParam({ name: 'branchId', example: 'SH-01' })
  @ApiParam({ name: 'period', example: '2026-01' })
  @ApiOkResponse({
    description: `The branch manager's monthly pack: sales, after-sales, parts and customer service against plan, MoM, YoY and rank in region, the 12-month trend of the headline KPIs (locales ${LOCALES.join(', ')}); format picks the media type`,
    content: PACK_CONTENT,
  })
  @ApiErrorResponses({ 400: 'A parameter is invalid (VALIDATION_FAILED with field messages)', 404: 'Unknown branch (UNKNOWN_BRANCH)' })
  @ApiResponse(PROJECTION_BEHIND_DOC)
  async branch(
    @Param() params: BranchMonthParams,
    @Query() query: MonthlySummaryQuery,
    @CurrentPrincipal() principal: Principal,
    @Res() response: Response,
  ): Promise<void> {
    await this.send({ level: 'branch', unitId: params.branchId, period: params.period }, query, principal, response);
  }

  @Get('regions/:regionId/monthly-summary/:period')
  @ApiParam({ name: 'regionId', example: 'EAST' })
  @ApiParam({ name: 'period', example: '2026-01' })
  @ApiOkResponse({
    description:
      "A region's monthly pack: the region's figures against its own plan, MoM, YoY and rank among regions, its branches ranked, the 12-month trend; consolidated in group currency, or in branch currency with one subtotal per currency",
    content: PACK_CONTENT,
  })
  @ApiErrorResponses({ 400: 'A parameter is invalid (VALIDATION_FAILED with field messages)', 404: 'Unknown region (UNKNOWN_REGION)' })
  @ApiResponse(PROJECTION_BEHIND_DOC)
  async region(
    @Param() params: RegionMonthParams,
    @Query() query: MonthlySummaryQuery,
    @CurrentPrincipal() principal: Principal,
    @Res() response: Response,
  ): Promise<void> {
    await this.send({ level: 'region', unitId: params.regionId, period: params.period }, query, principal, response);
  }

  @Get('group/monthly-summary/:period')
  @ApiParam({ name: 'period', example: '2026-01' })
  @ApiOkResponse({
    description:
      "The group's monthly pack (head office): the group's figures against the group plan, MoM and YoY, its regions ranked, the 12-month trend; consolidated in group currency, or in branch currency with one subtotal per currency",
    content: PACK_CONTENT,
  })
  @ApiErrorResponses({ 400: 'A parameter is invalid (VALIDATION_FAILED with field messages)' })
  @ApiResponse(PROJECTION_BEHIND_DOC)
  async group(
    @Param() params: MonthParams,
    @Query() query: MonthlySummaryQuery,
    @CurrentPrincipal() principal: Principal,
    @Res() response: Response,
  ): Promise<void> {
    await this.send({ level: 'group', period: params.period }, query, principal, response);
  }

  private async send(
    unit: Pick<SummaryRequest, 'level' | 'unitId' | 'period'>,
    query: MonthlySummaryQuery,
    principal: Principal,
    response: Response,
  ): Promise<void> {
    const scope = await this.summaries.reporting.access.resolve(principal);
    // Scope before anything is read: 403 outside it (also for a unit that does not exist).
    this.summaries.reporting.scopeUnits(
      scope,
      unit.level,
      unit.level === 'region' ? unit.unitId : undefined,
      unit.level === 'branch' ? unit.unitId : undefined,
    );
    // The month roll-up while it is current: its own mark, taken before the read (docs/adr/0018-as-of-marks.md).
    const asOf = await this.freshness.prepare(query.minPosition, 'kpi-month-rollup');
    const request = { ...unit, locale: query.locale ?? 'en', currency: query.currency, view: query.view, timeZone: query.tz };
    const summary = { ...(await this.summaries.summary(scope, request, new Date())), asOf };
    setAsOfHeader(response, asOf);
    await writeSummary(response, summary, query.format ?? 'json');
  }
}
