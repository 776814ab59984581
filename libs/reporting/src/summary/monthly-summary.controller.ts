import { CurrentPrincipal, Principal } from '@app/auth';
import { LOCALES } from '@app/kpi';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiProduces, ApiPropertyOptional, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Response } from 'express';
import { LocaleQuery } from '../kpis/kpi-request.dto';
import { MonthlySummaryService } from './monthly-summary.service';
import { BranchMonthParams, SUMMARY_FORMATS, SummaryFormat, writeSummary } from './summary-formats';

export class MonthlySummaryQuery extends LocaleQuery {
  @ApiPropertyOptional({ enum: SUMMARY_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(SUMMARY_FORMATS, { message: `format must be one of ${SUMMARY_FORMATS.join(', ')}` })
  format?: SummaryFormat;
}

@ApiTags('reporting')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token (UNAUTHENTICATED)' })
@Controller('api/v1/branches')
export class MonthlySummaryController {
  constructor(private readonly summaries: MonthlySummaryService) {}

  @Get(':branchId/monthly-summary/:period')
  @ApiParam({ name: 'branchId', example: 'SH-01' })
  @ApiParam({ name: 'period', example: '2026-01' })
  @ApiProduces('application/json', 'text/html', 'application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiOkResponse({ description: `The branch manager's monthly pack: sales, after-sales, parts and customer service against plan, MoM, YoY and rank in region (locales ${LOCALES.join(', ')})` })
  @ApiForbiddenResponse({ description: 'The branch is outside the caller\'s scope (OUT_OF_SCOPE)' })
  @ApiNotFoundResponse({ description: 'Unknown branch (UNKNOWN_BRANCH)' })
  async summary(
    @Param() params: BranchMonthParams,
    @Query() query: MonthlySummaryQuery,
    @CurrentPrincipal() principal: Principal,
    @Res() response: Response,
  ): Promise<void> {
    const scope = await this.summaries.reporting.access.resolve(principal);
    const summary = await this.summaries.summary(scope, params.branchId, params.period, query.locale ?? 'en');
    await writeSummary(response, summary, query.format ?? 'json');
  }
}
