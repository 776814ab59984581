import { BAD_TOKEN_LIMIT, SESSION_CHECK } from '@app/auth';
import { DynamicModule, Global, Inject, Injectable, Module, OnModuleDestroy, Provider } from '@nestjs/common';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { IDENTITY_SETTINGS } from './identity.tokens';
import { identitySettingsFromEnv } from './identity.settings';
import { BadTokenAttempts } from './rate-limits';
import { IDENTITY_QUERY, IdentityQuery, PostgresSessionCheck } from './session-check';

const POOL = 'IDENTITY_SESSION_POOL';

@Injectable()
class PoolCloser implements OnModuleDestroy {
  constructor(@Inject(POOL) private readonly pool: Pool) {}
  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}

function common(query: Provider): Provider[] {
  return [
    { provide: IDENTITY_SETTINGS, useFactory: () => identitySettingsFromEnv(process.env) },
    query,
    { provide: SESSION_CHECK, inject: [IDENTITY_QUERY], useFactory: (q: IdentityQuery) => new PostgresSessionCheck(q) },
    { provide: BAD_TOKEN_LIMIT, useClass: BadTokenAttempts },
  ];
}

const EXPORTS = [IDENTITY_SETTINGS, IDENTITY_QUERY, SESSION_CHECK, BAD_TOKEN_LIMIT];

/**
 * The session check of the authentication gate (SESSION_CHECK: sign-in and integration tokens
 * carry a `sid` that must still be open) and its rate limit of bad tokens per address, for any
 * service that can reach the identity tables in the event store's Postgres. Global, so the
 * JwtAuthGuard of the app finds both.
 */
@Global()
@Module({})
export class SessionCheckModule {
  /** In a service with the EventStoreModule: queries through its data source. */
  static forEventStore(): DynamicModule {
    return {
      module: SessionCheckModule,
      providers: common({
        provide: IDENTITY_QUERY,
        inject: [DataSource],
        useFactory:
          (dataSource: DataSource): IdentityQuery =>
          (sql, parameters) =>
            dataSource.query(sql, [...parameters]),
      }),
      exports: EXPORTS,
    };
  }

  /** In a service without the event store (the reporting API): a small pool of its own to DATABASE_URL. */
  static forDatabase(url: () => string): DynamicModule {
    return {
      module: SessionCheckModule,
      providers: [
        { provide: POOL, useFactory: () => new Pool({ connectionString: url(), max: 2, application_name: 'session-check' }) },
        PoolCloser,
        ...common({
          provide: IDENTITY_QUERY,
          inject: [POOL],
          useFactory:
            (pool: Pool): IdentityQuery =>
            async <T>(sql: string, parameters: readonly unknown[]) =>
              (await pool.query(sql, [...parameters])).rows as T[],
        }),
      ],
      exports: EXPORTS,
    };
  }
}
