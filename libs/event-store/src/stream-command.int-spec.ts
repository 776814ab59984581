import { DomainError, EventEnvelope, NewEvent } from '@app/contracts';
import { createTestDatabase, TEST_METADATA, TestDatabase, uniqueId } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { openEventStoreDataSource } from './data-source';
import { EventStore } from './event-store';
import { WrongExpectedVersionError } from './event-store.errors';
import { IdempotentCommandRunner } from './idempotent-command-runner';
import { executeStreamCommand } from './stream-command';

class SoldOutError extends DomainError {
  readonly code = 'SOLD_OUT';
  readonly kind = 'conflict';
}

/** A counter that may reach `limit`: enough of a rule to see whether a retried command re-decides. */
const counter = (streamId: string, limit: number, expectedVersion?: number) => ({
  streamId,
  initial: 0,
  evolve: (count: number, event: EventEnvelope) => (event.type === 'Counted' ? count + 1 : count),
  decide: (count: number): NewEvent[] => {
    if (count >= limit) throw new SoldOutError(`${streamId} is at its limit of ${limit}`);
    return [{ eventId: randomUUID(), type: 'Counted', schemaVersion: 1, occurredAt: new Date().toISOString(), branchId: 'SH-01', payload: { count } }];
  },
  metadata: TEST_METADATA,
  ...(expectedVersion !== undefined ? { expectedVersion } : {}),
});

describe('executeStreamCommand under concurrency (real Postgres)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let store: EventStore;
  let runner: IdempotentCommandRunner;

  beforeAll(async () => {
    db = await createTestDatabase('streamcmd');
    dataSource = await openEventStoreDataSource({ url: db.url });
    store = new EventStore(dataSource);
    runner = new IdempotentCommandRunner(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const run = (command: ReturnType<typeof counter>) => runner.run(undefined, 201, (manager) => executeStreamCommand(store, manager, command));

  it('lets concurrent commands without If-Match all succeed, each decided on the state it appends to', async () => {
    for (let round = 0; round < 5; round++) {
      const streamId = uniqueId('count-');
      const results = await Promise.allSettled([run(counter(streamId, 10)), run(counter(streamId, 10)), run(counter(streamId, 10))]);
      expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : r.status))).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      expect((await store.readStream(streamId)).map((e) => (e.payload as { count: number }).count)).toEqual([0, 1, 2]);
    }
  });

  it('re-decides after a lost race, so a rule still holds: the loser meets the limit, not a 409', async () => {
    for (let round = 0; round < 5; round++) {
      const streamId = uniqueId('limit-');
      const results = await Promise.allSettled([run(counter(streamId, 1)), run(counter(streamId, 1))]);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(rejected[0]?.reason).toBeInstanceOf(SoldOutError);
      expect(await store.readStream(streamId)).toHaveLength(1);
    }
  });

  it('answers a concurrent change with 409 when the client named the version it expected', async () => {
    const streamId = uniqueId('ifmatch-');
    const results = await Promise.allSettled([run(counter(streamId, 10, 0)), run(counter(streamId, 10, 0))]);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toBeInstanceOf(WrongExpectedVersionError);
  });
});
