import { Module } from '@nestjs/common';
import { RevenueReportController } from './revenue-report.controller';

/** Read side over ClickHouse. Needs the ClickHouseModule. */
@Module({ controllers: [RevenueReportController] })
export class ReportingModule {}
