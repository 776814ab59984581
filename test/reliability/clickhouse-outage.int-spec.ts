import { CLICKHOUSE_CLIENT, ClickHouseClient } from '@app/clickhouse';
import { createTestDatabase, TestDatabase, uniqueId, useTestClickHouse } from '@app/testing';
import { FaultReport, FULL_RUN } from './support/fault-report';
import { LoadPlan, sendBatches, setupCommands } from './support/load';
import { LoadDriver, pause } from './support/load-driver';
import { contextTopics, groupLag, waitCaughtUp, waitRelayDrained } from './support/pipeline';
import { PipelineApp, startPipelineApp } from './support/pipeline-app';
import { snapshotReadModel } from './support/read-model';
import { UnavailableClickHouseClient } from './support/unavailable-clickhouse.client';
import { finishReport, verifyAgainstCleanRun } from './support/verify';

const OUTAGE_MS = 30_000;

/**
 * ClickHouse is unavailable for 30 s while commands arrive. There is no ClickHouse server on these
 * machines, so the outage is injected at the ClickHouseClient port in front of the real embedded
 * engine (UnavailableClickHouseClient; docs/reliability.md). The projector must retry its batches,
 * move no offset meanwhile, and afterwards show exactly the figures of a clean run.
 */
describe('reliability: ClickHouse unavailable for 30 s during a load', () => {
  let db: TestDatabase;
  let app: PipelineApp | undefined;
  let dataDir: string;
  let gate: UnavailableClickHouseClient | undefined;
  const prefix = `${uniqueId('t')}.`;
  const groupId = `${prefix}kpi-projector`;
  const topics = contextTopics(prefix);

  beforeAll(async () => {
    db = await createTestDatabase('rel_ch');
    ({ dataDir } = useTestClickHouse());
  });

  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it(
    'retries through the outage and ends with the figures of a clean run',
    async () => {
      const report = new FaultReport('clickhouse-outage');
      app = await startPipelineApp({
        databaseUrl: db.url,
        kafkaBrokers: process.env.KAFKA_BROKERS ?? '',
        prefix,
        projector: true,
        wrapClickHouse: (client) => (gate = new UnavailableClickHouseClient(client)),
      });
      const plan = new LoadPlan(prefix);
      await sendBatches(app.post, setupCommands(prefix));
      const load = new LoadDriver(plan, app.post, { units: FULL_RUN ? 3 : 2, gapMs: 300, minWaves: 6, maxWaves: 500 });
      try {
        await waitCaughtUp(app.kafka, groupId, topics, 60_000).catch(() => undefined);
        await pause(1000 + Math.floor(Math.random() * 1000));
        load.assertRunning();
        const before = await groupLag(app.kafka, groupId, topics);
        gate!.down = true;
        const downAt = Date.now();
        // While it is down, commands go on, the relay goes on, and the group's offsets stand still.
        await pause(OUTAGE_MS / 2);
        load.assertRunning();
        const during = await groupLag(app.kafka, groupId, topics);
        await pause(OUTAGE_MS / 2);
        const stuck = await groupLag(app.kafka, groupId, topics);
        gate!.down = false;
        report.fault(`ClickHouse unavailable for ${Date.now() - downAt} ms: ${gate!.refused} call(s) refused`);
        expect(stuck.end - stuck.lag).toBe(during.end - during.lag);
        expect(stuck.end).toBeGreaterThan(before.end);
        report.set('messagesArrivedDuringOutage', stuck.end - before.end);
        report.set('callsRefused', gate!.refused);
        await pause(1000);
      } finally {
        if (gate) gate.down = false;
        await load.finish();
      }
      report.step(`load finished: ${load.wavesSent} wave(s)`);
      await waitRelayDrained(app.dataSource);
      const messages = await waitCaughtUp(app.kafka, groupId, topics, 180_000);
      report.step('projector caught up');
      const snapshot = await snapshotReadModel(app.app.get<ClickHouseClient>(CLICKHOUSE_CLIENT));

      const verified = await verifyAgainstCleanRun({
        snapshot,
        kafka: app.kafka,
        prefix,
        groupId,
        topics,
        dataSource: app.dataSource,
        store: app.store,
        plan,
        dataDir,
      });
      report.set('outageMs', OUTAGE_MS);
      finishReport(report, plan, verified, messages);
      expect(report.count).toBe(1);
    },
    FULL_RUN ? 600_000 : 240_000,
  );
});
