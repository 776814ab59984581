/**
 * The rebuild's steps against a recording fake client and an in-memory store: what is created,
 * written and swapped when, on a single node and on a cluster (whose statements the embedded
 * engine parses but cannot run). The real engine (CREATE AS, EXCHANGE, FINAL figures) is exercised in
 * test/rebuild.int-spec.ts.
 */
import { ClickHouseClient, EmbeddedClickHouseClient, InsertOptions, QueryParams } from '@app/clickhouse';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainEvent, EventEnvelope, VehicleDeliveredV1 } from '@app/contracts';
import { CommitPosition, CommittedEvent } from '@app/event-store';
import { BranchCalendar } from '../business-date';
import { UnknownBranchCalendarError } from '../store-branch-calendar';
import { envelope } from '../org/org-events.spec-helper';
import { Projection } from '../projection';
import { vehicleSalesProjection } from '../vehicle-sales.projection';
import { ProjectionRebuild, rebuildProjections } from './rebuild-projections';
import { ShadowInsertClient, UnexpectedRebuildTableError } from './shadow-insert.client';
import { shadowTableName } from './shadow-tables';

class RecordingClient implements ClickHouseClient {
  readonly driver = 'embedded' as const;
  readonly database = 'kpi';
  readonly log: string[] = [];
  readonly inserted: { table: string; rows: number }[] = [];
  constructor(private readonly existing: readonly string[]) {}

  async query<T extends object>(sql: string, params?: QueryParams): Promise<T[]> {
    if (sql.includes('dependencies_table')) return [] as T[];
    const names = (params?.names ?? []) as readonly string[];
    return names.filter((n) => this.existing.includes(n)).map((name) => ({ name })) as T[];
  }
  async command(sql: string): Promise<void> {
    this.log.push(sql);
  }
  async insert<T extends object>(table: string, rows: readonly T[], _options?: InsertOptions): Promise<void> {
    this.log.push(`INSERT ${table} ${rows.length}`);
    this.inserted.push({ table, rows: rows.length });
  }
  async ping(): Promise<boolean> {
    return true;
  }
  async close(): Promise<void> {}
}

class MemoryStore {
  readonly events: CommittedEvent[] = [];
  add(event: EventEnvelope): void {
    const n = this.events.length + 1;
    this.events.push({ event: { ...event, globalPosition: String(n) }, position: { transactionId: String(n), globalPosition: String(n) } });
  }
  async readCommittedAfter(after: CommitPosition, limit: number): Promise<CommittedEvent[]> {
    return this.events.filter((e) => BigInt(e.position.globalPosition) > BigInt(after.globalPosition)).slice(0, limit);
  }
}

const calendar: BranchCalendar = {
  entryFor: (branchId) => {
    if (branchId !== 'SH-01') throw new UnknownBranchCalendarError(branchId);
    return { timeZone: 'Asia/Shanghai', cutoffMinutes: 0 };
  },
};

function delivered(branchId: string, net: string): DomainEvent {
  const payload: VehicleDeliveredV1 = {
    vehicleSaleId: `VS-${net}`,
    orderId: null,
    vin: 'LSVAU2180N2183294',
    model: 'Lavida',
    condition: 'new',
    consultantId: 'E-1',
    customerId: null,
    invoice: { currency: 'CNY', net, tax: '0.00', gross: net },
    cost: { currency: 'CNY', net: '0.00', tax: '0.00', gross: '0.00' },
  };
  return envelope('VehicleDelivered', payload, { branchId, occurredAt: '2026-01-05T03:00:00.000Z' });
}

/** A second projection on another table, to see one shadow per distinct table. */
const unitsProjection: Projection = {
  table: 'fact_units',
  project: (event) => (event.type === 'VehicleDelivered' ? [{ event_id: event.eventId }] : []),
};

