import { ensureKafkaJars, RunningKafkaBroker, startKafkaBroker } from '@app/infra';
import { createTestDatabase, TestDatabase, uniqueId, useTestClickHouse } from '@app/testing';
import { CLICKHOUSE_CLIENT, ClickHouseClient } from '@app/clickhouse';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { faultCount, FaultReport, FULL_RUN } from './support/fault-report';
import { LoadPlan, sendBatches, setupCommands } from './support/load';
import { LoadDriver, pause } from './support/load-driver';
import { contextTopics, groupLag, waitCaughtUp, waitRelayDrained } from './support/pipeline';
import { PipelineApp, startPipelineApp } from './support/pipeline-app';
import { snapshotReadModel } from './support/read-model';
import { finishReport, verifyAgainstCleanRun } from './support/verify';

/**
 * The Kafka broker (one of the test's own, started from the Maven jars by libs/infra) is stopped
 * and started again on the same port and data while commands arrive: the relay and the projector
 * must ride it out with no event lost and none counted twice.
 */
describe('reliability: restart the Kafka broker during a load', () => {
  const restarts = faultCount(1, 3);
  let db: TestDatabase;
  let app: PipelineApp | undefined;
  let broker: RunningKafkaBroker | undefined;
  let brokerDir: string;
  let dataDir: string;
  const prefix = `${uniqueId('t')}.`;
  const groupId = `${prefix}kpi-projector`;
  const topics = contextTopics(prefix);

  beforeAll(async () => {
    await ensureKafkaJars();
    db = await createTestDatabase('rel_kafka');
    ({ dataDir } = useTestClickHouse());
    brokerDir = mkdtempSync(join(tmpdir(), 'kpi-kafka-restart-'));
    broker = await startKafkaBroker({ dataDir: brokerDir });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await broker?.stop();
    await db?.drop();
    if (brokerDir) rmSync(brokerDir, { recursive: true, force: true });
  });

  it(
    `loses and doubles nothing when the broker restarts ${restarts} time(s) mid-load`,
    async () => {
      const report = new FaultReport('kafka-restart');
      const first = broker!;
      app = await startPipelineApp({ databaseUrl: db.url, kafkaBrokers: first.brokers.join(','), prefix, projector: true });
      const plan = new LoadPlan(prefix);
      await sendBatches(app.post, setupCommands(prefix));
      const load = new LoadDriver(plan, app.post, { units: FULL_RUN ? 3 : 2, gapMs: 300, minWaves: 6, maxWaves: 500 });
      try {
        for (let r = 0; r < restarts; r++) {
          await pause(1500 + Math.floor(Math.random() * 1500));
          load.assertRunning();
          const { lag } = await groupLag(app.kafka, groupId, topics);
          const down = Date.now();
          await broker!.stop();
          broker = undefined;
          await pause(2000); // a moment with no broker at all: producer and consumer both see it gone
          broker = await startKafkaBroker({ dataDir: brokerDir, port: first.port, controllerPort: first.controllerPort });
          report.fault(`broker stopped and started again (${Date.now() - down} ms without a broker, ${lag} message(s) uncommitted before)`);
        }
        await pause(1000);
      } finally {
        await load.finish();
      }
      report.step(`load finished: ${load.wavesSent} wave(s)`);
      await waitRelayDrained(app.dataSource, 120_000);
      const messages = await waitCaughtUp(app.kafka, groupId, topics, 180_000);
      report.step('relay drained, projector caught up');
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
      report.set('restarts', restarts);
      finishReport(report, plan, verified, messages);
      expect(report.count).toBe(restarts);
    },
    FULL_RUN ? 900_000 : 300_000,
  );
});
