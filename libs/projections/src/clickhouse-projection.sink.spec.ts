import { ClickHouseClient, InsertOptions } from '@app/clickhouse';
import { DomainEvent } from '@app/contracts';
import { UniformBranchCalendar } from './business-date';
import { ClickHouseProjectionSink, deduplicationToken } from './clickhouse-projection.sink';
import { Projection } from './projection';
import { keysOf, Rollup, RollupKeys } from './rollups/rollup';

const calendar = new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 });

function event(id: string, branchId = 'SH-01'): DomainEvent {
  return { eventId: id, type: 'TestHappened', branchId, occurredAt: '2026-01-05T03:00:00.000Z' } as unknown as DomainEvent;
}

const projection: Projection<{ event_id: string; branch_id: string; business_date: string }> = {
  table: 'fact_test',
  project: (e) => [{ event_id: e.eventId, branch_id: e.branchId, business_date: '2026-01-05' }],
};

/** A ClickHouse client that records inserts and can hold them until released. */
class RecordingClient {
  readonly driver = 'embedded' as const;
  readonly database = 'test';
  readonly inserts: { table: string; ids: string[] }[] = [];
  readonly tokens: (string | undefined)[] = [];
  private gate: Promise<void> = Promise.resolve();
  private open: () => void = () => undefined;
  /** The attempt (1, 2, …) that fails. */
  failAttempt = 0;
  private attempts = 0;

  hold(): void {
    this.gate = new Promise((resolve) => {
      this.open = resolve;
    });
  }
  release(): void {
    this.open();
  }
  async insert(table: string, rows: readonly { event_id: string }[], options?: InsertOptions): Promise<void> {
    await this.gate;
    if (++this.attempts === this.failAttempt) throw new Error('ClickHouse is down');
    this.inserts.push({ table, ids: rows.map((r) => r.event_id) });
    this.tokens.push(options?.deduplicationToken);
  }
}

class RecordingRollup implements Rollup {
  readonly table = 'rollup_test';
  readonly sources = ['fact_test'];
  readonly refreshed: RollupKeys[] = [];
  async refresh(_client: ClickHouseClient, rowsByTable: ReadonlyMap<string, readonly object[]>): Promise<void> {
    const keys = keysOf(this, rowsByTable);
    if (keys) this.refreshed.push(keys);
  }
  async fill(): Promise<void> {}
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ClickHouseProjectionSink', () => {
  it('stores batches that arrive while another is being stored together: one insert and one roll-up refresh for them', async () => {
    const client = new RecordingClient();
    const rollup = new RecordingRollup();
    const sink = new ClickHouseProjectionSink(client as unknown as ClickHouseClient, [projection], { calendar }, [rollup]);
    client.hold();
    const first = sink.write([event('e1')]);
    await tick();
    const second = sink.write([event('e2', 'BJ-01')]);
    const third = sink.write([event('e3')]);
    await tick();
    client.release();
    await Promise.all([first, second, third]);
    expect(client.inserts).toEqual([
      { table: 'fact_test', ids: ['e1'] },
      { table: 'fact_test', ids: ['e2', 'e3'] },
    ]);
    expect(rollup.refreshed).toEqual([
      { branchIds: ['SH-01'], dates: ['2026-01-05'] },
      { branchIds: ['BJ-01', 'SH-01'], dates: ['2026-01-05'] },
    ]);
  });

  it('fails every write of a group whose insert fails, and stores the next ones', async () => {
    const client = new RecordingClient();
    const sink = new ClickHouseProjectionSink(client as unknown as ClickHouseClient, [projection], { calendar });
    client.failAttempt = 2;
    client.hold();
    const first = sink.write([event('e1')]);
    await tick();
    const second = sink.write([event('e2')]);
    const third = sink.write([event('e3')]);
    await tick();
    client.release();
    await expect(first).resolves.toEqual({ rejected: [] });
    await expect(second).rejects.toThrow('ClickHouse is down');
    await expect(third).rejects.toThrow('ClickHouse is down');
    await expect(sink.write([event('e4')])).resolves.toEqual({ rejected: [] });
    expect(client.inserts.map((i) => i.ids)).toEqual([['e1'], ['e4']]);
  });

  it('inserts the tables side by side, and refreshes the roll-ups only once every insert has settled (none after a failure)', async () => {
    const order: string[] = [];
    const gates = new Map<string, () => void>();
    const failing = new Set<string>();
    const client = {
      driver: 'embedded',
      database: 'test',
      insert: (table: string) =>
        new Promise<void>((resolve, reject) => {
          order.push(`start ${table}`);
          gates.set(table, () => {
            order.push(`end ${table}`);
            if (failing.has(table)) reject(new Error(`${table} refused`));
            else resolve();
          });
        }),
    };
    const other: Projection<{ event_id: string; branch_id: string; business_date: string }> = { ...projection, table: 'fact_other' };
    const rollup = new RecordingRollup();
    const refresh = rollup.refresh.bind(rollup);
    rollup.refresh = async (c, rows) => {
      order.push('refresh');
      await refresh(c, rows);
    };
    const sink = new ClickHouseProjectionSink(client as unknown as ClickHouseClient, [projection, other], { calendar }, [rollup]);

    const written = sink.write([event('e1')]);
    await tick();
    expect(order).toEqual(['start fact_test', 'start fact_other']); // both in flight at once
    gates.get('fact_other')?.();
    await tick();
    expect(order).not.toContain('refresh');
    gates.get('fact_test')?.();
    await written;
    expect(order).toEqual(['start fact_test', 'start fact_other', 'end fact_other', 'end fact_test', 'refresh']);

    order.length = 0;
    failing.add('fact_test');
    const refused = sink.write([event('e2')]);
    await tick();
    gates.get('fact_test')?.();
    await tick();
    expect(order).toEqual(['start fact_test', 'start fact_other', 'end fact_test']); // the failure waits for the other insert
    gates.get('fact_other')?.();
    await expect(refused).rejects.toThrow('fact_test refused');
    expect(order).not.toContain('refresh');
  });

  it('gives every insert a deduplication token derived from the events and the rows: the same batch again gets the same one', async () => {
    const client = new RecordingClient();
    const sink = new ClickHouseProjectionSink(client as unknown as ClickHouseClient, [projection], { calendar });
    const batch = [
      { ...event('e1'), globalPosition: '41' },
      { ...event('e2'), globalPosition: '42' },
    ] as DomainEvent[];
    await sink.write(batch);
    await sink.write(batch);
    await sink.write(batch.slice(1));
    const [first, again, other] = client.tokens;
    expect(first).toMatch(/^fact_test:41-42:2:[0-9a-f]{32}$/);
    expect(again).toBe(first);
    expect(other).toMatch(/^fact_test:42-42:1:/);
    const rows = [{ event_id: 'e1' }];
    // Another table, or other rows for the same events (the projection changed), is another token.
    expect(deduplicationToken('fact_a', [{ eventId: 'e1', globalPosition: '1' }], rows)).not.toBe(
      deduplicationToken('fact_b', [{ eventId: 'e1', globalPosition: '1' }], rows),
    );
    expect(deduplicationToken('fact_a', [{ eventId: 'e1', globalPosition: '1' }], rows)).not.toBe(
      deduplicationToken('fact_a', [{ eventId: 'e1', globalPosition: '1' }], [{ event_id: 'e1', extra: 1n }]),
    );
  });
});