describe('ProjectionRebuild', () => {
  const projections = [vehicleSalesProjection, unitsProjection, vehicleSalesProjection];

  function storeWith(count: number): MemoryStore {
    const store = new MemoryStore();
    for (let i = 1; i <= count; i++) store.add(delivered('SH-01', `${i}.00`));
    return store;
  }

  it('builds every distinct table beside the live one, reading the whole store in batches, and swaps nothing yet', async () => {
    const client = new RecordingClient(['fact_vehicle_sales', 'fact_units']);
    const store = storeWith(5);
    const rebuild = await ProjectionRebuild.build({ store, client, projections, calendar, batchSize: 2 });

    expect(rebuild.report).toMatchObject({
      tables: ['fact_vehicle_sales', 'fact_units'],
      eventsRead: 5,
      unparseable: 0,
      rejected: 0,
      rowsWritten: { fact_vehicle_sales: 5, fact_units: 5 },
      lastPosition: { transactionId: '5', globalPosition: '5' },
    });
    expect(client.log.slice(0, 4)).toEqual([
      'DROP TABLE IF EXISTS `fact_vehicle_sales__rebuild` SYNC',
      'CREATE TABLE `fact_vehicle_sales__rebuild` AS `fact_vehicle_sales`',
      'DROP TABLE IF EXISTS `fact_units__rebuild` SYNC',
      'CREATE TABLE `fact_units__rebuild` AS `fact_units`',
    ]);
    // Batches of 2: three insert rounds per table, all into the shadows.
    expect(client.inserted.map((i) => i.table)).toEqual([
      'fact_vehicle_sales__rebuild',
      'fact_units__rebuild',
      'fact_vehicle_sales__rebuild',
      'fact_units__rebuild',
      'fact_vehicle_sales__rebuild',
      'fact_units__rebuild',
    ]);
    expect(client.log.some((sql) => sql.startsWith('EXCHANGE'))).toBe(false);
  });

  it('swaps all tables after the build, drops the old data, then projects what was committed meanwhile into the live tables', async () => {
    const client = new RecordingClient(['fact_vehicle_sales', 'fact_units']);
    const store = storeWith(3);
    const rebuild = await ProjectionRebuild.build({ store, client, projections, calendar });
    store.add(delivered('SH-01', '99.00'));
    const mark = client.log.length;

    const report = await rebuild.swap();

    expect(client.log.slice(mark)).toEqual([
      'EXCHANGE TABLES `fact_vehicle_sales` AND `fact_vehicle_sales__rebuild`',
      'EXCHANGE TABLES `fact_units` AND `fact_units__rebuild`',
      'DROP TABLE IF EXISTS `fact_vehicle_sales__rebuild` SYNC',
      'DROP TABLE IF EXISTS `fact_units__rebuild` SYNC',
      'INSERT fact_vehicle_sales 1',
      'INSERT fact_units 1',
    ]);
    expect(report).toMatchObject({ eventsRead: 3, caughtUpEvents: 1, caughtUpRows: { fact_vehicle_sales: 1, fact_units: 1 } });
    expect(report.lastPosition.globalPosition).toBe('4');
    await expect(rebuild.swap()).rejects.toThrow('already swapped');
  });

  it('counts and lists events that fail to parse or that a projection refuses, and goes on', async () => {
    const client = new RecordingClient(['fact_vehicle_sales']);
    const store = new MemoryStore();
    store.add(delivered('SH-01', '1.00'));
    store.add({ ...delivered('SH-01', '2.00'), type: 'NoSuchEvent' });
    store.add(delivered('XX-99', '3.00')); // no calendar for this branch
    store.add(delivered('SH-01', '4.00'));

    const report = await rebuildProjections({ store, client, projections: [vehicleSalesProjection], calendar });

    expect(report).toMatchObject({ eventsRead: 4, unparseable: 1, rejected: 1, rowsWritten: { fact_vehicle_sales: 2 } });
    expect(report.problems.map((p) => [p.kind, p.type, p.globalPosition])).toEqual([
      ['unparseable', 'NoSuchEvent', '2'],
      ['rejected', 'VehicleDelivered', '3'],
    ]);
    expect(report.problems[0]?.reason).toContain('unknown event type NoSuchEvent');
    expect(report.problems[1]?.reason).toContain('branch XX-99 is not known to head office');
  });

  it('refuses before creating anything when a table does not exist, and drops its shadows when the build fails', async () => {
    const missing = new RecordingClient(['fact_vehicle_sales']);
    await expect(ProjectionRebuild.build({ store: storeWith(1), client: missing, projections, calendar })).rejects.toThrow('fact_units do not exist');
    expect(missing.log).toEqual([]);

    const client = new RecordingClient(['fact_vehicle_sales']);
    const failing = { readCommittedAfter: () => Promise.reject(new Error('connection refused')) };
    await expect(ProjectionRebuild.build({ store: failing, client, projections: [vehicleSalesProjection], calendar })).rejects.toThrow('connection refused');
    expect(client.log.at(-1)).toBe('DROP TABLE IF EXISTS `fact_vehicle_sales__rebuild` SYNC');
  });

  it('discard drops the shadows and leaves the live tables alone', async () => {
    const client = new RecordingClient(['fact_vehicle_sales']);
    const rebuild = await ProjectionRebuild.build({ store: storeWith(1), client, projections: [vehicleSalesProjection], calendar });
    const mark = client.log.length;
    await rebuild.discard();
    expect(client.log.slice(mark)).toEqual(['DROP TABLE IF EXISTS `fact_vehicle_sales__rebuild` SYNC']);
    await expect(rebuild.swap()).rejects.toThrow('already discarded');
  });

  it('takes plain table names only', () => {
    expect(shadowTableName('fact_vehicle_sales')).toBe('fact_vehicle_sales__rebuild');
    expect(() => shadowTableName('other.fact')).toThrow(RangeError);
    expect(() => shadowTableName('x__rebuild')).toThrow(RangeError);
  });
});

