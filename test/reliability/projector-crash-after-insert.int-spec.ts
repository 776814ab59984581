import { createTestDatabase, TestDatabase, uniqueId, useTestClickHouse } from '@app/testing';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, TestChild, waitHealthy } from './support/child-process';
import { FaultReport } from './support/fault-report';
import { LoadPlan, sendBatches, setupCommands } from './support/load';
import { contextTopics, groupLag, waitCaughtUp, waitRelayDrained } from './support/pipeline';
import { PipelineApp, startPipelineApp } from './support/pipeline-app';
import { readChildSnapshot, startProjectorChild } from './support/projector-child';
import { finishReport, verifyAgainstCleanRun } from './support/verify';

/**
 * The projector killed (SIGKILL) between the ClickHouse insert and the offset commit, three times
 * in a row: each restart is handed the same batch again, already stored. Afterwards every table
 * and KPI equals a clean run's, and the group's offsets are at the end of every partition.
 */
describe('reliability: the projector killed between the ClickHouse insert and the offset commit', () => {
  const crashes = 3;
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
    db = await createTestDatabase('rel_crash');
    ({ dataDir } = useTestClickHouse());
    childDir = mkdtempSync(join(tmpdir(), 'kpi-projector-crash-'));
    logFile = join(childDir, 'projector.log');
    app = await startPipelineApp({ databaseUrl: db.url, kafkaBrokers: process.env.KAFKA_BROKERS ?? '', prefix, projector: false });
  });

  afterAll(async () => {
    for (const child of children) await child.kill9();
    await app?.stop();
    await db?.drop();
    if (childDir) rmSync(childDir, { recursive: true, force: true });
  });

  function projector(entry: string, port: number): TestChild {
    const child = startProjectorChild({ databaseUrl: db.url, prefix, childDir, logFile }, port, entry);
    children.push(child);
    return child;
  }

  it(`changes no figure after ${crashes} kills between insert and commit`, async () => {
    const report = new FaultReport('projector-crash-after-insert');
    const plan = new LoadPlan(prefix);
    await sendBatches(app.post, setupCommands(prefix));
    for (let w = 0; w < 6; w++) await sendBatches(app.post, plan.wave(w, 3));
    await waitRelayDrained(app.dataSource);
    const { end } = await groupLag(app.kafka, groupId, topics);

    for (let k = 0; k < crashes; k++) {
      const child = projector('test/reliability/support/projector-crash-after-insert.main.ts', await freePort());
      const exit = await child.exited;
      expect(exit).toMatchObject({ signal: 'SIGKILL' });
      // Stored in ClickHouse, but the offsets never moved: the next member gets the same batch.
      const { lag } = await groupLag(app.kafka, groupId, topics);
      expect(lag).toBe(end);
      report.fault(`projector pid ${child.pid} killed after its insert, before its commit (${lag} message(s) uncommitted)`);
    }
    expect(readFileSync(logFile, 'utf8').match(/\[crash-after-insert\] ClickHouse stored/g)).toHaveLength(crashes);

    const port = await freePort();
    const last = projector('apps/projector/src/main.ts', port);
    await waitHealthy(`http://127.0.0.1:${port}/health`, last, 90_000);
    const messages = await waitCaughtUp(app.kafka, groupId, topics, 180_000);
    expect(await last.stop()).toMatchObject({ code: 0 });

    const snapshot = await readChildSnapshot({ databaseUrl: db.url, prefix, childDir, logFile });

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
    report.set('crashesAfterInsert', crashes);
    finishReport(report, plan, verified, messages);
    expect(report.count).toBe(crashes);
  }, 300_000);
});
