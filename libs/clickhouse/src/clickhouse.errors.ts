import type { ClickHouseDriver } from './clickhouse.port';

/** Base class of every error this library throws. */
export class ClickHouseClientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The engine rejected a statement (syntax, unknown table, type mismatch, ...). */
export class ClickHouseQueryError extends ClickHouseClientError {
  readonly driver: ClickHouseDriver;
  /** ClickHouse error code, e.g. 60 for UNKNOWN_TABLE, when the engine reported one. */
  readonly clickhouseCode: number | undefined;
  /** ClickHouse error name, e.g. `UNKNOWN_TABLE`, when the engine reported one. */
  readonly type: string | undefined;

  constructor(message: string, details: { driver: ClickHouseDriver; clickhouseCode?: number; type?: string; cause?: unknown }) {
    super(message, { cause: details.cause });
    this.driver = details.driver;
    this.clickhouseCode = details.clickhouseCode;
    this.type = details.type;
  }
}

/** A call was made with arguments the library refuses (bad identifier, unsafe number, ...). */
export class ClickHouseArgumentError extends ClickHouseClientError {}

/** The client was used after `close()`. */
export class ClickHouseClosedError extends ClickHouseClientError {}

/** The environment / config does not describe a usable ClickHouse. */
export class ClickHouseConfigError extends ClickHouseClientError {}

/** The process already holds a different embedded data directory (chdb allows one per process). */
export class EmbeddedDataDirConflictError extends ClickHouseClientError {}
