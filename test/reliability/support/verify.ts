import { EventStore } from '@app/event-store';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { FaultReport } from './fault-report';
import { LoadPlan } from './load';
import { cleanRun, CleanRun, deadLetters, groupLag, storeEventIds, storePositions } from './pipeline';
import { expectedFactsFromStore, factDifferences, ReadModelSnapshot, vehicleTotals } from './read-model';

/** Tables and KPIs whose contents differ between two snapshots, with a sample of each difference. */
export function snapshotDifferences(actual: ReadModelSnapshot, expected: ReadModelSnapshot): string[] {
  const problems: string[] = [];
  const names = new Set([...Object.keys(actual.tables), ...Object.keys(expected.tables)]);
  for (const name of names) {
    const a = actual.tables[name] ?? [];
    const e = expected.tables[name] ?? [];
    const inA = new Set(a);
    const inE = new Set(e);
    const extra = a.filter((row) => !inE.has(row));
    const missing = e.filter((row) => !inA.has(row));
    if (a.length !== e.length || extra.length > 0 || missing.length > 0) {
      problems.push(
        `${name}: ${a.length} row(s) against ${e.length}; extra ${JSON.stringify(extra.slice(0, 2))}; missing ${JSON.stringify(missing.slice(0, 2))}`,
      );
    }
  }
  for (const kpi of new Set([...Object.keys(actual.kpis), ...Object.keys(expected.kpis)])) {
    const a = JSON.stringify(actual.kpis[kpi]);
    const e = JSON.stringify(expected.kpis[kpi]);
    if (a !== e) problems.push(`KPI ${kpi}: ${a.slice(0, 300)} against ${e.slice(0, 300)}`);
  }
  return problems;
}

export interface RunUnderTest {
  readonly snapshot: ReadModelSnapshot;
  readonly kafka: Kafka;
  readonly prefix: string;
  /** The consumer group of the projector that suffered the faults. */
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly dataSource: DataSource;
  readonly store: EventStore;
  readonly plan: LoadPlan;
  /** Data directory of this process's embedded engine, for the clean run. */
  readonly dataDir: string;
}

export interface Verified {
  readonly clean: CleanRun;
  readonly events: number;
  readonly tables: number;
  readonly rows: number;
}

/**
 * After the faults: the read model equals a clean run over the same events, figure for figure;
 * the clean run holds exactly what the store implies (no event lost, none counted twice); every
 * stored event reached Kafka; the totals the load sent are the KPI totals; the faulted group's
 * offsets are at the end of every partition and no valid event went to a dead-letter topic.
 */
export async function verifyAgainstCleanRun(run: RunUnderTest): Promise<Verified> {
  const { lag } = await groupLag(run.kafka, run.groupId, run.topics);
  expect({ lag }).toEqual({ lag: 0 });
  expect(await deadLetters(run.kafka, run.prefix)).toBe(0);

  const clean = await cleanRun({ kafka: run.kafka, prefix: run.prefix, store: run.store, dataDir: run.dataDir });
  try {
    expect(snapshotDifferences(run.snapshot, clean.snapshot)).toEqual([]);

    const expected = await expectedFactsFromStore(run.store);
    expect(await factDifferences(clean.client, expected)).toEqual([]);
    const stored = await storeEventIds(run.dataSource);
    const neverPublished = [...stored].filter((id) => !clean.eventIds.has(id));
    expect(neverPublished).toEqual([]);
    // The as-of marks after the faults: every stored event recorded as projected, nothing else.
    expect(run.snapshot.projectedPositions).toEqual(await storePositions(run.dataSource));

    const totals = vehicleTotals(run.snapshot);
    expect(totals).toEqual({
      revenueCents: BigInt(run.plan.totals.vehicleRevenueCents),
      delivered: run.plan.totals.deliveries,
      returned: run.plan.totals.returns,
    });
    const rows = Object.values(run.snapshot.tables).reduce((sum, t) => sum + t.length, 0);
    return { clean, events: stored.size, tables: Object.keys(run.snapshot.tables).length, rows };
  } finally {
    await clean.client.close();
  }
}

/** The figures every fault scenario reports, then its summary line. */
export function finishReport(report: FaultReport, plan: LoadPlan, verified: Verified, kafkaMessages: number): void {
  report.set('commands', plan.totals.commands);
  report.set('events', verified.events);
  report.set('kafkaMessages', kafkaMessages);
  report.set('readModelRows', verified.rows);
  report.finish();
}
