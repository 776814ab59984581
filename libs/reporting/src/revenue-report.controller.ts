import { AccessScope, CurrentPrincipal, Principal } from '@app/auth';
import { CLICKHOUSE_CLIENT, ClickHouseClient } from '@app/clickhouse';
import { BadRequestException, Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiErrorResponses } from '@app/platform-kit';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { revenueByBranchMonth, RevenueByBranchMonthRow } from './revenue-by-branch-month.query';
import { ApiReadRoute, VehicleRevenueDto } from './reporting-api.docs';
import { RevenueReportQuery } from './revenue-report.request.dto';

@ApiTags('reporting')
@ApiReadRoute("branchId outside the caller's scope (OUT_OF_SCOPE)")
@Controller('api/v1/reports')
export class RevenueReportController {
  constructor(
    @Inject(CLICKHOUSE_CLIENT) private readonly clickhouse: ClickHouseClient,
    private readonly access: AccessScope,
  ) {}

  @Get('vehicle-revenue')
  @ApiOkResponse({ description: 'Net vehicle revenue by branch, month and stream, in branch currency; only branches in the caller\'s scope', type: VehicleRevenueDto })
  @ApiErrorResponses({ 400: 'A parameter is invalid (VALIDATION_FAILED with field messages), or from after to' })
  async vehicleRevenue(
    @Query() query: RevenueReportQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ rows: RevenueByBranchMonthRow[] }> {
    if (query.from > query.to) {
      throw new BadRequestException({ code: 'VALIDATION_FAILED', message: 'from must not be after to', errors: [{ field: 'from', messages: ['from must not be after to'] }] });
    }
    const scope = await this.access.resolve(principal);
    if (query.branchId !== undefined) {
      this.access.assertBranch(scope, query.branchId);
      return { rows: await revenueByBranchMonth(this.clickhouse, query) };
    }
    const allowed = this.access.branchFilter(scope);
    if (allowed === undefined) return { rows: await revenueByBranchMonth(this.clickhouse, query) };
    if (allowed.length === 0) return { rows: [] };
    if (allowed.length === 1) return { rows: await revenueByBranchMonth(this.clickhouse, { ...query, branchId: allowed[0] }) };
    // Several branches: the query has no branch-set filter yet, so rows outside the scope are dropped here.
    const inScope = new Set(allowed);
    return { rows: (await revenueByBranchMonth(this.clickhouse, query)).filter((row) => inScope.has(row.branchId)) };
  }
}
