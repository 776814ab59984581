import { ClickHouseClient, ClickHouseSettings, InsertOptions, QueryParams } from '@app/clickhouse';

/** A projection tried to write a table that is not being rebuilt. */
export class UnexpectedRebuildTableError extends Error {
  constructor(readonly table: string) {
    super(`a projection wrote to table ${table}, which this rebuild has no shadow for`);
    this.name = 'UnexpectedRebuildTableError';
  }
}

/**
 * The live client with every insert redirected from a live table to its shadow, counting rows per
 * live table. Handing it to {@link ClickHouseProjectionSink} reuses the live projection loop as is.
 * It does not own the client: `close()` leaves it open.
 */
export class ShadowInsertClient implements ClickHouseClient {
  private readonly rows = new Map<string, number>();

  constructor(
    private readonly live: ClickHouseClient,
    /** live table → shadow table */
    private readonly shadows: ReadonlyMap<string, string>,
  ) {
    for (const table of shadows.keys()) this.rows.set(table, 0);
  }

  get driver(): ClickHouseClient['driver'] {
    return this.live.driver;
  }

  get database(): string {
    return this.live.database;
  }

  get cluster(): string | undefined {
    return this.live.cluster;
  }

  /** Rows inserted so far, by live table name. */
  rowsWritten(): Record<string, number> {
    return Object.fromEntries(this.rows);
  }

  query<T extends object>(sql: string, params?: QueryParams, settings?: ClickHouseSettings): Promise<T[]> {
    return this.live.query<T>(sql, params, settings);
  }

  command(sql: string, params?: QueryParams, settings?: ClickHouseSettings): Promise<void> {
    return this.live.command(sql, params, settings);
  }

  async insert<T extends object>(table: string, rows: readonly T[], options?: InsertOptions): Promise<void> {
    const shadow = this.shadows.get(table);
    if (shadow === undefined) throw new UnexpectedRebuildTableError(table);
    await this.live.insert(shadow, rows, options);
    this.rows.set(table, (this.rows.get(table) ?? 0) + rows.length);
  }

  ping(): Promise<boolean> {
    return this.live.ping();
  }

  async close(): Promise<void> {
    // Not ours to close.
  }
}
