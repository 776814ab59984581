// The raw ClickHouse limit: the projector's fact rows of the same events, computed beforehand,
// inserted with the platform's ClickHouse client in blocks of the projector's batch size. No
// Kafka, no decoding, no roll-up refresh.
import { parseEvent, UniformBranchCalendar } from '@app/contracts';
import { ALL_PROJECTIONS } from '@app/projections';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Json } from '../lib/child';
import { openBenchClickHouse } from './clickhouse';

export interface RawInsertInput {
  readonly eventsFile: string;
  readonly clickHouseDataDir: string;
  /** Events per insert round (one insert per table per round), as the projector's batches. */
  readonly batchEvents: number;
}

export async function rawInsert(raw: Json): Promise<Json> {
  const input = raw as unknown as RawInsertInput;
  // The bench branches: Asia/Shanghai, cut-off 00:00 (bench/lib/events.ts).
  const calendar = new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 });
  const lines = readFileSync(input.eventsFile, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  const rounds: Map<string, object[]>[] = [];
  let rows = 0;
  for (let i = 0; i < lines.length; i += input.batchEvents) {
    const round = new Map<string, object[]>();
    for (const line of lines.slice(i, i + input.batchEvents)) {
      const parsed = parseEvent(JSON.parse(line));
      if (!parsed.ok) throw new Error(`bench event does not parse: ${parsed.reason}`);
      for (const projection of ALL_PROJECTIONS) {
        const projected = projection.project(parsed.event, { calendar });
        if (projected.length === 0) continue;
        const list = round.get(projection.table) ?? [];
        list.push(...projected);
        round.set(projection.table, list);
        rows += projected.length;
      }
    }
    rounds.push(round);
  }
  const client = await openBenchClickHouse(input.clickHouseDataDir);
  const started = performance.now();
  for (const round of rounds) {
    for (const [table, tableRows] of round) await client.insert(table, tableRows);
  }
  const seconds = (performance.now() - started) / 1000;
  await client.close();
  return { events: lines.length, rows, rounds: rounds.length, seconds, rowsPerSecond: rows / seconds, eventsPerSecond: lines.length / seconds };
}
