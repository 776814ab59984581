import 'reflect-metadata';
import { ClickHouseModule } from '@app/clickhouse';
import { bootstrapService, HealthController } from '@app/platform-kit';
import { ReportingModule } from '@app/reporting';
import { Module } from '@nestjs/common';

@Module({})
class ReportingApiModule {}

/** Reports over ClickHouse. */
bootstrapService('reporting-api', [], () => ({
  module: ReportingApiModule,
  imports: [ClickHouseModule.forRoot(), ReportingModule],
  controllers: [HealthController],
}));
