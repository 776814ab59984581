import { ClickHouseClient } from '@app/clickhouse';
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
  refresh(client: ClickHouseClient, keys: RollupKeys): Promise<void>;
  /** Computes every key into `table` (the roll-up itself, or its shadow during a rebuild). */
  fill(client: ClickHouseClient, table: string): Promise<void>;
}

/** The keys of the rows a batch wrote to a roll-up's source tables. */
export function keysOf(rollup: Rollup, rowsByTable: ReadonlyMap<string, readonly object[]>): RollupKeys | undefined {
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
  const shadow = await createShadowTable(client, rollup.table);
  try {
    await rollup.fill(client, shadow);
    await exchangeWithShadow(client, rollup.table);
  } finally {
    await dropShadowTable(client, rollup.table);
  }
}
