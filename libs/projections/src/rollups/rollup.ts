import { ClickHouseClient } from '@app/clickhouse';
import { forgetRollupCheck, projectorPosition, recordRollupPosition, ROLLUP_DEFINITIONS, storedRollupDefinition } from '@app/kpi';
import { createShadowTable, dropShadowTable, exchangeWithShadow } from '../rebuild/shadow-tables';

/** The branches and business days a batch wrote facts for. */
export interface RollupKeys {
  readonly branchIds: readonly string[];
  readonly dates: readonly string[];
}

/**
 * A dashboard roll-up kept exact under redelivery, replays and late events: never summed from
 * raw inserts, always recomputed from the deduplicated facts of the keys a batch touched
 * (docs/adr/0007-exact-rollups.md).
 */
export interface Rollup {
  readonly table: string;
  /** Fact tables it is computed from: a batch that writes to one of them refreshes the roll-up. */
  readonly sources: readonly string[];
  /** Recomputes the keys the rows a batch wrote (table → rows) touched; nothing when it touched none. */
  refresh(client: ClickHouseClient, rowsByTable: ReadonlyMap<string, readonly object[]>): Promise<void>;
  /** Computes every key into `table` (the roll-up itself, or its shadow during a rebuild). */
  fill(client: ClickHouseClient, table: string): Promise<void>;
  /**
   * A hash of what the roll-up computes, for roll-ups whose definition changes with the code (the
   * KPI roll-up follows the KPIs' SQL). A stored roll-up of another definition is recomputed.
   */
  readonly definition?: string;
  /**
   * After a rebuild swapped the roll-up in: whatever a live projector recorded for it since
   * `since` (written to the old table while the new one was filled) is to be recomputed again.
   */
  rebuilt?(client: ClickHouseClient, since: Date): Promise<void>;
}

/** The keys of the rows a batch wrote to a roll-up's source tables. */
export function keysOf(rollup: Pick<Rollup, 'sources'>, rowsByTable: ReadonlyMap<string, readonly object[]>): RollupKeys | undefined {
  const branches = new Set<string>();
  const dates = new Set<string>();
  for (const table of rollup.sources) {
    for (const row of rowsByTable.get(table) ?? []) {
      const { branch_id, business_date } = row as { branch_id?: unknown; business_date?: unknown };
      if (typeof branch_id === 'string' && typeof business_date === 'string') {
        branches.add(branch_id);
        dates.add(business_date);
      }
    }
  }
  return branches.size === 0 ? undefined : { branchIds: [...branches], dates: [...dates] };
}

/** Recomputes a whole roll-up from the facts beside the live one and swaps it in (EXCHANGE TABLES). */
export async function rebuildRollup(client: ClickHouseClient, rollup: Rollup): Promise<void> {
  const since = new Date();
  // What the fill will include at least: every event the projector had written before it began.
  const consumed = rollup.definition !== undefined ? await projectorPosition(client) : undefined;
  const shadow = await createShadowTable(client, rollup.table);
  try {
    await rollup.fill(client, shadow);
    await exchangeWithShadow(client, rollup.table);
  } finally {
    await dropShadowTable(client, rollup.table);
  }
  await rollup.rebuilt?.(client, since);
  if (rollup.definition !== undefined) {
    await client.insert(ROLLUP_DEFINITIONS, [
      { rollup: rollup.table, definition_hash: rollup.definition, built_at: new Date().toISOString().replace('T', ' ').replace('Z', '') },
    ]);
    forgetRollupCheck(client);
  }
  if (consumed) await recordRollupPosition(client, rollup.table, consumed);
}

/**
 * Recomputes every roll-up whose stored definition is not the code's (a new database, or a
 * deployment that changed a KPI's SQL): the projector does this before it consumes. Returns the
 * tables it recomputed.
 */
export async function recomputeStaleRollups(client: ClickHouseClient, rollups: readonly Rollup[]): Promise<string[]> {
  const recomputed: string[] = [];
  for (const rollup of rollups) {
    if (rollup.definition === undefined || (await storedRollupDefinition(client, rollup.table)) === rollup.definition) continue;
    await rebuildRollup(client, rollup);
    recomputed.push(rollup.table);
  }
  return recomputed;
}
