import { DomainError, EventEnvelope, NewEvent } from '@app/contracts';
import { createTestDatabase, TEST_METADATA, TestDatabase, uniqueId } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { openEventStoreDataSource } from './data-source';
import { EventStore } from './event-store';
import { WrongExpectedVersionError } from './event-store.errors';
import { IdempotencyKeyReusedError, IdempotentCommandRunner } from './idempotent-command-runner';
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

  it('answers a retry refused now with the answer its first attempt stored, reading the key once', async () => {
    const streamId = uniqueId('retry-');
    const key = { scope: 'test', key: uniqueId('key-'), requestHash: 'h1' };
    const first = await runner.run(key, 201, (manager) => executeStreamCommand(store, manager, counter(streamId, 1)));
    expect(first.replayed).toBe(false);

    const lookups = jest.spyOn(dataSource, 'query');
    try {
      // The limit is reached now: the retry's own decision refuses, and the stored answer answers it.
      const retry = await runner.run(key, 201, (manager) => executeStreamCommand(store, manager, counter(streamId, 1)));
      expect(retry).toEqual({ statusCode: 201, body: first.body, replayed: true });
      const keyReads = () => lookups.mock.calls.filter(([sql]) => String(sql).includes('FROM idempotency_keys')).length;
      expect(keyReads()).toBe(1);

      // A caller that meets a refusal `run` already looked up (the dispatcher) does not read the key again.
      const refusal = await runner.run(key, 201, () => Promise.reject(new SoldOutError('refused inside run'))).catch((e: unknown) => e);
      expect(refusal).toEqual({ statusCode: 201, body: first.body, replayed: true });
      const inside = new SoldOutError('refused in a transaction');
      await expect(runner.run({ ...key, key: uniqueId('unused-') }, 201, () => Promise.reject(inside))).rejects.toBe(inside);
      const before = keyReads();
      await expect(runner.answerAfterRefusal(inside, key)).resolves.toBeUndefined();
      expect(keyReads()).toBe(before);
      // A refusal raised before any transaction (a check outside `run`) is looked up.
      await expect(runner.answerAfterRefusal(new SoldOutError('refused before'), key)).resolves.toEqual({ statusCode: 201, body: first.body, replayed: true });
      expect(keyReads()).toBe(before + 1);
    } finally {
      lookups.mockRestore();
    }
  });

  it('refuses a key used before for another request, even when the command is refused', async () => {
    const key = { scope: 'test', key: uniqueId('key-'), requestHash: 'h1' };
    await runner.run(key, 201, (manager) => executeStreamCommand(store, manager, counter(uniqueId('reuse-'), 1)));
    await expect(runner.answerAfterRefusal(new SoldOutError('refused'), { ...key, requestHash: 'h2' })).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });
});
