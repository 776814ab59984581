import { bearerFor } from '@app/auth';
import { ClickHouseClient, ClickHouseModule, CLICKHOUSE_CLIENT, clickHouseConfigFromEnv, createClickHouseClient } from '@app/clickhouse';
import { EventStore, EventStoreModule } from '@app/event-store';
import { KAFKA, KafkaModule, kafkaSettingsFromEnv, RelayModule } from '@app/messaging';
import { BranchDirectoryModule, OrgModule } from '@app/org';
import { PartsModule } from '@app/parts';
import { configureHttpApp } from '@app/platform-kit';
import { ProjectorModule } from '@app/projections';
import { SalesModule } from '@app/sales';
import { WorkshopModule } from '@app/workshop';
import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Kafka } from 'kafkajs';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { PostJson } from './load';

export interface PipelineAppOptions {
  readonly databaseUrl: string;
  readonly kafkaBrokers: string;
  readonly prefix: string;
  /** Run the projector in this process too (into CLICKHOUSE_DATA_DIR / CLICKHOUSE_DATABASE). */
  readonly projector: boolean;
  /** Wraps the ClickHouse client the projector uses (fault injection at the port). */
  readonly wrapClickHouse?: (client: ClickHouseClient) => ClickHouseClient;
}

/** The command side of every context with the relay (and optionally the projector), listening on a loopback port. */
export interface PipelineApp {
  readonly app: INestApplication;
  readonly url: string;
  readonly dataSource: DataSource;
  readonly store: EventStore;
  readonly kafka: Kafka;
  readonly post: PostJson;
  stop(): Promise<void>;
}

export async function startPipelineApp(options: PipelineAppOptions): Promise<PipelineApp> {
  const imports: (Type<unknown> | DynamicModule)[] = [
    EventStoreModule.forRoot(() => ({ url: options.databaseUrl, applicationName: 'reliability' })),
    KafkaModule.forRoot(() =>
      // A member lost to a fault holds its partitions until its session expires: keep that short here.
      kafkaSettingsFromEnv(
        { ...process.env, KAFKA_BROKERS: options.kafkaBrokers, KAFKA_TOPIC_PREFIX: options.prefix, KAFKA_SESSION_TIMEOUT_MS: '6000' },
        'reliability',
      ),
    ),
    BranchDirectoryModule,
    OrgModule,
    SalesModule,
    WorkshopModule,
    PartsModule,
    RelayModule.forRoot({ retryMs: 250 }),
  ];
  if (options.projector) imports.push(ClickHouseModule.forRoot(), ProjectorModule.forRoot());
  let builder = Test.createTestingModule({ imports });
  const wrap = options.wrapClickHouse;
  if (options.projector && wrap) {
    builder = builder.overrideProvider(CLICKHOUSE_CLIENT).useFactory({
      factory: async () => wrap(await createClickHouseClient(clickHouseConfigFromEnv(process.env))),
    });
  }
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  configureHttpApp(app, { title: 'reliability' });
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const post: PostJson = async (path, body) => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearerFor('head-office', { subject: 'reliability' }) },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
  return {
    app,
    url,
    dataSource: app.get(DataSource),
    store: app.get(EventStore),
    kafka: app.get(KAFKA),
    post,
    stop: () => app.close(),
  };
}
