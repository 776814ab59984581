import { createTestDatabase, TestDatabase, uniqueId, useTestClickHouse } from '@app/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, TestChild, waitHealthy } from './support/child-process';
import { faultCount, FaultReport, FULL_RUN } from './support/fault-report';
import { LoadPlan, setupCommands, sendBatches } from './support/load';
import { LoadDriver, pause } from './support/load-driver';
import { contextTopics, groupLag, waitCaughtUp, waitRelayDrained } from './support/pipeline';
import { PipelineApp, startPipelineApp } from './support/pipeline-app';
import { readChildSnapshot, startProjectorChild } from './support/projector-child';
import { finishReport, verifyAgainstCleanRun } from './support/verify';

/**
 * kill -9 of the projector at random points of a load, restarting it each time. The projector is
 * the real one (apps/projector/src/main.ts under ts-node) in a child process with its own embedded
 * ClickHouse data directory; commands keep arriving over HTTP meanwhile. Afterwards every table
 * and KPI equals a clean run's, and the group's offsets are at the end of every partition.
 */
describe('reliability: kill -9 the projector during a load', () => {
  const kills = faultCount(2, 20);
  let db: TestDatabase;
  let app: PipelineApp;
  let childDir: string;
  let dataDir: string;
  let logFile: string;
  const prefix = `${uniqueId('t')}.`;
  const groupId = `${prefix}kpi-projector`;
  const topics = contextTopics(prefix);
  const children: TestChild[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('rel_kill');
    ({ dataDir } = useTestClickHouse());
    childDir = mkdtempSync(join(tmpdir(), 'kpi-projector-child-'));
    logFile = join(childDir, 'projector.log');
    app = await startPipelineApp({ databaseUrl: db.url, kafkaBrokers: process.env.KAFKA_BROKERS ?? '', prefix, projector: false });
  });

  afterAll(async () => {
    for (const child of children) await child.kill9();
    await app?.stop();
    await db?.drop();
    if (childDir) rmSync(childDir, { recursive: true, force: true });
  });

  function startProjector(port: number): TestChild {
    const child = startProjectorChild({ databaseUrl: db.url, prefix, childDir, logFile }, port);
    children.push(child);
    return child;
  }

  async function committed(): Promise<number> {
    const { lag, end } = await groupLag(app.kafka, groupId, topics);
    return end - lag;
  }

  it(
    `projects every event exactly once after ${kills} kill -9s at random points`,
    async () => {
      const report = new FaultReport('projector-kill');
      const plan = new LoadPlan(prefix);
      await sendBatches(app.post, setupCommands(prefix));
      const load = new LoadDriver(plan, app.post, { units: FULL_RUN ? 3 : 2, gapMs: 300, minWaves: 8, maxWaves: 2000 });
      let killedWithBacklog = 0;
      try {
        for (let k = 0; k < kills; k++) {
          const port = await freePort();
          const child = startProjector(port);
          await waitHealthy(`http://127.0.0.1:${port}/health`, child, 90_000);
          report.step(`projector pid ${child.pid} up`);
          // Kill while it works: once its offsets have moved, at a random moment of the next second.
          const before = await committed();
          const deadline = Date.now() + 60_000;
          while ((await committed()) <= before) {
            load.assertRunning();
            if (Date.now() > deadline) throw new Error(`the projector (pid ${child.pid}) committed nothing for 60 s; see ${logFile}`);
            await pause(100);
          }
          await pause(Math.floor(Math.random() * 1000));
          const { lag } = await groupLag(app.kafka, groupId, topics);
          const exit = await child.kill9();
          if (lag > 0) killedWithBacklog += 1;
          report.fault(`kill -9 projector pid ${child.pid} (${exit.signal ?? exit.code}) with ${lag} message(s) not yet committed`);
        }
      } finally {
        await load.finish();
      }
      await waitRelayDrained(app.dataSource);
      report.step(`load finished: ${load.wavesSent} wave(s)`);

      const port = await freePort();
      const last = startProjector(port);
      await waitHealthy(`http://127.0.0.1:${port}/health`, last, 90_000);
      const messages = await waitCaughtUp(app.kafka, groupId, topics, 180_000);
      expect(await last.stop()).toMatchObject({ code: 0 });
      report.step('last projector caught up and stopped');

      const snapshot = await readChildSnapshot({ databaseUrl: db.url, prefix, childDir, logFile });
      report.step('snapshot read');

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
      report.set('kills', kills);
      report.set('killsWithUncommittedMessages', killedWithBacklog);
      finishReport(report, plan, verified, messages);
      expect(report.count).toBe(kills);
    },
    FULL_RUN ? 1_800_000 : 300_000,
  );
});
