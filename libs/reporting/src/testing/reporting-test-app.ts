import { CLICKHOUSE_CLIENT, ClickHouseClient, ClickHouseModule, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { configureHttpApp } from '@app/platform-kit';
import { useTestClickHouse } from '@app/testing';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ReportingModule } from '../reporting.module';

/** The reporting API over HTTP on a fresh, migrated test ClickHouse database (embedded unless CLICKHOUSE_URL is set). */
export async function startReportingTestApp(): Promise<{ app: INestApplication; clickhouse: ClickHouseClient }> {
  useTestClickHouse();
  const moduleRef = await Test.createTestingModule({ imports: [ClickHouseModule.forRoot(), ReportingModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  configureHttpApp(app, { title: 'test' });
  await app.init();
  const clickhouse = app.get<ClickHouseClient>(CLICKHOUSE_CLIENT);
  await runClickHouseMigrations(clickhouse, MIGRATIONS_DIR, { logger: { log: () => undefined, warn: () => undefined } });
  return { app, clickhouse };
}
