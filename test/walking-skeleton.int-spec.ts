import { bearerFor } from '@app/auth';
import { CLICKHOUSE_CLIENT, ClickHouseClient } from '@app/clickhouse';
import { BranchDirectory, topicFor } from '@app/contracts';
import { KAFKA, KafkaBatchConsumer } from '@app/messaging';
import { configureHttpApp, loadPlatformConfig } from '@app/platform-kit';
import { ALL_PROJECTIONS, ClickHouseProjectionSink, ProjectorRunner, StoreBranchCalendar } from '@app/projections';
import { createTestDatabase, expectEventually, TestDatabase, uniqueId, useTestClickHouse } from '@app/testing';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Kafka } from 'kafkajs';
import { Server } from 'node:http';
import request from 'supertest';
import { PlatformModule } from '../apps/platform/src/platform.module';

const VIN = 'LSVAU2180N2183294';

function delivery(overrides: Record<string, unknown> = {}) {
  return {
    branchId: 'SH-01',
    orderId: 'O-1',
    vin: VIN,
    model: 'Lavida 1.5L',
    condition: 'new',
    consultantId: 'E-7',
    invoice: { currency: 'CNY', net: '100000.00', tax: '13000.00', gross: '113000.00' },
    cost: { currency: 'CNY', net: '92000.00', tax: '11960.00', gross: '103960.00' },
    occurredAt: '2026-01-05T03:00:00Z',
    ...overrides,
  };
}

