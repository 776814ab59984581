import { ClickHouseClient, ClickHouseClientError, ClickHouseSettings, InsertOptions, QueryParams } from '@app/clickhouse';

/**
 * Fault injection at the ClickHouseClient port, in front of the real engine: while `down`, every
 * call fails the way an unreachable server fails the HTTP driver (connection refused) and nothing
 * reaches the engine. There is no ClickHouse server binary on these machines and the embedded
 * engine runs inside the projector's process, so this is the closest real outage we can make
 * (docs/reliability.md says so). A call already inside the engine when the outage starts finishes,
 * so a batch can be cut between two of its inserts, as a real outage cuts it.
 */
export class UnavailableClickHouseClient implements ClickHouseClient {
  down = false;
  /** Calls refused while down. */
  refused = 0;

  constructor(private readonly engine: ClickHouseClient) {}

  get driver(): ClickHouseClient['driver'] {
    return this.engine.driver;
  }

  get database(): string {
    return this.engine.database;
  }

  private gate(): void {
    if (!this.down) return;
    this.refused += 1;
    throw new ClickHouseClientError('ClickHouse is unavailable: connect ECONNREFUSED (outage injected by the reliability suite)');
  }

  async query<T extends object>(sql: string, params?: QueryParams, settings?: ClickHouseSettings): Promise<T[]> {
    this.gate();
    return this.engine.query<T>(sql, params, settings);
  }

  async command(sql: string, params?: QueryParams, settings?: ClickHouseSettings): Promise<void> {
    this.gate();
    await this.engine.command(sql, params, settings);
  }

  async insert<T extends object>(table: string, rows: readonly T[], options?: InsertOptions): Promise<void> {
    this.gate();
    await this.engine.insert(table, rows, options);
  }

  async ping(): Promise<boolean> {
    return this.down ? false : this.engine.ping();
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}
