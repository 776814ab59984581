// The command side as a service runs it: HTTP → validation → command handler → event store,
// with the store → Kafka relay running in the same process (apps/*-service).
import { EventStoreModule } from '@app/event-store';
import { KafkaModule, RelayModule, RelayRunner } from '@app/messaging';
import { BranchDirectoryModule, OrgModule } from '@app/org';
import { PartsModule } from '@app/parts';
import { configureHttpApp, HealthController } from '@app/platform-kit';
import { SalesModule } from '@app/sales';
import { WorkshopModule } from '@app/workshop';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
import { Json } from '../lib/child';
import { TaskContext } from './tasks';

export interface CommandApiInput {
  readonly databaseUrl: string;
  readonly brokers: string[];
  readonly topicPrefix: string;
}

@Module({})
class BenchCommandApiModule {}

export async function commandApi(raw: Json, context: TaskContext): Promise<Json> {
  const input = raw as unknown as CommandApiInput;
  const app = await NestFactory.create(
    {
      module: BenchCommandApiModule,
      imports: [
        EventStoreModule.forRoot(() => ({ url: input.databaseUrl, applicationName: 'bench-command-api' })),
        KafkaModule.forRoot(() => ({
          brokers: input.brokers,
          clientId: 'bench-command-api',
          topicPrefix: input.topicPrefix,
          partitions: 6,
          replicationFactor: 1,
        })),
        BranchDirectoryModule,
        OrgModule,
        SalesModule,
        WorkshopModule,
        PartsModule,
        RelayModule.forRoot(),
      ],
      controllers: [HealthController],
    },
    { logger: ['fatal', 'error', 'warn'] },
  );
  configureHttpApp(app, { title: 'bench command API' });
  await app.listen(0, '127.0.0.1');
  const port = ((app.getHttpServer() as Server).address() as AddressInfo).port;
  const relay = app.get(RelayRunner).relay;
  context.ready({ port });
  await context.stopped;
  const published = relay.publishedCount;
  await app.close();
  return { published };
}
