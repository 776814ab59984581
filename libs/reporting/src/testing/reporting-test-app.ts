import { CLICKHOUSE_CLIENT, ClickHouseClient, ClickHouseModule, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { DomainEvent } from '@app/contracts';
import { kpiRollupIsCurrent } from '@app/kpi';
import {
  ALL_PROJECTIONS,
  ALL_ROLLUPS,
  ClickHouseProjectionSink,
  recomputeStaleRollups,
  refreshPendingKpiMonths,
  UniformBranchCalendar,
} from '@app/projections';
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

/**
 * Projects `events` as the projector does: the facts and the roll-ups kept with them (the scorecard
 * and the monthly summary read the KPI month roll-up), every branch in Shanghai's calendar. Throws
 * when a projection refuses an event or the roll-up is not current afterwards.
 */
export async function projectAsTheProjector(clickhouse: ClickHouseClient, events: readonly DomainEvent[]): Promise<void> {
  await recomputeStaleRollups(clickhouse, ALL_ROLLUPS);
  const sink = new ClickHouseProjectionSink(
    clickhouse,
    ALL_PROJECTIONS,
    { calendar: new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 }) },
    ALL_ROLLUPS,
  );
  const { rejected } = await sink.write([...events]);
  if (rejected.length > 0) throw new Error(`events refused: ${JSON.stringify(rejected)}`);
  await refreshPendingKpiMonths(clickhouse);
  if (!(await kpiRollupIsCurrent(clickhouse))) throw new Error('the KPI month roll-up is not current after the refresh');
}
