import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CheckpointStore } from './checkpoint-store';
import { eventStoreDataSourceOptions, EventStoreDatabaseOptions, migrateEventStore } from './data-source';
import { EventStore } from './event-store';
import { IdempotentCommandRunner } from './idempotent-command-runner';

/** Provides the TypeORM data source (migrations applied at start), the EventStore, checkpoints and the idempotent command runner. */
@Global()
@Module({})
export class EventStoreModule {
  static forRoot(options: () => EventStoreDatabaseOptions): DynamicModule {
    return {
      module: EventStoreModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => eventStoreDataSourceOptions(options()),
          dataSourceFactory: async (dataSourceOptions) => {
            if (!dataSourceOptions) throw new Error('no data source options');
            const dataSource = await new DataSource(dataSourceOptions).initialize();
            await migrateEventStore(dataSource);
            return dataSource;
          },
        }),
      ],
      providers: [
        { provide: EventStore, useFactory: (ds: DataSource) => new EventStore(ds), inject: [DataSource] },
        { provide: CheckpointStore, useFactory: (ds: DataSource) => new CheckpointStore(ds), inject: [DataSource] },
        { provide: IdempotentCommandRunner, useFactory: (ds: DataSource) => new IdempotentCommandRunner(ds), inject: [DataSource] },
      ],
      exports: [EventStore, CheckpointStore, IdempotentCommandRunner, TypeOrmModule],
    };
  }
}
