import { CurrentPrincipal, Principal } from '@app/auth';
import { ApiErrorResponses } from '@app/platform-kit';
import { BadRequestException, Controller, Get, HttpStatus, Param, ParseEnumPipe, Query } from '@nestjs/common';
import { ApiParam, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ApiReadRoute } from '../reporting-api.docs';
import { AsOfDto } from '../as-of/as-of.docs';
import { BranchIdParam, CURRENCIES, CurrencyParam, MONTH, RegionIdParam, ReportQuery, ViewParam, VIEWS } from '../kpis/kpi-request.dto';
import { ReportsAsOf } from '../as-of/reports-as-of.interceptor';
import { KpiReportingService } from '../kpis/kpi-reporting.service';
import { previousMonth } from '../kpis/kpis.controller';
import { ApiTableReport, ExportsTable, ReaderTimeZoneParam, TableFormatParam } from '../export/table-export.interceptor';
import type { TableFormat } from '../export/table-export';
import { leagueTableTable } from '../export/report-tables';
import { LEAGUE_SPANS, LEAGUE_TABLE_IDS, leagueTable, LeagueTable, LeagueTableId } from './league-tables';

export class LeagueTableQuery extends ReportQuery {
  @ApiPropertyOptional({ example: '2026-03', description: 'The month the span ends in (YYYY-MM); default the previous month' })
  @IsOptional()
  @Matches(MONTH, { message: 'period must be a month such as 2026-03, of the years 2000 to 2099' })
  period?: string;

  @ApiPropertyOptional({
    enum: LEAGUE_SPANS,
    default: 'month',
    description: 'month; quarter (the quarter of the month); ytd (1 January to the month’s end, against the annual targets)',
  })
  @IsOptional()
  @IsIn(LEAGUE_SPANS, { message: `span must be one of ${LEAGUE_SPANS.join(', ')}` })
  span?: (typeof LEAGUE_SPANS)[number];

  @RegionIdParam('Only the branches of this region (while they belonged to it)') regionId?: string;
  @BranchIdParam() branchId?: string;
  @CurrencyParam() currency?: (typeof CURRENCIES)[number];
  @ViewParam() view?: (typeof VIEWS)[number];
  @TableFormatParam() format?: TableFormat;
  @ReaderTimeZoneParam() tz?: string;
}

class LeagueRowDto {
  @ApiProperty({ example: 'C-101', description: 'The employee id (attributed as of the event)' }) personId!: string;
  @ApiProperty({ example: 'SH-01' }) branchId!: string;
  @ApiProperty() branchName!: string;
  @ApiProperty({ description: "The branch's region at the end of the span ('' = none)" }) regionId!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Per KPI id: value, numerator, denominator, currency, provisional, quota, stretch and their attainment',
  })
  figures!: object;
  @ApiProperty({ type: Number, nullable: true }) rankInBranch!: number | null;
  @ApiProperty({ type: Number, nullable: true }) rankInRegion!: number | null;
}

export class LeagueTableDto {
  @ApiProperty({ enum: LEAGUE_TABLE_IDS }) table!: string;
  @ApiProperty({ example: 'consultant' }) dimension!: string;
  @ApiProperty({ enum: LEAGUE_SPANS }) span!: string;
  @ApiProperty({ example: '2026-03' }) period!: string;
  @ApiProperty({ example: '2026-01-01' }) from!: string;
  @ApiProperty({ example: '2026-03-31' }) to!: string;
  @ApiProperty({ enum: CURRENCIES }) currency!: string;
  @ApiProperty({ enum: VIEWS }) view!: string;
  @ApiProperty({ example: 'units_delivered', description: 'The KPI the ranks are on' }) rankedBy!: string;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'id, label, unit, higherIsBetter of each column' })
  kpis!: object[];
  @ApiProperty({ type: [LeagueRowDto] }) rows!: LeagueRowDto[];
  @ApiProperty({ type: AsOfDto, description: "The last event the figures include (the facts' mark) and the lag behind the store" }) asOf!: AsOfDto;
}

@ApiTags('reporting')
@ApiReadRoute("Outside the caller's regions or branches (OUT_OF_SCOPE)")
@Controller('api/v1/league-tables')
export class LeagueTablesController {
  constructor(private readonly reporting: KpiReportingService) {}

  @Get(':table')
  @ApiParam({ name: 'table', enum: LEAGUE_TABLE_IDS })
  @ApiTableReport(
    "People's league table: each person's KPIs (from the engine, by the person dimension) with their own targets, ranked within branch and region",
    LeagueTableDto,
  )
  @ApiErrorResponses({ 400: 'A parameter is invalid (VALIDATION_FAILED with field messages) or no such table' })
  @ReportsAsOf('facts')
  @ExportsTable((body: LeagueTable, context) => leagueTableTable(body, context))
  async table(
    @Param('table', new ParseEnumPipe(Object.fromEntries(LEAGUE_TABLE_IDS.map((id) => [id, id])), { exceptionFactory: () => tableError() }))
    table: LeagueTableId,
    @Query() query: LeagueTableQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<LeagueTable> {
    const scope = await this.reporting.access.resolve(principal);
    return leagueTable(this.reporting, scope, {
      table,
      period: query.period ?? previousMonth(new Date()),
      span: query.span ?? 'month',
      regionId: query.regionId,
      branchId: query.branchId,
      currency: query.currency ?? 'group',
      view: query.view ?? 'restated',
      locale: query.locale ?? 'en',
    });
  }
}

function tableError() {
  const message = `table must be one of ${LEAGUE_TABLE_IDS.join(', ')}`;
  return new BadRequestException({ statusCode: HttpStatus.BAD_REQUEST, code: 'VALIDATION_FAILED', message, errors: [{ field: 'table', messages: [message] }] });
}