/**
 * A server on a cluster: fact_vehicle_sales is Distributed over a Replicated fact_vehicle_sales_local,
 * fact_units is Replicated on every node (the derived cluster schema, docs/adr/0022).
 */
class ClusterRecordingClient extends RecordingClient {
  readonly cluster = '{cluster}';
  override async query<T extends object>(sql: string, params?: QueryParams): Promise<T[]> {
    if (sql.includes('engine_full')) {
      const tables: Record<string, { engine: string; engine_full: string }> = {
        fact_vehicle_sales: { engine: 'Distributed', engine_full: "Distributed('{cluster}', 'kpi', 'fact_vehicle_sales_local', cityHash64(branch_id))" },
        fact_vehicle_sales_local: {
          engine: 'ReplicatedReplacingMergeTree',
          engine_full:
            "ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/kpi/fact_vehicle_sales_local__rebuild_abc123', '{replica}') PARTITION BY toYYYYMM(business_date) ORDER BY (branch_id, business_date, event_id)",
        },
        fact_units: {
          engine: 'ReplicatedMergeTree',
          engine_full: "ReplicatedMergeTree('/clickhouse/tables/all/kpi/fact_units', '{replica}') ORDER BY event_id",
        },
      };
      const names = (params?.names ?? []) as readonly string[];
      return names.flatMap((name) => (tables[name] ? [{ name, ...tables[name] }] : [])) as T[];
    }
    return super.query<T>(sql, params);
  }
}

