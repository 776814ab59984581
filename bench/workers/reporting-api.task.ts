// The read side as the reporting API runs it: HTTP → bearer token → access scope → KPI queries
// on the embedded ClickHouse engine. With `projector: true` the same process also runs the
// projector from Kafka (the embedded engine allows one process per data directory).
import { ClickHouseModule } from '@app/clickhouse';
import { EventStoreModule } from '@app/event-store';
import { KafkaModule } from '@app/messaging';
import { BranchDirectoryModule } from '@app/org';
import { configureHttpApp, HealthController } from '@app/platform-kit';
import { ProjectorModule } from '@app/projections';
import { ReportingModule } from '@app/reporting';
import { DynamicModule, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Json } from '../lib/child';
import { TaskContext } from './tasks';

export interface ReportingApiInput {
  readonly clickHouseDataDir: string;
  /** Also run the projector (freshness): needs the event store (branch calendars) and Kafka. */
  readonly projector?: { databaseUrl: string; brokers: string[]; topicPrefix: string };
}

@Module({})
class BenchReportingApiModule {}

export async function reportingApi(raw: Json, context: TaskContext): Promise<Json> {
  const input = raw as unknown as ReportingApiInput;
  const imports: (Type<unknown> | DynamicModule)[] = [
    ClickHouseModule.forRoot({ driver: 'embedded', dataDir: input.clickHouseDataDir, database: 'kpi' }),
    ReportingModule,
  ];
  const feed = input.projector;
  if (feed) {
    imports.push(
      EventStoreModule.forRoot(() => ({ url: feed.databaseUrl, applicationName: 'bench-projector' })),
      KafkaModule.forRoot(() => ({ brokers: feed.brokers, clientId: 'bench-projector', topicPrefix: feed.topicPrefix, partitions: 6, replicationFactor: 1 })),
      BranchDirectoryModule,
      ProjectorModule.forRoot(),
    );
  }
  const app = await NestFactory.create({ module: BenchReportingApiModule, imports, controllers: [HealthController] }, { logger: ['fatal', 'error', 'warn'] });
  configureHttpApp(app, { title: 'bench reporting API' });
  await app.listen(0, '127.0.0.1');
  context.ready({ port: ((app.getHttpServer() as Server).address() as AddressInfo).port });
  await context.stopped;
  await app.close();
  return {};
}
