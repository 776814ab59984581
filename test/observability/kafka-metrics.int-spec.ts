import { bearerFor } from '@app/auth';
import { configureHttpApp, loadPlatformConfig } from '@app/platform-kit';
import { createTestDatabase, expectEventually, TestDatabase, uniqueId, useTestClickHouse } from '@app/testing';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Server } from 'node:http';
import request from 'supertest';
import { PlatformModule } from '../../apps/platform/src/platform.module';

/**
 * The pipeline metrics in Kafka mode, with the real broker: the relay's lag behind the store
 * (read from its checkpoint at scrape time) and the projector's lag per topic and partition (from
 * each batch's high watermark) fall to 0 once a command's event went through; the relay counts
 * what it published, the sink its batches.
 */
describe('metrics in Kafka mode: relay lag, projector lag per partition, batches', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const prefix = `${uniqueId('t')}.`;
  const http = () => request(app.getHttpServer() as Server);

  beforeAll(async () => {
    const kafkaBrokers = process.env.KAFKA_BROKERS ?? '';
    expect(kafkaBrokers).not.toBe('');
    db = await createTestDatabase('metrics_kafka');
    useTestClickHouse();
    const config = loadPlatformConfig({ ...process.env, KAFKA_BROKERS: kafkaBrokers, KAFKA_TOPIC_PREFIX: prefix });
    const moduleRef = await Test.createTestingModule({ imports: [PlatformModule.forRoot({ config, databaseUrl: db.url, kafkaBrokers })] }).compile();
    app = moduleRef.createNestApplication({ logger: ['error'] });
    configureHttpApp(app, { title: 'metrics-kafka' });
    await app.init();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('reports the lag of the relay and of each partition the projector handled, 0 once caught up', async () => {
    await http()
      .post('/api/v1/org/branches')
      .set(bearerFor('head-office', { subject: 'metrics-kafka' }))
      .send({
        branchId: `MK-${uniqueId()}`,
        name: 'Kafka metrics',
        brands: ['VW'],
        currency: 'CNY',
        timeZone: 'Asia/Shanghai',
        cutoffMinutes: 0,
        openedOn: '2025-01-01',
      })
      .expect(201);
    const topic = new RegExp(`^dealer_kpi_projector_lag_events\\{topic="${prefix.replace(/\./g, '\\.')}[\\w.-]+",partition="\\d+"\\} 0$`, 'm');
    await expectEventually(
      async () => {
        const text = (await http().get('/metrics').expect(200)).text;
        expect(text).toMatch(topic);
        expect(text).toMatch(/^dealer_kpi_relay_lag_events\{relay="kafka-relay"\} 0$/m);
        expect(text).toMatch(/^dealer_kpi_relay_lag_seconds\{relay="kafka-relay"\} 0$/m);
      },
      { timeoutMs: 60_000 },
    );
    const text = (await http().get('/metrics').expect(200)).text;
    expect(Number(/^dealer_kpi_relay_published_events_total\{relay="kafka-relay"\} (\d+)$/m.exec(text)?.[1])).toBeGreaterThanOrEqual(1);
    expect(Number(/^dealer_kpi_projector_batch_events_count (\d+)$/m.exec(text)?.[1])).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^dealer_kpi_projector_batch_duration_seconds_count\{outcome="ok"\} [1-9]\d*$/m);
  }, 120_000);
});
