import { ClickHouseClient } from '@app/clickhouse';
import {
  KPI_FACT_TABLES,
  KPI_MONTH_ROLLUP_DEFINITION,
  kpiMonthComponentsSql,
  onRollupRoundRequested,
  projectorPosition,
  ProjectorPosition,
  recordRollupPosition,
  ROLLUP_KPI_MONTH,
  ROLLUP_KPIS,
  DEFAULT_REWORK_WINDOW_DAYS,
} from '@app/kpi';
import { rollupPendingRanges, rollupRoundDuration, secondsSince } from '@app/observability';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Rollup } from './rollup';

/** A Date beyond every business date ("from this month on"). */
const END_OF_TIME = '2149-01-01';

/** Months [from, to) (first days) of some branches (empty = every branch). */
export interface MonthRange {
  readonly from: string;
  readonly to: string;
  readonly branches: readonly string[];
}

const monthOf = (date: string): string => `${date.slice(0, 7)}-01`;

export function nextMonthStart(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/**
 * The months and branches whose KPI components the rows of a batch can change:
 * - a fact: its branch in the month of its business date (a stock snapshot: its month); a vehicle
 *   sale naming a customer area also every branch that ever owned the area (`territoryOwners`):
 *   its market share credit (ADR 29);
 * - a territory assignment: every branch from the month it takes effect on;
 * - a region assignment: that branch from the month it takes effect on (the region of its facts);
 * - a rework window setting: every branch from the month it takes effect on;
 * - a period close: every branch in that month ("as closed" now leaves out later facts).
 * Months next to each other with the same branches make one range.
 */
export function touchedMonthRanges(
  rowsByTable: ReadonlyMap<string, readonly object[]>,
  territoryOwners: ReadonlyMap<string, readonly string[]> = new Map(),
): MonthRange[] {
  const branchesByMonth = new Map<string, Set<string>>();
  for (const table of KPI_FACT_TABLES) {
    for (const row of rowsByTable.get(table) ?? []) {
      const { branch_id, business_date, snapshot_month, customer_area } = row as {
        branch_id?: unknown;
        business_date?: unknown;
        snapshot_month?: unknown;
        customer_area?: unknown;
      };
      // A stock snapshot counts in the month it names, whenever it was recorded.
      const date = typeof snapshot_month === 'string' ? snapshot_month : business_date;
      if (typeof branch_id !== 'string' || typeof date !== 'string') continue;
      const month = monthOf(date);
      const set = branchesByMonth.get(month) ?? new Set<string>();
      set.add(branch_id);
      if (typeof customer_area === 'string') for (const owner of territoryOwners.get(customer_area) ?? []) set.add(owner);
      branchesByMonth.set(month, set);
    }
  }
  const ranges: MonthRange[] = [];
  for (const month of [...branchesByMonth.keys()].sort()) {
    const branches = [...(branchesByMonth.get(month) ?? [])].sort();
    const last = ranges[ranges.length - 1];
    if (last && last.to === month && last.branches.join('\n') === branches.join('\n')) {
      ranges[ranges.length - 1] = { ...last, to: nextMonthStart(month) };
    } else {
      ranges.push({ from: month, to: nextMonthStart(month), branches });
    }
  }
  for (const row of rowsByTable.get('org_branch_region_assignments') ?? []) {
    const { branch_id, valid_from } = row as { branch_id: string; valid_from: string };
    ranges.push({ from: monthOf(valid_from), to: END_OF_TIME, branches: [branch_id] });
  }
  for (const row of rowsByTable.get('org_territory_assignments') ?? []) {
    const { valid_from } = row as { valid_from: string };
    ranges.push({ from: monthOf(valid_from), to: END_OF_TIME, branches: [] });
  }
  for (const row of rowsByTable.get('org_kpi_settings') ?? []) {
    const { key, valid_from } = row as { key: string; valid_from: string };
    if (key === 'rework_window_days') ranges.push({ from: monthOf(valid_from), to: END_OF_TIME, branches: [] });
  }
  for (const row of rowsByTable.get('org_period_closes') ?? []) {
    const { month } = row as { month: string };
    ranges.push({ from: monthOf(month), to: nextMonthStart(monthOf(month)), branches: [] });
  }
  return ranges;
}

/**
 * Every branch that ever owned the customer areas the batch's vehicle sales name (a superset of the
 * owner on the sale's date, which is enough: recomputing a branch more is still exact).
 */
async function territoryOwners(client: ClickHouseClient, rowsByTable: ReadonlyMap<string, readonly object[]>): Promise<Map<string, string[]>> {
  const areas = new Set<string>();
  for (const row of rowsByTable.get('fact_vehicle_sales') ?? []) {
    const area = (row as { customer_area?: unknown }).customer_area;
    if (typeof area === 'string' && area !== '') areas.add(area);
  }
  const owners = new Map<string, string[]>();
  if (areas.size === 0) return owners;
  const rows = await client.query<{ area: string; owners: string[] }>(
    `SELECT area, groupUniqArray(toString(branch_id)) AS owners FROM org_territory_assignments FINAL
      WHERE has({areas:Array(String)}, area) AND branch_id != '' GROUP BY area`,
    { areas: [...areas] },
  );
  for (const r of rows) owners.set(r.area, r.owners);
  return owners;
}

const COLUMNS = 'kpi, view, branch_id, month, region_id, currency, num, den, version, is_deleted';
const IN_RANGE = 'month >= {from:Date} AND month < {to:Date} AND (empty({branches:Array(String)}) OR has({branches:Array(String)}, branch_id))';

/** Ranges waiting for a recompute (written with the facts of a batch, before its offsets move). */
export const ROLLUP_KPI_PENDING = 'rollup_kpi_pending';

/** The components of a range (every KPI, or those named), both views, recomputed from the facts at `version`. */
function recomputeSql(target: string, kpiIds?: readonly string[]): string {
  return `INSERT INTO ${target} (${COLUMNS})
    SELECT kpi, view, branch_id, month, ifNull(region_id, ''), currency, sum(num), sum(den), {version:UInt64}, 0
      FROM (${kpiMonthComponentsSql(kpiIds)})
     GROUP BY kpi, view, branch_id, month, region_id, currency`;
}

/**
 * A recompute (live, or the fill of a rebuild) runs one statement per KPI, not one for all: a
 * statement of every KPI takes a second or more of the engine's CPU, and on one connection (a
 * single-connection embedded engine, ADR 15) the projector's inserts and the pages' queries would
 * wait behind it. Per KPI, nothing waits long, whatever the connections; and the engine holds one
 * KPI's joins at a time: filling the roll-up of a 1 M-event store took 1,334 MB of peak RSS in
 * one statement, 721 MB per KPI (4.4 s → 5.9 s; docs/performance.md, issue #18 item 4).
 */
const RECOMPUTE_STATEMENTS: readonly (readonly string[])[] = ROLLUP_KPIS.map((id) => [id]);

/** The keys of a range that the recompute at `version` did not write again: deleted at that version. */
const TOMBSTONES_SQL = `INSERT INTO ${ROLLUP_KPI_MONTH} (${COLUMNS})
    SELECT kpi, view, branch_id, month, region_id, currency, num, den, {version:UInt64}, 1
      FROM ${ROLLUP_KPI_MONTH} FINAL
     WHERE ${IN_RANGE} AND version < {version:UInt64}`;

const rangeParams = (range: MonthRange, version: bigint) => ({
  from: range.from,
  to: range.to,
  branches: [...range.branches],
  default_rework_window: DEFAULT_REWORK_WINDOW_DAYS,
  version: version.toString(),
});

/**
 * A version above every stored one: ClickHouse's clock in nanoseconds, or the highest stored
 * version + 1 if that is higher. Recomputes that start later read every fact written before the
 * earlier ones started, so the latest version is never the one that saw less.
 */
async function nextVersion(client: ClickHouseClient): Promise<bigint> {
  const rows = await client.query<{ v: string }>(
    `SELECT toString(greatest(toUInt64(toUnixTimestamp64Nano(now64(9))), (SELECT max(version) + 1 FROM ${ROLLUP_KPI_MONTH}))) AS v`,
  );
  return BigInt(rows[0]?.v ?? '0');
}

/** Recomputes ranges of the live roll-up: fresh rows at one version, then the keys they no longer yield deleted. */
export async function recomputeKpiMonths(client: ClickHouseClient, ranges: readonly MonthRange[]): Promise<void> {
  if (ranges.length === 0) return;
  const version = await nextVersion(client);
  for (const range of ranges) {
    for (const kpis of RECOMPUTE_STATEMENTS) await client.command(recomputeSql(ROLLUP_KPI_MONTH, kpis), rangeParams(range, version));
  }
  for (const range of ranges) await client.command(TOMBSTONES_SQL, rangeParams(range, version));
}

const instant = (date: Date): string => date.toISOString().replace('T', ' ').replace('Z', '');

/**
 * One range covering them all: the first month to the last, every branch named (or every branch
 * when one range asks for all). Recomputing is planned once per statement (about a second for
 * the SQL of every KPI) and reads little data per branch-month, so one statement over a superset
 * costs less than one per range; recomputing a superset is still exact.
 */
export function coverRanges(ranges: readonly MonthRange[]): MonthRange | undefined {
  if (ranges.length === 0) return undefined;
  const branches = new Set<string>();
  let all = false;
  let from = ranges[0]?.from ?? '';
  let to = ranges[0]?.to ?? '';
  for (const r of ranges) {
    if (r.from < from) from = r.from;
    if (r.to > to) to = r.to;
    if (r.branches.length === 0) all = true;
    for (const branch of r.branches) branches.add(branch);
  }
  return { from, to, branches: all ? [] : [...branches].sort() };
}

export interface PendingRefresh {
  /** Pending rows recomputed. */
  readonly pending: number;
  /** The range recomputed (covering every pending row); undefined when none was pending. */
  readonly range?: MonthRange;
  readonly ms: number;
}

/**
 * Recomputes every range waiting in rollup_kpi_pending, then marks those rows done. Safe to run
 * again at any point: a range is marked done only after its recompute, and recomputing is
 * idempotent. One refresher per ClickHouse database at a time (the projector's).
 */
export async function refreshPendingKpiMonths(client: ClickHouseClient): Promise<PendingRefresh> {
  const started = performance.now();
  // Read first: every event with a projector_events row now had its pending range written before
  // that row, so the recompute below covers it (docs/adr/0018-as-of-marks.md).
  const consumed = await projectorPosition(client);
  const rows = await client.query<{ id: string; month_from: string; month_to: string; branches: string[]; marked_at: string }>(
    `SELECT toString(id) AS id, toString(month_from) AS month_from, toString(month_to) AS month_to, branches, toString(marked_at) AS marked_at
       FROM ${ROLLUP_KPI_PENDING} FINAL`,
  );
  const range = coverRanges(rows.map((r) => ({ from: r.month_from, to: r.month_to, branches: r.branches })));
  if (!range) {
    await recordKpiMonthPosition(client, consumed);
    return { pending: 0, ms: performance.now() - started };
  }
  await recomputeKpiMonths(client, [range]);
  await client.insert(
    ROLLUP_KPI_PENDING,
    rows.map((r) => ({ id: r.id, month_from: r.month_from, month_to: r.month_to, branches: r.branches, marked_at: r.marked_at, done: 1, is_deleted: 1 })),
  );
  await recordKpiMonthPosition(client, consumed);
  return { pending: rows.length, range, ms: performance.now() - started };
}

/** The last position recorded per client, so that an idle round writes nothing. */
const recorded = new WeakMap<ClickHouseClient, string>();

/** Records what the roll-up consumed, when it moved since the last round of this process. */
async function recordKpiMonthPosition(client: ClickHouseClient, consumed: ProjectorPosition): Promise<void> {
  if (consumed.projectedUpto === null || recorded.get(client) === consumed.projectedUpto) return;
  await recordRollupPosition(client, ROLLUP_KPI_MONTH, consumed);
  recorded.set(client, consumed.projectedUpto);
}

/**
 * The KPI engine's components per branch × month (see @app/kpi kpi-rollup.ts), kept exact from the
 * deduplicated facts with the engine's own SQL (docs/adr/0014-kpi-month-rollup.md). Recomputing
 * takes about a second whatever the range (the SQL of every KPI), too long for each batch, so a
 * batch only records the months × branches it touched (`refresh`), with its facts and before its
 * offsets move, and {@link KpiRollupRefresher} recomputes what is pending, all of it at once.
 */
export const kpiMonthRollup: Rollup = {
  table: ROLLUP_KPI_MONTH,
  sources: [...KPI_FACT_TABLES, 'org_branch_region_assignments', 'org_territory_assignments', 'org_kpi_settings', 'org_period_closes'],
  definition: KPI_MONTH_ROLLUP_DEFINITION,
  async refresh(client: ClickHouseClient, rowsByTable: ReadonlyMap<string, readonly object[]>): Promise<void> {
    const ranges = touchedMonthRanges(rowsByTable, await territoryOwners(client, rowsByTable));
    if (ranges.length === 0) return;
    const markedAt = instant(new Date());
    await client.insert(
      ROLLUP_KPI_PENDING,
      ranges.map((r) => ({ id: randomUUID(), month_from: r.from, month_to: r.to, branches: [...r.branches], marked_at: markedAt, done: 0, is_deleted: 0 })),
    );
  },
  async fill(client: ClickHouseClient, table: string): Promise<void> {
    const params = rangeParams({ from: '1970-01-01', to: END_OF_TIME, branches: [] }, await nextVersion(client));
    for (const kpis of RECOMPUTE_STATEMENTS) await client.command(recomputeSql(table, kpis), params);
  },
  async rebuilt(client: ClickHouseClient, since: Date): Promise<void> {
    // Ranges a live projector recorded (and perhaps recomputed into the old table) during the fill
    // are pending again; a minute earlier than the fill began covers clocks that differ a little.
    await client.command(
      `INSERT INTO ${ROLLUP_KPI_PENDING} (id, month_from, month_to, branches, marked_at, done, is_deleted)
       SELECT generateUUIDv4(), month_from, month_to, branches, now64(3), 0, 0 FROM ${ROLLUP_KPI_PENDING} WHERE marked_at >= {since:DateTime64(3)}`,
      { since: instant(new Date(since.getTime() - 60_000)) },
    );
  },
};

/** ROLLUP_REFRESH_INTERVAL_MS: whole milliseconds from 10 to 600,000 (default 1,000); anything else stops the start. */
export function refreshIntervalFromEnv(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 1_000;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 10 || ms > 600_000) {
    throw new RangeError(`ROLLUP_REFRESH_INTERVAL_MS must be whole milliseconds from 10 to 600000, not ${JSON.stringify(value)}`);
  }
  return ms;
}

