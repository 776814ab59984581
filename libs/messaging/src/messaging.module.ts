import { CheckpointStore, EventStore } from '@app/event-store';
import { relayLag } from '@app/observability';
import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { KafkaEventPublisher } from './event-publisher';
import { EventRelay, EventRelayOptions } from './event-relay';
import { createKafka, KafkaSettings } from './kafka.config';
import { ensureTopics } from './topics';

export const KAFKA = Symbol('KAFKA');
export const KAFKA_SETTINGS = Symbol('KAFKA_SETTINGS');

/** One kafkajs client and its settings for the whole process. */
@Global()
@Module({})
export class KafkaModule {
  static forRoot(settings: () => KafkaSettings): DynamicModule {
    return {
      module: KafkaModule,
      providers: [
        { provide: KAFKA_SETTINGS, useFactory: settings },
        { provide: KAFKA, useFactory: (s: KafkaSettings) => createKafka(s), inject: [KAFKA_SETTINGS] },
      ],
      exports: [KAFKA, KAFKA_SETTINGS],
    };
  }
}

export const RELAY_OPTIONS = Symbol('RELAY_OPTIONS');

/** Runs the store → Kafka relay for the life of the application. */
@Injectable()
export class RelayRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly relay: EventRelay;
  private readonly publisher: KafkaEventPublisher;
  private unwatchLag: (() => void) | undefined;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_SETTINGS) private readonly settings: KafkaSettings,
    @Inject(RELAY_OPTIONS) options: EventRelayOptions,
    dataSource: DataSource,
    store: EventStore,
    checkpoints: CheckpointStore,
  ) {
    this.publisher = new KafkaEventPublisher(kafka, settings.topicPrefix);
    this.relay = new EventRelay(dataSource, store, checkpoints, this.publisher, options);
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensureTopics(this.kafka, this.settings);
    await this.publisher.connect();
    this.relay.start();
    this.unwatchLag = relayLag.watch({ relay: this.relay.name }, () => this.relay.lag());
  }

  /** Before the data source and the ClickHouse client close. */
  async beforeApplicationShutdown(): Promise<void> {
    this.unwatchLag?.();
    await this.relay.stop();
    await this.publisher.disconnect();
  }
}

@Module({})
export class RelayModule {
  static forRoot(options: EventRelayOptions = {}): DynamicModule {
    return {
      module: RelayModule,
      providers: [{ provide: RELAY_OPTIONS, useValue: options }, RelayRunner],
      exports: [RelayRunner],
    };
  }
}
