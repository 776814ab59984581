import { ClickHouseClient } from '@app/clickhouse';
import { DomainEvent, parseEvent } from '@app/contracts';
import { CommitPosition, CommittedEvent, START_OF_STORE } from '@app/event-store';
import { performance } from 'node:perf_hooks';
import { BranchCalendar } from '../business-date';
import { rebuildRollup, Rollup } from '../rollups/rollup';
import { ClickHouseProjectionSink } from '../clickhouse-projection.sink';
import { Projection } from '../projection';
import { ShadowInsertClient } from './shadow-insert.client';
import {
  assertPlainTableName,
  copySeedRows,
  createShadowTable,
  dropShadowTable,
  exchangeWithShadow,
  insertTriggeredViewsOn,
  missingTables,
  shadowTableName,
} from './shadow-tables';

/** The part of the EventStore a rebuild reads: the commit-order reader the relay uses. */
export interface CommittedEventReader {
  readCommittedAfter(after: CommitPosition, limit: number): Promise<CommittedEvent[]>;
}

/** The part of a Nest `Logger` a rebuild uses. */
export interface RebuildLogger {
  log(message: string): void;
  warn(message: string): void;
}

export const DEFAULT_REBUILD_BATCH_SIZE = 5000;
/** How many problem events a report lists (all are counted). */
export const MAX_REPORTED_PROBLEMS = 100;

export interface RebuildProjectionsOptions {
  readonly store: CommittedEventReader;
  readonly client: ClickHouseClient;
  readonly projections: readonly Projection[];
  readonly calendar: BranchCalendar;
  /** Events per read and per insert round; default {@link DEFAULT_REBUILD_BATCH_SIZE}. */
  readonly batchSize?: number;
  /** Roll-ups recomputed from the rebuilt facts after the swap (shadow, fill, exchange); default none. */
  readonly rollups?: readonly Rollup[];
  /** Progress and warnings; silent by default. */
  readonly logger?: RebuildLogger;
}

/** An event the rebuild could not project: it is skipped, as the live projector sends it to the DLQ. */
export interface RebuildProblem {
  readonly kind: 'unparseable' | 'rejected';
  readonly eventId: string;
  readonly type: string;
  readonly globalPosition: string;
  readonly reason: string;
}

export interface RebuildBuildReport {
  /** The live tables rebuilt, in the order they are swapped. */
  readonly tables: readonly string[];
  /** Events read from the store (all of it, in commit order). */
  readonly eventsRead: number;
  /** Events that fail `parseEvent` (bad envelope, unknown type or version, invalid payload). */
  readonly unparseable: number;
  /** Parsed events a projection refused (e.g. a branch without a calendar). */
  readonly rejected: number;
  /** The first {@link MAX_REPORTED_PROBLEMS} unparseable or rejected events. */
  readonly problems: readonly RebuildProblem[];
  /** Rows inserted into each shadow table, by live table name (before ReplacingMergeTree collapses duplicates). */
  readonly rowsWritten: Readonly<Record<string, number>>;
  /** Seed rows (written by a migration, `global_position = 0`) copied from each live table, by table; tables without any are left out. */
  readonly seedRowsCopied: Readonly<Record<string, number>>;
  /** The position of the last event read. */
  readonly lastPosition: CommitPosition;
  readonly buildSeconds: number;
  /** eventsRead ÷ buildSeconds. */
  readonly eventsPerSecond: number;
  /** Insert-triggered materialized views on the rebuilt tables: the rebuild does not refill their targets. */
  readonly insertTriggeredViews: readonly string[];
}

export interface RebuildReport extends RebuildBuildReport {
  readonly swapSeconds: number;
  /** Events committed between the end of the build and the swap, projected into the new live tables afterwards. */
  readonly caughtUpEvents: number;
  readonly caughtUpRows: Readonly<Record<string, number>>;
  /** Build, swap and catch-up. */
  readonly seconds: number;
}

const SILENT: RebuildLogger = { log: () => undefined, warn: () => undefined };

interface ReadResult {
  eventsRead: number;
  unparseable: number;
  rejected: number;
  problems: RebuildProblem[];
  lastPosition: CommitPosition;
}

/**
 * Reads the store from `from` to its end in commit order and writes every event through `sink`.
 * Events that fail to parse or that a projection refuses are counted and listed, never fatal;
 * an infrastructure error (Postgres, ClickHouse) throws.
 */
