import { CLICKHOUSE_CLIENT, ClickHouseClient } from '@app/clickhouse';
import { BoundedContext, BOUNDED_CONTEXTS, dlqTopicFor, EventEnvelope, HEADER_DLQ_REASON, HEADER_DLQ_SOURCE, topicFor } from '@app/contracts';
import { HEADER_DLQ_REPLAYED_FROM, MAX_EVENT_BYTES, replayDeadLetters } from '@app/messaging';
import { createTestDatabase, readTopic, TEST_METADATA, TestDatabase, uniqueId, useTestClickHouse, vehicleDelivered } from '@app/testing';
import { Partitioners, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestChild } from './support/child-process';
import { LoadPlan, sendBatches, setupCommands } from './support/load';
import { contextTopics, messagesOn, waitCaughtUp, waitRelayDrained } from './support/pipeline';
import { PipelineApp, startPipelineApp } from './support/pipeline-app';
import { expectedFactsFromStore, factDifferences, snapshotReadModel } from './support/read-model';
import { snapshotDifferences } from './support/verify';

/** One real event type of each context, to build poison that looks like its topic's traffic. */
const TYPE_OF: Record<BoundedContext, string> = { sales: 'VehicleDelivered', workshop: 'RepairOrderOpened', parts: 'PartsSold', org: 'BranchOpened' };

function envelope(type: string, overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  const event = vehicleDelivered();
  return {
    ...event,
    ...TEST_METADATA,
    type,
    streamId: `poison-${randomUUID()}`,
    streamPosition: 1,
    recordedAt: event.occurredAt,
    globalPosition: '1',
    ...overrides,
  };
}

/** The five kinds of poison, as each topic would receive them, with the reason each must carry to the DLQ. */
function poisonFor(context: BoundedContext): { kind: string; value: string; reason: RegExp }[] {
  const type = TYPE_OF[context];
  return [
    { kind: 'invalid-json', value: '{"eventId": "truncated', reason: /^invalid JSON/ },
    { kind: 'unknown-type', value: JSON.stringify(envelope(`${type}Teleported`)), reason: new RegExp(`^unknown event type ${type}Teleported$`) },
    { kind: 'unknown-version', value: JSON.stringify(envelope(type, { schemaVersion: 99 })), reason: new RegExp(`^unknown schemaVersion 99 of ${type}$`) },
    { kind: 'schema-invalid', value: JSON.stringify(envelope(type, { payload: { branchId: 42 } })), reason: new RegExp(`^invalid ${type}@1 payload: `) },
    { kind: 'oversized', value: JSON.stringify({ ...envelope(type), padding: 'x'.repeat(MAX_EVENT_BYTES) }), reason: /^message of \d+ bytes exceeds 524288$/ },
  ];
}

/**
 * Poison on every context topic, on every partition, between real traffic: each record reaches its
 * topic's DLQ with its reason and the projector goes on. An event the projector refuses (its
 * branch is unknown) is fixed by opening the branch and replayed with `npm run dlq:replay`;
 * replaying it again changes nothing.
 */