describe('ProjectionRebuild on a cluster', () => {
  it('builds Replicated shadows ON CLUSTER with paths of their own (a Distributed shadow over the sharded one), exchanges the shard-local tables and drops both shadows', async () => {
    const client = new ClusterRecordingClient(['fact_vehicle_sales', 'fact_units']);
    const store = new MemoryStore();
    store.add(delivered('SH-01', '1.00'));
    const rebuild = await ProjectionRebuild.build({ store, client, projections: [vehicleSalesProjection, unitsProjection], calendar });
    const ddl = client.log.filter((sql) => !sql.startsWith('INSERT'));
    const stamp = (sql: string | undefined) => sql?.replace(/__rebuild_[a-z0-9]+'/g, "__rebuild_<new>'");
    expect(ddl.slice(0, 4).map(stamp)).toEqual([
      "DROP TABLE IF EXISTS `fact_vehicle_sales__rebuild` ON CLUSTER '{cluster}' SYNC",
      "DROP TABLE IF EXISTS `fact_vehicle_sales_local__rebuild` ON CLUSTER '{cluster}' SYNC",
      // The live table's path had a suffix of an earlier rebuild: replaced, not appended to.
      "CREATE TABLE `fact_vehicle_sales_local__rebuild` ON CLUSTER '{cluster}' AS `fact_vehicle_sales_local` ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/kpi/fact_vehicle_sales_local__rebuild_<new>', '{replica}') PARTITION BY toYYYYMM(business_date) ORDER BY (branch_id, business_date, event_id)",
      "CREATE TABLE `fact_vehicle_sales__rebuild` ON CLUSTER '{cluster}' AS `fact_vehicle_sales` ENGINE = Distributed('{cluster}', 'kpi', 'fact_vehicle_sales_local__rebuild', cityHash64(branch_id))",
    ]);
    expect(stamp(ddl[6])).toBe(
      "CREATE TABLE `fact_units__rebuild` ON CLUSTER '{cluster}' AS `fact_units` ENGINE = ReplicatedMergeTree('/clickhouse/tables/all/kpi/fact_units__rebuild_<new>', '{replica}') ORDER BY event_id",
    );
    expect(client.inserted.map((i) => i.table)).toEqual(['fact_vehicle_sales__rebuild', 'fact_units__rebuild']);

    const mark = client.log.length;
    await rebuild.swap();
    expect(client.log.slice(mark)).toEqual([
      "EXCHANGE TABLES `fact_vehicle_sales_local` AND `fact_vehicle_sales_local__rebuild` ON CLUSTER '{cluster}'",
      "EXCHANGE TABLES `fact_units` AND `fact_units__rebuild` ON CLUSTER '{cluster}'",
      "DROP TABLE IF EXISTS `fact_vehicle_sales__rebuild` ON CLUSTER '{cluster}' SYNC",
      "DROP TABLE IF EXISTS `fact_vehicle_sales_local__rebuild` ON CLUSTER '{cluster}' SYNC",
      "DROP TABLE IF EXISTS `fact_units__rebuild` ON CLUSTER '{cluster}' SYNC",
      "DROP TABLE IF EXISTS `fact_units_local__rebuild` ON CLUSTER '{cluster}' SYNC",
    ]);

    // The embedded engine cannot run them (no cluster, no Keeper); it parses every one.
    const dataDir = mkdtempSync(join(tmpdir(), 'kpi-rebuild-cluster-'));
    const engine = await EmbeddedClickHouseClient.open({ dataDir, database: 'rebuild_cluster_spec' });
    try {
      for (const sql of client.log.filter((s) => !s.startsWith('INSERT '))) {
        await expect(engine.query('SELECT formatQuery({sql:String}) AS f', { sql })).resolves.toHaveLength(1);
      }
    } finally {
      await engine.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a table that is not in the cluster form', async () => {
    const client = new ClusterRecordingClient(['fact_other']);
    const other: Projection = { table: 'fact_other', project: () => [] };
    await expect(ProjectionRebuild.build({ store: new MemoryStore(), client, projections: [other], calendar })).rejects.toThrow(
      'was the schema migrated with CLICKHOUSE_CLUSTER set?',
    );
  });
});

describe('ShadowInsertClient', () => {
  it('redirects inserts of rebuilt tables to their shadows and refuses any other table', async () => {
    const live = new RecordingClient([]);
    const shadow = new ShadowInsertClient(live, new Map([['fact_vehicle_sales', 'fact_vehicle_sales__rebuild']]));
    await shadow.insert('fact_vehicle_sales', [{ a: 1 }, { a: 2 }]);
    await expect(shadow.insert('org_branches', [{ a: 1 }])).rejects.toThrow(UnexpectedRebuildTableError);
    await shadow.close();
    expect(live.inserted).toEqual([{ table: 'fact_vehicle_sales__rebuild', rows: 2 }]);
    expect(shadow.rowsWritten()).toEqual({ fact_vehicle_sales: 2 });
    expect(shadow.database).toBe('kpi');
  });
});