describe('walking skeleton: delivery → event store → relay → Kafka → projector → ClickHouse → report', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let kafka: Kafka;
  let clickhouse: ClickHouseClient;
  const prefix = `${uniqueId('t')}.`;
  const http = () => request.agent(app.getHttpServer() as Server).set(bearerFor('head-office', { subject: 'test-head-office' }));

  beforeAll(async () => {
    db = await createTestDatabase('e2e');
    useTestClickHouse();
    const config = loadPlatformConfig({ ...process.env, KAFKA_TOPIC_PREFIX: prefix });
    const moduleRef = await Test.createTestingModule({
      imports: [PlatformModule.forRoot({ config, databaseUrl: db.url, kafkaBrokers: process.env.KAFKA_BROKERS ?? '' })],
    }).compile();
    app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
    configureHttpApp(app, { title: 'test' });
    await app.init();
    kafka = app.get(KAFKA);
    clickhouse = app.get(CLICKHOUSE_CLIENT);
    await http()
      .post('/api/v1/org/branches')
      .send({
        branchId: 'SH-01',
        name: 'Shanghai Pudong 4S',
        brands: ['VW'],
        currency: 'CNY',
        timeZone: 'Asia/Shanghai',
        cutoffMinutes: 0,
        openedOn: '2025-01-01',
      })
      .expect(201);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /**
   * What the pages show: new- and used-vehicle revenue and units delivered by branch and month,
   * in branch currency, from GET /api/v1/kpis/{id} (the KPI engine); [branch, month, currency, value]
   * of each point that holds something.
   */
  async function revenue(from = '2026-01', to = '2026-02') {
    const series = async (kpiId: string) => {
      const response = await http().get(`/api/v1/kpis/${kpiId}`).query({ from, to, groupBy: 'branch', currency: 'branch' }).expect(200);
      const points = (response.body as { points: { unitId: string; period: string; currency: string | null; value: string | null; numerator: string }[] })
        .points;
      return points.filter((p) => Number(p.numerator) !== 0).map((p) => [p.unitId, p.period, p.currency, p.value]);
    };
    return {
      newVehicles: await series('revenue_new_vehicles'),
      usedVehicles: await series('revenue_used_vehicles'),
      unitsDelivered: await series('units_delivered'),
    };
  }
  const otherThanSh01 = (figures: Awaited<ReturnType<typeof revenue>>) =>
    Object.fromEntries(Object.entries(figures).map(([k, rows]) => [k, rows.filter((r) => r[0] !== 'SH-01')]));

  it('answers a delivery with 201 and shows its net revenue in the branch/month report', async () => {
    const response = await http().post('/api/v1/sales/vehicle-sales/VS-1/delivery').send(delivery()).expect(201);
    expect(response.body).toMatchObject({ streamId: 'vehicle-sale-VS-1', streamVersion: 1 });
    expect(response.headers.etag).toBe('"1"');

    await http()
      .post('/api/v1/sales/vehicle-sales/VS-2/delivery')
      .send(
        delivery({
          branchId: 'SH-01',
          condition: 'used',
          invoice: { currency: 'CNY', net: '0.10', tax: '0.01', gross: '0.11' },
          cost: { currency: 'CNY', net: '0.05', tax: '0.00', gross: '0.05' },
          occurredAt: '2026-01-31T16:30:00Z', // 00:30 on 1 Feb in Shanghai: a February sale
        }),
      )
      .expect(201);
    await http()
      .post('/api/v1/sales/vehicle-sales/VS-3/delivery')
      .send(delivery({ invoice: { currency: 'CNY', net: '0.20', tax: '0.02', gross: '0.22' } }))
      .expect(201);

    await expectEventually(async () => {
      expect(await revenue()).toEqual({
        newVehicles: [['SH-01', '2026-01', 'CNY', '100000.20']],
        usedVehicles: [['SH-01', '2026-02', 'CNY', '0.10']],
        unitsDelivered: [
          ['SH-01', '2026-01', null, '2'],
          ['SH-01', '2026-02', null, '1'],
        ],
      });
    });
  });

  it('rejects bad input with 400 and a message per field, appending nothing', async () => {
    const response = await http()
      .post('/api/v1/sales/vehicle-sales/VS-BAD/delivery')
      .send(
        delivery({
          vin: 'LSVAU2180N218329O',
          condition: 'stolen',
          invoice: { currency: 'CNY', net: 100000.5, tax: '13000.00', gross: '113000.00' },
          cost: { currency: 'CNY', net: '1.00', tax: '0.13', gross: '1.14' },
          occurredAt: '2099-01-01T00:00:00Z',
          unexpected: true,
        }),
      )
      .expect(400);
    const fields = (response.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort();
    expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(fields).toEqual(['condition', 'cost.gross', 'invoice.net', 'occurredAt', 'unexpected', 'vin']);
    await http().post('/api/v1/sales/vehicle-sales/VS-BAD/delivery').send(delivery()).set('If-Match', '"0"').expect(201);
  });

  it('lets exactly one of two concurrent deliveries at the same version through; the other gets 409', async () => {
    const responses = await Promise.all([
      http().post('/api/v1/sales/vehicle-sales/VS-RACE/delivery').set('If-Match', '"0"').send(delivery()),
      http().post('/api/v1/sales/vehicle-sales/VS-RACE/delivery').set('If-Match', '"0"').send(delivery()),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
    const conflict = responses.find((r) => r.status === 409)!;
    expect(['STREAM_VERSION_CONFLICT', 'VEHICLE_ALREADY_DELIVERED']).toContain((conflict.body as { code: string }).code);

    const again = await http().post('/api/v1/sales/vehicle-sales/VS-RACE/delivery').send(delivery()).expect(409);
    expect(again.body).toMatchObject({ code: 'VEHICLE_ALREADY_DELIVERED' });
    await http().post('/api/v1/sales/vehicle-sales/VS-RACE/delivery').set('If-Match', '"7"').send(delivery()).expect(409);
  });

  it("books each delivery on its branch's business date: the branch's own time zone and cut-off", async () => {
    const branch = { brands: ['VW'], openedOn: '2025-01-01' };
    await http()
      .post('/api/v1/org/branches')
      .send({ ...branch, branchId: 'LATE-01', name: 'Open till 4am', currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 240 })
      .expect(201);
    await http()
      .post('/api/v1/org/branches')
      .send({ ...branch, branchId: 'MAD-01', name: 'Madrid', currency: 'EUR', timeZone: 'Europe/Madrid', cutoffMinutes: 0 })
      .expect(201);
    const eur = { currency: 'EUR', net: '30000.00', tax: '6300.00', gross: '36300.00' };
    // 00:30 on 1 Feb in Shanghai, but the business day turns at 04:00: a January sale.
    await http()
      .post('/api/v1/sales/vehicle-sales/LATE-1/delivery')
      .send(delivery({ branchId: 'LATE-01', occurredAt: '2026-01-31T16:30:00Z' }))
      .expect(201);
    // 23:30 UTC on 31 Jan is 00:30 on 1 Feb in Madrid: a February sale.
    await http()
      .post('/api/v1/sales/vehicle-sales/MAD-1/delivery')
      .send(delivery({ branchId: 'MAD-01', occurredAt: '2026-01-31T23:30:00Z', invoice: eur, cost: eur }))
      .expect(201);
    await expectEventually(async () => {
      expect(otherThanSh01(await revenue())).toEqual({
        newVehicles: [
          ['LATE-01', '2026-01', 'CNY', '100000.00'],
          ['MAD-01', '2026-02', 'EUR', '30000.00'],
        ],
        usedVehicles: [],
        unitsDelivered: [
          ['LATE-01', '2026-01', null, '1'],
          ['MAD-01', '2026-02', null, '1'],
        ],
      });
    });
  });

  it('leaves the figures unchanged when Kafka redelivers every batch to the projector', async () => {
    const runner = app.get(ProjectorRunner);
    const groupId = `${prefix}kpi-projector`;
    const topic = topicFor('sales', prefix);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const caughtUp = async () => {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        const latest = await admin.fetchTopicOffsets(topic);
        for (const { partition, high } of latest) {
          // -1 (none) and -2 (earliest, after the reset) on a partition that holds nothing.
          const offset = committed!.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
          expect(offset.startsWith('-') ? '0' : offset).toBe(high);
        }
        return latest.reduce((sum, p) => sum + Number(p.high), 0);
      };
      const total = await expectEventually(caughtUp);
      expect(total).toBe(7); // VS-1, VS-2, VS-3, VS-BAD, VS-RACE, LATE-1, MAD-1 (branches are on the org topic)
      const before = await revenue();

      // Stop the group, rewind it to the start, and consume everything again with a new member.
      await runner.consumer.stop();
      await admin.resetOffsets({ groupId, topic, earliest: true });
      const replay = new KafkaBatchConsumer(
        kafka,
        new ClickHouseProjectionSink(clickhouse, ALL_PROJECTIONS, {
          calendar: new StoreBranchCalendar(app.get(BranchDirectory)),
        }),
        { groupId, topics: [topic] },
      );
      await replay.start();
      try {
        await expectEventually(() => expect(replay.stats.consumed).toBe(total));
        await expectEventually(caughtUp);
        expect(await revenue()).toEqual(before);
        const [row] = await clickhouse.query<{ rows: string }>('SELECT count() AS rows FROM fact_vehicle_sales FINAL');
        expect(Number(row!.rows)).toBe(total);
      } finally {
        await replay.stop();
      }
    } finally {
      await admin.disconnect();
    }
  });
});
