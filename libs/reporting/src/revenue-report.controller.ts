import { CLICKHOUSE_CLIENT, ClickHouseClient } from '@app/clickhouse';
import { BadRequestException, Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { revenueByBranchMonth, RevenueByBranchMonthRow } from './revenue-by-branch-month.query';
import { RevenueReportQuery } from './revenue-report.request.dto';

@ApiTags('reporting')
@Controller('api/v1/reports')
export class RevenueReportController {
  constructor(@Inject(CLICKHOUSE_CLIENT) private readonly clickhouse: ClickHouseClient) {}

  @Get('vehicle-revenue')
  @ApiOkResponse({ description: 'Net vehicle revenue by branch, month and stream, in branch currency' })
  async vehicleRevenue(@Query() query: RevenueReportQuery): Promise<{ rows: RevenueByBranchMonthRow[] }> {
    if (query.from > query.to) {
      throw new BadRequestException({ code: 'VALIDATION_FAILED', message: 'from must not be after to' });
    }
    return { rows: await revenueByBranchMonth(this.clickhouse, query) };
  }
}