async function projectStore(
  store: CommittedEventReader,
  sink: ClickHouseProjectionSink,
  from: CommitPosition,
  batchSize: number,
  logger: RebuildLogger,
  problems: RebuildProblem[],
): Promise<ReadResult> {
  const result: ReadResult = { eventsRead: 0, unparseable: 0, rejected: 0, problems, lastPosition: from };
  let lastLogged = performance.now();
  // The next batch is read from Postgres while this one is projected and written to ClickHouse.
  let next = store.readCommittedAfter(result.lastPosition, batchSize);
  for (;;) {
    const batch = await next;
    if (batch.length === 0) return result;
    const tail = batch[batch.length - 1];
    if (tail) {
      next = store.readCommittedAfter(tail.position, batchSize);
      // Awaited on the next turn; a write failing first must not leave it unhandled meanwhile.
      next.catch(() => undefined);
    }
    const events: DomainEvent[] = [];
    const byId = new Map<string, CommittedEvent>();
    for (const committed of batch) {
      const parsed = parseEvent(committed.event);
      if (parsed.ok) {
        events.push(parsed.event);
        byId.set(parsed.event.eventId, committed);
      } else {
        result.unparseable++;
        note(problems, 'unparseable', committed, parsed.reason);
      }
    }
    if (events.length > 0) {
      // The sink prepares the calendar for the batch's branches, projects and inserts one block per table.
      const { rejected } = await sink.write(events);
      result.rejected += rejected.length;
      for (const r of rejected) {
        const committed = byId.get(r.eventId);
        if (committed) note(problems, 'rejected', committed, r.reason);
      }
    }
    result.eventsRead += batch.length;
    if (tail) result.lastPosition = tail.position;
    if (performance.now() - lastLogged > 5000) {
      lastLogged = performance.now();
      logger.log(`${result.eventsRead} events projected (up to global position ${result.lastPosition.globalPosition})`);
    }
  }
}

function note(problems: RebuildProblem[], kind: RebuildProblem['kind'], committed: CommittedEvent, reason: string): void {
  if (problems.length >= MAX_REPORTED_PROBLEMS) return;
  const { event, position } = committed;
  problems.push({ kind, eventId: event.eventId, type: event.type, globalPosition: position.globalPosition, reason });
}

const seconds = (startedAt: number): number => (performance.now() - startedAt) / 1000;

/**
 * A projection rebuild in two steps (Invariant 6): {@link ProjectionRebuild.build} fills a shadow
 * table beside every live table from the whole event store while readers keep reading the live
 * tables; {@link ProjectionRebuild.swap} exchanges every live table with its shadow (`EXCHANGE
 * TABLES`, atomic per table), drops the old data and projects the events committed meanwhile.
 * Readers never see a half-built table: nothing is swapped before everything is built.
 *
 * Each `EXCHANGE` is atomic for its table; the tables are swapped one after another within
 * milliseconds, and old and new tables hold the same events, so a query joining two of them
 * sees a consistent model either way (what changes is whatever the rebuild repairs).
 */
export class ProjectionRebuild {
  private state: 'built' | 'swapped' | 'discarded' = 'built';

  private constructor(
    private readonly options: Required<Omit<RebuildProjectionsOptions, 'logger'>> & { logger: RebuildLogger },
    readonly report: RebuildBuildReport,
  ) {}

  /** The live tables being rebuilt, each with its shadow. */
  get shadowTables(): ReadonlyMap<string, string> {
    return new Map(this.report.tables.map((t) => [t, shadowTableName(t)]));
  }