export interface KpiRollupRefresherOptions {
  /** Pause between two rounds (default 1,000 ms, env ROLLUP_REFRESH_INTERVAL_MS). */
  readonly intervalMs?: number;
  readonly logger?: { log(message: string): void; warn(message: string): void };
}

/**
 * Recomputes the pending KPI months in rounds, one at a time, while the projector runs. A failed
 * round (ClickHouse unavailable) leaves the ranges pending and is tried again next round.
 */
export class KpiRollupRefresher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  /** A reader asked for a round (read-your-writes): the next one starts after the plain interval. */
  private requested = false;
  /** The timer is set for the next round (none running). */
  private pausing = false;
  private unsubscribe: (() => void) | undefined;
  readonly stats = { rounds: 0, pending: 0, failures: 0, lastMs: 0 };

  readonly intervalMs: number;

  constructor(
    private readonly client: ClickHouseClient,
    private readonly options: KpiRollupRefresherOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? refreshIntervalFromEnv(process.env.ROLLUP_REFRESH_INTERVAL_MS);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = onRollupRoundRequested(() => this.roundRequested());
    this.schedule();
  }

  /**
   * A read with minPosition waits for the roll-up: a round now when the refresher is pausing, or
   * right after the round in hand (the pause that keeps rounds to a third of the engine's time is
   * skipped while readers wait; it applies again when they stop asking).
   */
  private roundRequested(): void {
    if (this.stopped) return;
    if (this.pausing && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.pausing = false;
      void this.round().then(() => this.schedule());
    } else {
      this.requested = true;
    }
  }

  /** Waits for the round in hand, then runs a last one so nothing the projector wrote stays pending. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    await this.round();
  }

  /** One round now (also what the timer runs). */
  async round(): Promise<void> {
    const run = (this.running ?? Promise.resolve()).then(async () => {
      const started = performance.now();
      try {
        const done = await refreshPendingKpiMonths(this.client);
        rollupPendingRanges.set({ rollup: ROLLUP_KPI_MONTH }, done.pending);
        rollupRoundDuration.observe({ rollup: ROLLUP_KPI_MONTH, outcome: done.pending > 0 ? 'ok' : 'idle' }, secondsSince(started));
        if (done.pending > 0) {
          this.stats.rounds++;
          this.stats.pending += done.pending;
          this.stats.lastMs = done.ms;
        }
      } catch (error) {
        rollupRoundDuration.observe({ rollup: ROLLUP_KPI_MONTH, outcome: 'error' }, secondsSince(started));
        this.stats.failures++;
        this.options.logger?.warn(`KPI roll-up refresh failed, the ranges stay pending: ${(error as Error).message}`);
      }
    });
    this.running = run;
    await run;
  }

  /**
   * The pause before the next round: the interval, or twice the last round when that is longer,
   * so recomputing never takes more than a third of the engine's time from the projector's
   * inserts (on a busy projector the roll-up trails further instead).
   */
  get nextPauseMs(): number {
    return Math.max(this.intervalMs, 2 * this.stats.lastMs);
  }

  private schedule(): void {
    if (this.stopped) return;
    const pause = this.requested ? this.intervalMs : this.nextPauseMs;
    this.requested = false;
    this.pausing = true;
    this.timer = setTimeout(() => {
      this.pausing = false;
      void this.round().then(() => this.schedule());
    }, pause);
    this.timer.unref?.();
  }
}
