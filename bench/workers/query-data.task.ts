// Fact tables for the query benchmark at 1 M / 10 M / 50 M events, the fastest way: a seed of
// synthetic events goes through the real projection sink (every projection, the org dimensions),
// then each fact table (and dim_sale_orders, the orders by sale) is multiplied inside ClickHouse with INSERT … SELECT (fresh event ids,
// other repair-order / sale / lead ids per copy), and the roll-ups are recomputed from the facts.
import { ClickHouseClient } from '@app/clickhouse';
import { parseEvent, UniformBranchCalendar } from '@app/contracts';
import { ALL_PROJECTIONS, ALL_ROLLUPS, ClickHouseProjectionSink, rebuildRollup, recomputeStaleRollups } from '@app/projections';
import { performance } from 'node:perf_hooks';
import { Json } from '../lib/child';
import { ActivityGenerator, branchIds, branchOpenedEvents, regionEvents } from '../lib/events';
import { openBenchClickHouse } from './clickhouse';

export interface QueryDataInput {
  readonly clickHouseDataDir: string;
  readonly events: number;
  readonly seedEvents: number;
  readonly branches: number;
}

const DATASET_VERSION = 1;
/** Ids that name the organisation or a currency stay as they are; other `*_id` strings get a copy suffix. */
const KEEP = new Set(['branch_id', 'region_id', 'original_branch_id', 'currency']);

async function storedEvents(client: ClickHouseClient): Promise<number | undefined> {
  const rows = await client.query<{ events: string }>(`SELECT events FROM bench_dataset WHERE version = {v:UInt32}`, { v: DATASET_VERSION }).catch(() => []);
  return rows[0] ? Number(rows[0].events) : undefined;
}

function copyExpression(name: string, type: string): string {
  const column = `\`${name}\``;
  if (name === 'event_id') return type.includes('UUID') ? 'generateUUIDv4(number)' : 'toString(generateUUIDv4(number))';
  if (name.endsWith('_id') && !KEEP.has(name) && /^(Nullable\()?String\)?$/.test(type)) return `concat(${column}, '~', toString(number))`;
  return column;
}

export async function queryData(raw: Json): Promise<Json> {
  const input = raw as unknown as QueryDataInput;
  const client = await openBenchClickHouse(input.clickHouseDataDir);
  try {
    if ((await storedEvents(client)) === input.events) {
      // Kept fact data; a roll-up computed with other SQL than the code's (or never) is recomputed.
      const started = performance.now();
      const recomputed = await recomputeStaleRollups(client, ALL_ROLLUPS);
      return { reused: true, seconds: (performance.now() - started) / 1000, recomputed };
    }
    const started = performance.now();
    const branches = branchIds(input.branches);
    const calendar = new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 });
    const sink = new ClickHouseProjectionSink(client, ALL_PROJECTIONS, { calendar });
    const parse = (e: unknown) => {
      const parsed = parseEvent(JSON.parse(JSON.stringify(e)));
      if (!parsed.ok) throw new Error(`bench event does not parse: ${parsed.reason}`);
      return parsed.event;
    };
    await sink.write([...branchOpenedEvents(branches), ...regionEvents(branches)].map(parse));
    const seed = Math.min(input.seedEvents, input.events);
    const generator = new ActivityGenerator({ branches, expectedEvents: seed });
    for (let done = 0; done < seed;) {
      const batch = generator.next(Math.min(5000, seed - done)).slice(0, seed - done);
      const { rejected } = await sink.write(batch.map(parse));
      if (rejected.length > 0) throw new Error(`the sink rejected bench events: ${rejected[0]?.reason}`);
      done += batch.length;
    }
    const copies = Math.round(input.events / seed) - 1;
    if (copies > 0) {
      const tables = await client.query<{ name: string }>(
        `SELECT name FROM system.tables WHERE database = currentDatabase() AND (name LIKE 'fact\\_%' OR name = 'dim_sale_orders') AND engine LIKE '%MergeTree' ORDER BY name`,
      );
      for (const { name } of tables) {
        const columns = await client.query<{ name: string; type: string }>(
          `SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = {t:String} AND default_kind NOT IN ('MATERIALIZED', 'ALIAS') ORDER BY position`,
          { t: name },
        );
        const list = columns.map((c) => `\`${c.name}\``).join(', ');
        const select = columns.map((c) => copyExpression(c.name, c.type)).join(', ');
        await client.command(`INSERT INTO ${name} (${list}) SELECT ${select} FROM ${name} AS seed, numbers(1, ${copies}) AS copy`);
      }
    }
    for (const rollup of ALL_ROLLUPS) await rebuildRollup(client, rollup);
    await client.command(`CREATE TABLE IF NOT EXISTS bench_dataset (events UInt64, version UInt32) ENGINE = TinyLog`);
    await client.command(`INSERT INTO bench_dataset VALUES ({e:UInt64}, {v:UInt32})`, { e: input.events, v: DATASET_VERSION });
    return { reused: false, seconds: (performance.now() - started) / 1000, copies };
  } finally {
    await client.close();
  }
}