describe('reliability: poison messages go to the DLQ, the projector goes on, dlq:replay brings them back after a fix', () => {
  let db: TestDatabase;
  let app: PipelineApp;
  let producer: Producer;
  let clickhouse: ClickHouseClient;
  let logDir: string;
  const prefix = `${uniqueId('t')}.`;
  const groupId = `${prefix}kpi-projector`;
  const topics = contextTopics(prefix);

  beforeAll(async () => {
    db = await createTestDatabase('rel_poison');
    useTestClickHouse();
    logDir = mkdtempSync(join(tmpdir(), 'kpi-dlq-replay-'));
    app = await startPipelineApp({ databaseUrl: db.url, kafkaBrokers: process.env.KAFKA_BROKERS ?? '', prefix, projector: true });
    clickhouse = app.app.get<ClickHouseClient>(CLICKHOUSE_CLIENT);
    producer = app.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.stop();
    await db?.drop();
    if (logDir) rmSync(logDir, { recursive: true, force: true });
  });

  /** Runs the documented command, `npm run dlq:replay -- --topic <t> [--dry-run]`, and returns its log. */
  async function dlqReplayCommand(args: string[]): Promise<string> {
    const logFile = join(logDir, `${uniqueId('run-')}.log`);
    const child = TestChild.start('scripts/dlq-replay.ts', { env: { ...process.env, KAFKA_BROKERS: process.env.KAFKA_BROKERS }, logFile, args });
    const exit = await child.exited;
    const log = readFileSync(logFile, 'utf8');
    expect({ exit, log }).toMatchObject({ exit: { code: 0 } });
    return log;
  }

  it('dead-letters each poison with its reason, projects everything else, and replays the fixed event exactly once', async () => {
    const plan = new LoadPlan(prefix);
    await sendBatches(app.post, setupCommands(prefix));
    await sendBatches(app.post, plan.wave(0, 6));
    await waitRelayDrained(app.dataSource);

    const admin = app.kafka.admin();
    await admin.connect();
    const partitions = (await admin.fetchTopicOffsets(topics[0]!)).length;
    await admin.disconnect();
    const sent = new Map<string, { kind: string; reason: RegExp; value: string }>();
    for (const context of BOUNDED_CONTEXTS) {
      const messages = [];
      for (let partition = 0; partition < partitions; partition++) {
        for (const poison of poisonFor(context)) {
          const key = `poison:${context}:${poison.kind}:${partition}`;
          sent.set(key, poison);
          messages.push({ key, value: poison.value, partition });
        }
      }
      await producer.send({ topic: topicFor(context, prefix), messages });
    }
    // Well-formed, but the projector cannot date it: branch XX-99 is unknown to head office.
    const orphan = envelope('VehicleDelivered', { branchId: 'XX-99', streamId: 'vehicle-sale-ORPHAN-1' });
    await producer.send({ topic: topicFor('sales', prefix), messages: [{ key: orphan.streamId, value: JSON.stringify(orphan) }] });

    // Real traffic after the poison, on every topic.
    await sendBatches(app.post, plan.wave(1, 6));
    await waitRelayDrained(app.dataSource);
    await waitCaughtUp(app.kafka, groupId, topics);

    // Every poison is in its topic's DLQ with its reason and where it came from; nothing else is.
    for (const context of BOUNDED_CONTEXTS) {
      const topic = topicFor(context, prefix);
      const expected = partitions * 5 + (context === 'sales' ? 1 : 0);
      const dead = await readTopic(app.kafka, dlqTopicFor(topic), expected);
      expect(dead).toHaveLength(expected);
      for (const { message } of dead) {
        const key = message.key?.toString() ?? '';
        const reason = message.headers?.[HEADER_DLQ_REASON]?.toString() ?? '';
        const source = message.headers?.[HEADER_DLQ_SOURCE]?.toString() ?? '';
        expect(source).toMatch(new RegExp(`^${topic.replace(/\./g, '\\.')}/\\d+/\\d+$`));
        if (key === orphan.streamId) {
          expect(reason).toBe('projection failed: branch XX-99 is not known to head office: no time zone and cut-off for its business dates');
          continue;
        }
        const poison = sent.get(key);
        expect({ key, known: poison !== undefined }).toEqual({ key, known: true });
        expect({ key, reason, matches: poison!.reason.test(reason) }).toMatchObject({ key, matches: true });
        expect(message.value?.toString()).toBe(poison!.value);
      }
    }
    // The projector went on: every event of the store is projected, none twice.
    expect(await factDifferences(clickhouse, await expectedFactsFromStore(app.store))).toEqual([]);
    const orphanRows = async () =>
      (await clickhouse.query<{ n: string }>(`SELECT count() AS n FROM fact_vehicle_sales FINAL WHERE event_id = {id:UUID}`, { id: orphan.eventId }))[0]?.n;
    expect(await orphanRows()).toBe('0');

    // The fix: head office opens the branch. A dry run says what would go back and sends nothing.
    await sendBatches(app.post, [
      {
        context: 'org',
        command: 'OpenBranch',
        idempotencyKey: `${prefix}open-XX-99`,
        params: {},
        body: {
          branchId: 'XX-99',
          name: 'Late branch',
          brands: ['Volkswagen'],
          currency: 'CNY',
          timeZone: 'Asia/Shanghai',
          cutoffMinutes: 0,
          openedOn: '2025-01-01',
        },
      },
    ]);
    await waitRelayDrained(app.dataSource);
    const salesDlq = dlqTopicFor(topicFor('sales', prefix));
    const salesBefore = await messagesOn(app.kafka, topicFor('sales', prefix));
    const dry = await dlqReplayCommand(['--topic', salesDlq, '--dry-run']);
    expect(dry).toContain(
      `${partitions * 5 + 1} record(s) in ${salesDlq}: 1 would be replayed onto ${topicFor('sales', prefix)}, ${partitions * 5} still unreadable (dry run: nothing sent)`,
    );
    expect(dry).toMatch(new RegExp(`would-replay .* VehicleDelivered ${orphan.eventId}: dead-lettered because projection failed: branch XX-99`));
    expect(await messagesOn(app.kafka, topicFor('sales', prefix))).toBe(salesBefore);

    // The replay: the event goes back onto its topic and is projected; the DLQ does not grow.
    const replay = await dlqReplayCommand(['--topic', salesDlq]);
    expect(replay).toContain(`1 replayed onto ${topicFor('sales', prefix)}, ${partitions * 5} still unreadable`);
    expect(await messagesOn(app.kafka, topicFor('sales', prefix))).toBe(salesBefore + 1);
    await waitCaughtUp(app.kafka, groupId, topics);
    expect(await orphanRows()).toBe('1');
    expect(await messagesOn(app.kafka, salesDlq)).toBe(partitions * 5 + 1);
    // The original and its replay, on the same partition (same key), the replay last.
    const copies = (await readTopic(app.kafka, topicFor('sales', prefix), salesBefore + 1)).filter((m) => m.message.key?.toString() === orphan.streamId);
    expect(copies.map((c) => c.partition)).toEqual([copies[0]!.partition, copies[0]!.partition]);
    const replayed = copies.at(-1);
    expect(replayed?.message.headers?.[HEADER_DLQ_REPLAYED_FROM]?.toString()).toMatch(new RegExp(`^${salesDlq.replace(/\./g, '\\.')}/\\d+/\\d+$`));
    expect(replayed?.message.headers?.[HEADER_DLQ_REASON]).toBeUndefined();

    // Replaying again (an operator running it twice) changes no figure.
    const before = await snapshotReadModel(clickhouse);
    const again = await replayDeadLetters(app.kafka, { dlqTopic: salesDlq });
    expect({ replayed: again.replayed, stillInvalid: again.stillInvalid }).toEqual({ replayed: 1, stillInvalid: partitions * 5 });
    await waitCaughtUp(app.kafka, groupId, topics);
    expect(snapshotDifferences(await snapshotReadModel(clickhouse), before)).toEqual([]);
    expect(await orphanRows()).toBe('1');
    expect(await messagesOn(app.kafka, salesDlq)).toBe(partitions * 5 + 1);
  }, 240_000);
});
