import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { clickHouseConfigFromEnv, describeClickHouseConfig, type ClickHouseConfig } from './clickhouse.config';
import { createClickHouseClient } from './clickhouse.factory';
import type { ClickHouseClient } from './clickhouse.port';

/** Injection token of the {@link ClickHouseClient}: `@Inject(CLICKHOUSE_CLIENT) client: ClickHouseClient`. */
export const CLICKHOUSE_CLIENT = 'CLICKHOUSE_CLIENT';

/** Closes the client when the application shuts down (`app.close()` / enableShutdownHooks). */
@Injectable()
export class ClickHouseClientCloser implements OnApplicationShutdown {
  private readonly logger = new Logger('ClickHouse');

  constructor(@Inject(CLICKHOUSE_CLIENT) private readonly client: ClickHouseClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
    this.logger.log(`${this.client.driver} client (database ${this.client.database}) closed`);
  }
}

/**
 * Provides the {@link ClickHouseClient} under {@link CLICKHOUSE_CLIENT}, globally.
 * `config` is a config or a function returning one (called when the module is instantiated);
 * by default the environment decides ({@link clickHouseConfigFromEnv}).
 */
@Global()
@Module({})
export class ClickHouseModule {
  static forRoot(config?: ClickHouseConfig | (() => ClickHouseConfig)): DynamicModule {
    return {
      module: ClickHouseModule,
      providers: [
        {
          provide: CLICKHOUSE_CLIENT,
          useFactory: async (): Promise<ClickHouseClient> => {
            const resolved = typeof config === 'function' ? config() : (config ?? clickHouseConfigFromEnv(process.env));
            const logger = new Logger('ClickHouse');
            const started = Date.now();
            const client = await createClickHouseClient(resolved);
            logger.log(`${describeClickHouseConfig(resolved)} ready in ${Date.now() - started} ms`);
            return client;
          },
        },
        ClickHouseClientCloser,
      ],
      exports: [CLICKHOUSE_CLIENT],
    };
  }
}