  /**
   * Creates a fresh shadow for every distinct table of `projections` (`CREATE TABLE t__rebuild AS
   * t`: same columns, engine, partition and sort key; a stale shadow is dropped first) and projects
   * the whole store into the shadows; seed rows that no event wrote are copied over (see
   * {@link copySeedRows}). The live tables are not touched. On failure the shadows are
   * dropped and the error is thrown.
   */
  static async build(options: RebuildProjectionsOptions): Promise<ProjectionRebuild> {
    const batchSize = options.batchSize ?? DEFAULT_REBUILD_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    const logger = options.logger ?? SILENT;
    const { client } = options;
    // The same projection listed twice would write every row twice.
    const projections = [...new Set(options.projections)];
    const tables = [...new Set(projections.map((p) => p.table))];
    if (tables.length === 0) throw new RangeError('nothing to rebuild: no projections given');
    tables.forEach(assertPlainTableName);
    const missing = await missingTables(client, tables);
    if (missing.length > 0) {
      throw new Error(
        `cannot rebuild: table(s) ${missing.join(', ')} do not exist in ClickHouse database ${client.database}; run the ClickHouse migrations first`,
      );
    }
    const insertTriggeredViews = await insertTriggeredViewsOn(client, tables);
    if (insertTriggeredViews.length > 0) {
      logger.warn(
        `materialized view(s) ${insertTriggeredViews.join(', ')} fire on inserts into the rebuilt tables; ` +
          'the rebuild fills the new tables without them, so their targets are not rebuilt',
      );
    }

    const startedAt = performance.now();
    const shadows = new Map<string, string>();
    try {
      const seedRowsCopied: Record<string, number> = {};
      for (const table of tables) {
        shadows.set(table, await createShadowTable(client, table));
        const seeds = await copySeedRows(client, table);
        if (seeds > 0) seedRowsCopied[table] = seeds;
      }
      logger.log(`building ${[...shadows.values()].join(', ')} from the event store (batches of ${batchSize})`);
      const shadowClient = new ShadowInsertClient(client, shadows);
      const sink = new ClickHouseProjectionSink(shadowClient, projections, { calendar: options.calendar });
      const read = await projectStore(options.store, sink, START_OF_STORE, batchSize, logger, []);
      const buildSeconds = seconds(startedAt);
      const report: RebuildBuildReport = {
        tables,
        eventsRead: read.eventsRead,
        unparseable: read.unparseable,
        rejected: read.rejected,
        problems: read.problems,
        rowsWritten: shadowClient.rowsWritten(),
        seedRowsCopied,
        lastPosition: read.lastPosition,
        buildSeconds,
        eventsPerSecond: buildSeconds > 0 ? read.eventsRead / buildSeconds : 0,
        insertTriggeredViews,
      };
      logger.log(
        `built ${tables.length} table(s) from ${report.eventsRead} events in ${buildSeconds.toFixed(2)} s ` +
          `(${Math.round(report.eventsPerSecond)} events/s)`,
      );
      return new ProjectionRebuild({ ...options, projections, batchSize, logger, rollups: options.rollups ?? [] }, report);
    } catch (error) {
      await Promise.allSettled([...shadows.keys()].map((t) => dropShadowTable(client, t)));
      throw error;
    }
  }

  /**
   * Swaps every live table with its freshly built shadow, drops the shadows (now the old data),
   * then projects the events committed since the build read its last one into the new live
   * tables, so that nothing a live projector wrote into an old table in the meantime is lost
   * (the facts are keyed by event: writing an event twice changes no figure).
   */
  async swap(): Promise<RebuildReport> {
    this.assertBuilt('swap');
    const { client, store, projections, calendar, batchSize, logger } = this.options;
    const startedAt = performance.now();
    this.state = 'swapped';
    for (const table of this.report.tables) await exchangeWithShadow(client, table);
    for (const table of this.report.tables) await dropShadowTable(client, table);
    const swapSeconds = seconds(startedAt);
    logger.log(`swapped ${this.report.tables.join(', ')} in ${swapSeconds.toFixed(3)} s`);

    const counting = new ShadowInsertClient(client, new Map(this.report.tables.map((t) => [t, t])));
    const sink = new ClickHouseProjectionSink(counting, projections, { calendar });
    const problems = [...this.report.problems];
    const caughtUp = await projectStore(store, sink, this.report.lastPosition, batchSize, logger, problems);
    if (caughtUp.eventsRead > 0) logger.log(`projected ${caughtUp.eventsRead} event(s) committed during the rebuild`);
    // Roll-ups come from the facts now live: each is filled beside the live one and swapped in.
    for (const rollup of this.options.rollups) {
      await rebuildRollup(client, rollup);
      logger.log(`recomputed roll-up ${rollup.table}`);
    }
    return {
      ...this.report,
      unparseable: this.report.unparseable + caughtUp.unparseable,
      rejected: this.report.rejected + caughtUp.rejected,
      problems,
      lastPosition: caughtUp.lastPosition,
      swapSeconds,
      caughtUpEvents: caughtUp.eventsRead,
      caughtUpRows: counting.rowsWritten(),
      seconds: this.report.buildSeconds + seconds(startedAt),
    };
  }

  /** Drops the shadow tables without swapping: the live tables stay as they were. */
  async discard(): Promise<void> {
    this.assertBuilt('discard');
    this.state = 'discarded';
    for (const table of this.report.tables) await dropShadowTable(this.options.client, table);
  }

  private assertBuilt(step: string): void {
    if (this.state !== 'built') throw new Error(`cannot ${step} a projection rebuild that was already ${this.state}`);
  }
}

/**
 * Rebuilds the tables of `projections` from the whole event store beside the live ones and swaps
 * them in at the end ({@link ProjectionRebuild.build} then {@link ProjectionRebuild.swap}).
 */
export async function rebuildProjections(options: RebuildProjectionsOptions): Promise<RebuildReport> {
  const rebuild = await ProjectionRebuild.build(options);
  return rebuild.swap();
}
