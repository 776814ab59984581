import { bearerFor } from '@app/auth';
import { clickHouseConfigFromEnv, ClickHouseClient, createClickHouseClient } from '@app/clickhouse';
import { configureHttpApp, loadPlatformConfig } from '@app/platform-kit';
import { StoreFeedProjectorRunner } from '@app/projections';
import { createTestDatabase, expectEventually, TestDatabase, uniqueId, useTestClickHouse } from '@app/testing';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Server } from 'node:http';
import request from 'supertest';
import { PlatformModule } from '../../apps/platform/src/platform.module';

/**
 * Issue #17 item 4: readiness with the real components (Postgres, the embedded ClickHouse engine,
 * the platform in embedded mode). `GET /health/ready` answers 503 NOT_READY while ClickHouse does
 * not answer the platform's queries and 200 again once it does; 503 while the projector is further
 * behind the store than READINESS_MAX_LAG_EVENTS, 200 once it caught up. `GET /health` (liveness)
 * stays 200 throughout, and `dealer_kpi_ready` in /metrics follows readiness.
 *
 * ClickHouse "not answering" is the platform's database detached on the real engine (DETACH
 * DATABASE from a second connection, then ATTACH): every query of the platform fails as it would
 * with the server gone, without a stand-in for any component. There is no ClickHouse server on
 * these machines to put a proxy in front of (docs/operations.md says what was validated where).
 */
describe('readiness: 503 while ClickHouse does not answer or the projector is too far behind; liveness apart', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let admin: ClickHouseClient;
  let database: string;
  const saved = process.env.READINESS_MAX_LAG_EVENTS;
  const branchPrefix = `RD-${uniqueId()}`;
  const http = () => request(app.getHttpServer() as Server);

  const readyGauge = async (): Promise<string | undefined> => {
    const metrics = await http().get('/metrics').expect(200);
    return /^dealer_kpi_ready\{endpoint="\/health\/ready"\} (\d)$/m.exec(metrics.text)?.[1];
  };

  beforeAll(async () => {
    process.env.READINESS_MAX_LAG_EVENTS = '1';
    db = await createTestDatabase('readiness');
    database = useTestClickHouse().database;
    const config = loadPlatformConfig({ ...process.env, KAFKA_BROKERS: undefined });
    const moduleRef = await Test.createTestingModule({ imports: [PlatformModule.forRoot({ config, databaseUrl: db.url })] }).compile();
    app = moduleRef.createNestApplication({ logger: ['error'] });
    configureHttpApp(app, { title: 'readiness' });
    await app.init();
    // A second connection to the same engine, on another database, that can detach the platform's.
    admin = await createClickHouseClient({ ...clickHouseConfigFromEnv(process.env), database: 'default' });
  }, 120_000);

  afterAll(async () => {
    if (saved === undefined) delete process.env.READINESS_MAX_LAG_EVENTS;
    else process.env.READINESS_MAX_LAG_EVENTS = saved;
    await admin?.command(`ATTACH DATABASE IF NOT EXISTS \`${database}\``).catch(() => undefined);
    await app?.close();
    await admin?.close();
    await db?.drop();
  });

  it('is ready on a caught-up platform; turns 503 while ClickHouse does not answer and 200 after; liveness stays 200', async () => {
    await expectEventually(async () => expect((await http().get('/health/ready')).status).toBe(200), { timeoutMs: 60_000 });
    expect(await readyGauge()).toBe('1');

    await admin.command(`DETACH DATABASE \`${database}\``);
    try {
      const down = await http().get('/health/ready').expect(503);
      expect(down.body).toMatchObject({ statusCode: 503, code: 'NOT_READY', message: 'ClickHouse or the event store does not answer' });
      expect(down.headers['retry-after']).toBe('5');
      await http().get('/health').expect(200, { status: 'ok' });
      expect(await readyGauge()).toBe('0');
    } finally {
      await admin.command(`ATTACH DATABASE \`${database}\``);
    }

    await expectEventually(async () => expect((await http().get('/health/ready')).status).toBe(200), { timeoutMs: 30_000 });
    await http().get('/health').expect(200);
    await expectEventually(async () => expect(await readyGauge()).toBe('1'), { timeoutMs: 10_000 });
  }, 120_000);

  it('turns 503 while the projector is more than READINESS_MAX_LAG_EVENTS behind the store, and 200 once it caught up', async () => {
    const runner = app.get(StoreFeedProjectorRunner);
    await runner.feed.stop();
    try {
      for (const n of [1, 2, 3]) {
        await http()
          .post('/api/v1/org/branches')
          .set(bearerFor('head-office', { subject: 'readiness-test' }))
          .send({
            branchId: `${branchPrefix}-${n}`,
            name: `Readiness ${n}`,
            brands: ['VW'],
            currency: 'CNY',
            timeZone: 'Asia/Shanghai',
            cutoffMinutes: 0,
            openedOn: '2025-01-01',
          })
          .expect(201);
      }
      const behind = await http().get('/health/ready').expect(503);
      expect(behind.body).toMatchObject({ code: 'NOT_READY', asOf: { readModel: 'facts', lag: { events: 3 } } });
      expect((behind.body as { message: string }).message).toMatch(/^the projector is 3 events behind \(READINESS_MAX_LAG_EVENTS=1\) the event store$/);
      await http().get('/health').expect(200);
      expect(await readyGauge()).toBe('0');
    } finally {
      await runner.feed.start();
    }
    await expectEventually(async () => expect((await http().get('/health/ready')).status).toBe(200), { timeoutMs: 60_000 });
    // The running embedded projector's lag, read from the store at scrape time.
    await expectEventually(async () => {
      const metrics = await http().get('/metrics').expect(200);
      expect(metrics.text).toMatch(/^dealer_kpi_projector_lag_events\{topic="event-store",partition="all"\} 0$/m);
      expect(metrics.text).toMatch(/^dealer_kpi_projector_lag_seconds\{topic="event-store",partition="all"\} 0$/m);
    });
    expect(await readyGauge()).toBe('1');
  }, 120_000);
});
