import { AuthModule } from '@app/auth';
import { Module } from '@nestjs/common';
import { ReadinessController } from './as-of/readiness.controller';
import { ReadModelFreshness } from './as-of/read-model-freshness.service';
import { ReportsAsOfInterceptor } from './as-of/reports-as-of.interceptor';
import { DashboardModule } from './dashboard/dashboard.module';
import { KpiReportingService } from './kpis/kpi-reporting.service';
import { KpisController } from './kpis/kpis.controller';
import { LeagueTablesController } from './people/league-tables.controller';
import { MonthlySummaryController } from './summary/monthly-summary.controller';
import { MonthlySummaryService } from './summary/monthly-summary.service';

/** Read side over ClickHouse, behind bearer tokens and access scopes. Needs the ClickHouseModule. */
@Module({
  imports: [AuthModule, DashboardModule],
  controllers: [KpisController, LeagueTablesController, MonthlySummaryController, ReadinessController],
  providers: [KpiReportingService, MonthlySummaryService, ReadModelFreshness, ReportsAsOfInterceptor],
  exports: [KpiReportingService, MonthlySummaryService, ReadModelFreshness],
})
export class ReportingModule {}
