import { CurrentPrincipal, Principal } from '@app/auth';
import { LOCALES } from '@app/kpi';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiErrorResponses } from '@app/platform-kit';
import { ApiExtraModels, ApiOkResponse, ApiParam, ApiPropertyOptional, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { IsIn, IsOptional, IsTimeZone, MaxLength } from 'class-validator';
import { Response } from 'express';
import { ReportQuery } from '../kpis/kpi-request.dto';
import { ApiReadRoute, MonthlySummaryDto } from '../reporting-api.docs';
import { MonthlySummaryService } from './monthly-summary.service';
import { ReadModelFreshness } from '../as-of/read-model-freshness.service';
import { PROJECTION_BEHIND_DOC, setAsOfHeader } from '../as-of/reports-as-of.interceptor';
import { BranchMonthParams, SUMMARY_FORMATS, SummaryFormat, writeSummary } from './summary-formats';

export class MonthlySummaryQuery extends ReportQuery {
  @ApiPropertyOptional({ enum: SUMMARY_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(SUMMARY_FORMATS, { message: `format must be one of ${SUMMARY_FORMATS.join(', ')}` })
  format?: SummaryFormat;

  @ApiPropertyOptional({
    example: 'Europe/Madrid',
    description: "The reader's IANA time zone: the pack's times (generated, closed, as of) are shown in it. Default: the branch's time zone",
  })
  @IsOptional()
  @MaxLength(64, { message: 'tz must be an IANA time zone such as Asia/Shanghai' })
  @IsTimeZone({ message: 'tz must be an IANA time zone such as Asia/Shanghai' })
  tz?: string;
}

@ApiTags('reporting')
@ApiExtraModels(MonthlySummaryDto)
@ApiReadRoute("The branch is outside the caller's scope (OUT_OF_SCOPE)")
@Controller('api/v1/branches')
export class MonthlySummaryController {
  constructor(
    private readonly summaries: MonthlySummaryService,
    private readonly freshness: ReadModelFreshness,
  ) {}

  @Get(':branchId/monthly-summary/:period')
  @ApiParam({ name: 'branchId', example: 'SH-01' })
  @ApiParam({ name: 'period', example: '2026-01' })
  @ApiOkResponse({
    description: `The branch manager's monthly pack: sales, after-sales, parts and customer service against plan, MoM, YoY and rank in region (locales ${LOCALES.join(', ')}); format picks the media type`,
    content: {
      'application/json': { schema: { $ref: getSchemaPath(MonthlySummaryDto) } },
      'text/html': { schema: { type: 'string' } },
      'text/csv': { schema: { type: 'string' } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiErrorResponses({
    400: 'A parameter is invalid (VALIDATION_FAILED with field messages)',
    404: 'Unknown branch (UNKNOWN_BRANCH)',
  })
  @ApiResponse(PROJECTION_BEHIND_DOC)
  async summary(
    @Param() params: BranchMonthParams,
    @Query() query: MonthlySummaryQuery,
    @CurrentPrincipal() principal: Principal,
    @Res() response: Response,
  ): Promise<void> {
    const scope = await this.summaries.reporting.access.resolve(principal);
    this.summaries.reporting.access.assertBranch(scope, params.branchId);
    // The month roll-up while it is current: its own mark, taken before the read (docs/adr/0018-as-of-marks.md).
    const asOf = await this.freshness.prepare(query.minPosition, 'kpi-month-rollup');
    const summary = { ...(await this.summaries.summary(scope, params.branchId, params.period, query.locale ?? 'en', new Date(), query.tz)), asOf };
    setAsOfHeader(response, asOf);
    await writeSummary(response, summary, query.format ?? 'json');
  }
}
