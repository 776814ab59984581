import { ClickHouseClient } from '@app/clickhouse';
import { createHash } from 'node:crypto';
import { componentContext } from './component-sql';
import { KPI_SOURCES } from './kpi-sources';

/**
 * Every measured KPI's components per branch × month (docs/adr/0014-kpi-month-rollup.md): what the
 * month-grain pages (scorecard, monthly summary, month series) read instead of the fact tables.
 * The projector keeps it (libs/projections/src/rollups/kpi-month.rollup.ts): after each batch it
 * recomputes, from the deduplicated facts and with the very SQL below, the months and branches
 * the batch touched, so its figures are the engine's own, exact under redelivery and late events.
 */
export const ROLLUP_KPI_MONTH = 'rollup_kpi_month';

/** Where each roll-up records the definition it was computed with (a hash of its SQL). */
export const ROLLUP_DEFINITIONS = 'rollup_definitions';

/** Both readings of a month: every fact, and (for a closed month) only those recorded before its close. */
export const ROLLUP_VIEWS = [
  { view: 'restated', asClosed: false },
  { view: 'as_closed', asClosed: true },
] as const;

export type RollupView = (typeof ROLLUP_VIEWS)[number]['view'];

/** The KPIs the roll-up holds: every KPI with SQL of its own, except those read from the facts only (`rollup: false`). */
export const ROLLUP_KPIS: readonly string[] = Object.entries(KPI_SOURCES)
  .filter(([, source]) => source.rollup !== false)
  .map(([id]) => id);

/**
 * The components of every KPI (or of those named) at month grain in both views, as rows (kpi, view, branch_id,
 * region_id, month, currency, num, den). Bound parameters: {from:Date}, {to:Date} (first days of
 * months), {branches:Array(String)} (empty = all) and {default_rework_window:Int32}.
 */
export function kpiMonthComponentsSql(kpiIds: readonly string[] = ROLLUP_KPIS): string {
  const parts: string[] = [];
  for (const { view, asClosed } of ROLLUP_VIEWS) {
    for (const kpi of kpiIds) {
      const source = KPI_SOURCES[kpi];
      if (!source) throw new RangeError(`no measured KPI ${kpi}`);
      parts.push(
        `SELECT '${kpi}' AS kpi, '${view}' AS view, branch_id, region_id, month, currency, num, den FROM (${source.components(componentContext('month', asClosed))})`,
      );
    }
  }
  return parts.join('\nUNION ALL\n');
}

/** The fact tables the KPIs read: a batch that writes one of them touches the roll-up. */
export const KPI_FACT_TABLES: readonly string[] = [
  ...new Set(Object.values(KPI_SOURCES).flatMap((s) => s.components(componentContext('month', true)).match(/\bfact_[a-z_]+\b/g) ?? [])),
].sort();

/** A hash of what the roll-up holds: when a KPI's SQL changes, the stored roll-up is stale and is recomputed. */
export const KPI_MONTH_ROLLUP_DEFINITION = createHash('sha256').update(`v1\n${kpiMonthComponentsSql()}`).digest('hex');

/**
 * The rows of the KPIs {kpis:Array(String)} read from the roll-up, in the shape of their
 * components plus `kpi` (bucket = month), for the months [{from}, {to}) and {branches}.
 */
export function rollupComponentsSql(asClosed: boolean): string {
  const view: RollupView = asClosed ? 'as_closed' : 'restated';
  return `
    SELECT r.kpi AS kpi, r.branch_id AS branch_id, r.region_id AS region_id, r.month AS bucket, r.month AS month, r.currency AS currency, r.num AS num, r.den AS den
      FROM ${ROLLUP_KPI_MONTH} AS r FINAL
     WHERE has({kpis:Array(String)}, r.kpi) AND r.view = '${view}' AND r.month >= {from:Date} AND r.month < {to:Date}
       AND (empty({branches:Array(String)}) OR has({branches:Array(String)}, r.branch_id))`;
}

/** The definition hash a roll-up was last computed with ('' when never). */
export async function storedRollupDefinition(client: ClickHouseClient, rollup: string): Promise<string> {
  const rows = await client.query<{ definition_hash: string }>(
    `SELECT argMax(definition_hash, built_at) AS definition_hash FROM ${ROLLUP_DEFINITIONS} WHERE rollup = {rollup:String}`,
    { rollup },
  );
  return rows[0]?.definition_hash ?? '';
}

const CHECK_EVERY_MS = 5_000;
const checked = new WeakMap<ClickHouseClient, { readonly at: number; readonly current: boolean }>();

/**
 * Whether the KPI roll-up holds the current definition's figures (the projector computed it with
 * this SQL). Until it does (a new deployment still recomputing it, or a database the projector does
 * not keep), the engine reads the facts. Checked at most every few seconds per client.
 */
export async function kpiRollupIsCurrent(client: ClickHouseClient): Promise<boolean> {
  const last = checked.get(client);
  if (last && Date.now() - last.at < CHECK_EVERY_MS) return last.current;
  const current = (await storedRollupDefinition(client, ROLLUP_KPI_MONTH).catch(() => '')) === KPI_MONTH_ROLLUP_DEFINITION;
  checked.set(client, { at: Date.now(), current });
  return current;
}

/** Forgets the cached answer of {@link kpiRollupIsCurrent} (after the roll-up was recomputed in this process). */
export function forgetRollupCheck(client: ClickHouseClient): void {
  checked.delete(client);
}
