import { AuthModule } from '@app/auth';
import { Module } from '@nestjs/common';
import { RevenueReportController } from './revenue-report.controller';

/** Read side over ClickHouse, behind bearer tokens and access scopes. Needs the ClickHouseModule. */
@Module({ imports: [AuthModule], controllers: [RevenueReportController] })
export class ReportingModule {}
