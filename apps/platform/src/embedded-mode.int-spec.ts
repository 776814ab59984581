import { bearerFor } from '@app/auth';
import { CLICKHOUSE_CLIENT, ClickHouseClient } from '@app/clickhouse';
import { EventStore, openEventStoreDataSource } from '@app/event-store';
import { evaluateKpi } from '@app/kpi';
import { KAFKA, RelayRunner } from '@app/messaging';
import { configureHttpApp, loadPlatformConfig } from '@app/platform-kit';
import { ProjectorRunner, StoreFeedProjectorRunner } from '@app/projections';
import { createTestDatabase, expectEventually, TEST_METADATA, TestDatabase, useTestClickHouse, vehicleDelivered } from '@app/testing';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import Decimal from 'decimal.js';
import { Server } from 'node:http';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { PlatformModule } from './platform.module';

/**
 * Embedded mode (`npm start` without KAFKA_BROKERS): no Kafka client, no relay; the projector
 * follows the event store through the in-process log into the same ClickHouse sink.
 */
describe('embedded mode: commands → event store → in-process log → projector → ClickHouse', () => {
  let db: TestDatabase;
  let writerSource: DataSource;
  let writer: EventStore;
  let clickhouse: ClickHouseClient | undefined;

  beforeAll(async () => {
    db = await createTestDatabase('embedded');
    useTestClickHouse();
    writerSource = await openEventStoreDataSource({ url: db.url });
    writer = new EventStore(writerSource);
  });

  afterAll(async () => {
    await writerSource?.destroy();
    await db?.drop();
  });

  const expected = { units: 0, net: new Decimal(0) };

  async function startPlatform(): Promise<INestApplication> {
    const config = loadPlatformConfig({ ...process.env, KAFKA_BROKERS: undefined });
    const moduleRef = await Test.createTestingModule({
      imports: [PlatformModule.forRoot({ config, databaseUrl: db.url })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
    configureHttpApp(app, { title: 'test' });
    await app.init();
    clickhouse = app.get(CLICKHOUSE_CLIENT);
    return app;
  }

  /** Revenue and units of SH-01 in January 2026: from the facts (FINAL), the raw fact rows, and what the pages show (the KPI engine). */
  async function figures(ch: ClickHouseClient) {
    const [facts] = await ch.query<{ units: string; net: string; rows: string }>(
      `SELECT toString(sum(units)) AS units, toString(sum(revenue_net)) AS net,
              toString((SELECT count() FROM fact_vehicle_sales WHERE branch_id = 'SH-01')) AS rows
         FROM fact_vehicle_sales FINAL WHERE branch_id = 'SH-01'`,
    );
    const [kpi] = await evaluateKpi(ch, 'revenue_new_vehicles', {
      from: '2026-01-01',
      to: '2026-01-31',
      bucket: 'month',
      level: 'branch',
      branchIds: ['SH-01'],
      currency: 'branch',
      now: new Date(),
    });
    return { units: Number(facts!.units), net: new Decimal(facts!.net).toFixed(2), rows: Number(facts!.rows), kpiNet: kpi?.value ?? '0.00' };
  }

  it('has no Kafka client and no relay, and projects every event exactly once across a restart, late commits included', async () => {
    let app = await startPlatform();
    expect(() => app.get<unknown>(KAFKA)).toThrow();
    expect(() => app.get(RelayRunner)).toThrow();
    expect(() => app.get(ProjectorRunner)).toThrow();
    const http = () => request.agent(app.getHttpServer() as Server).set(bearerFor('head-office', { subject: 'test-head-office' }));
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

    // Deliveries through the HTTP commands, 20 at a time: concurrent transactions.
    const deliver = (i: number, net: string) => {
      expected.units++;
      expected.net = expected.net.plus(net);
      const tax = new Decimal(net).times('0.13').toFixed(2);
      const money = { currency: 'CNY', net, tax, gross: new Decimal(net).plus(tax).toFixed(2) };
      return http()
        .post(`/api/v1/sales/vehicle-sales/HTTP-${i}/delivery`)
        .send({
          branchId: 'SH-01',
          vin: 'LSVAU2180N2183294',
          model: 'Lavida',
          condition: 'new',
          consultantId: 'E-1',
          occurredAt: '2026-01-10T03:00:00Z',
          invoice: money,
          cost: money,
        })
        .expect(201);
    };
    await Promise.all(Array.from({ length: 20 }, (_, i) => deliver(i, `${1000 + i}.25`)));

    // A writer that keeps committing while the platform stops and starts again; every third
    // transaction stays open a while, so later transactions commit before it. It stops once the
    // platform is back (at most 4,000 events: a slow machine must still write 20 while it is down).
    let writing = true;
    let written = 0;
    const appendLoop = (async () => {
      for (let i = 0; (writing || i < 40) && i < 4000; i++) {
        const net = `${100 + (i % 7)}.10`;
        const tax = new Decimal(net).times('0.13').toFixed(2);
        const money = { currency: 'CNY', net, tax, gross: new Decimal(net).plus(tax).toFixed(2) };
        const event = vehicleDelivered({ occurredAt: '2026-01-11T03:00:00.000Z', payload: { vehicleSaleId: `W-${i}`, invoice: money, cost: money } });
        if (i % 3 === 0) {
          await writerSource.transaction(async (manager) => {
            await writer.appendWithin(manager, `vehicle-sale-W-${i}`, 0, [event], TEST_METADATA);
            await new Promise((resolve) => setTimeout(resolve, 20));
          });
        } else {
          await writer.append(`vehicle-sale-W-${i}`, 0, [event], TEST_METADATA);
        }
        expected.units++;
        expected.net = expected.net.plus(net);
        written++;
      }
    })();

    // Stop mid-stream: the projector finishes its batch and saves its checkpoint.
    await expectEventually(async () => expect((await figures(clickhouse!)).units).toBeGreaterThan(25));
    const firstFeed = app.get(StoreFeedProjectorRunner).feed;
    await app.close();
    const writtenAtStop = written;
    await expectEventually(() => expect(written).toBeGreaterThan(writtenAtStop + 20));

    app = await startPlatform();
    writing = false;
    await appendLoop;
    const feed = app.get(StoreFeedProjectorRunner).feed;
    try {
      await expectEventually(async () => expect(await feed.lag()).toBe(0), { timeoutMs: 30_000 });
      await expectEventually(async () =>
        expect({ ...(await figures(clickhouse!)), handedOver: firstFeed.stats.written + feed.stats.written }).toEqual({
          units: expected.units,
          net: expected.net.toFixed(2),
          rows: expected.units, // no fact row written twice, FINAL or not
          kpiNet: expected.net.toFixed(2),
          handedOver: 1 + expected.units, // BranchOpened and every delivery, each once across both runs
        }),
      );
      expect(firstFeed.stats.deadLettered + feed.stats.deadLettered).toBe(0);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('projects the whole store again into a new ClickHouse database (its folder deleted), whatever its checkpoint says', async () => {
    expect(expected.units).toBeGreaterThan(0);
    useTestClickHouse(); // a new, empty database
    const app = await startPlatform();
    try {
      await expectEventually(async () =>
        expect(await figures(clickhouse!)).toEqual({
          units: expected.units,
          net: expected.net.toFixed(2),
          rows: expected.units,
          kpiNet: expected.net.toFixed(2),
        }),
      );
      expect(app.get(StoreFeedProjectorRunner).feed.stats.written).toBe(1 + expected.units);
    } finally {
      await app.close();
    }
  }, 60_000);
});
