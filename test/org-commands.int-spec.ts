import { bearerFor } from '@app/auth';
import { EventEnvelope, ORG_EVENTS, parseEvent, topicFor } from '@app/contracts';
import { CheckpointStore, EventStore, EventStoreModule } from '@app/event-store';
import { EventRelay, ensureTopics, KafkaEventPublisher, kafkaSettingsFromEnv } from '@app/messaging';
import { BranchDirectoryModule, MarketImportResult, normalizeTargetCell, OrgModule, targetStreamId } from '@app/org';
import { configureHttpApp } from '@app/platform-kit';
import { createTestDatabase, readTopic, runUntilHandedOver, testKafka, TestDatabase, uniqueId } from '@app/testing';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import ExcelJS from 'exceljs';
import { Server } from 'node:http';
import request from 'supertest';
import { DataSource } from 'typeorm';

const target = (overrides: Record<string, unknown> = {}) => ({
  kpi: 'service_revenue',
  periodKind: 'month',
  period: '2026-03',
  grain: 'branch',
  grainId: 'SH-01',
  kind: 'quota',
  value: '1500000.00',
  unit: 'CNY',
  ...overrides,
});

interface ErrorBody {
  code: string;
  errors?: { field: string; messages: string[] }[];
}

describe('org commands over HTTP (real Postgres) and their relay to Kafka', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let store: EventStore;
  let dataSource: DataSource;
  const http = () => request.agent(app.getHttpServer() as Server).set(bearerFor('head-office', { subject: 'test-head-office' }));
  const eventCount = async () => Number((await dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM events'))[0]?.n);
  const fields = (body: unknown) => ((body as ErrorBody).errors ?? []).map((e) => e.field);
  const result = (body: unknown) => body as MarketImportResult;

  beforeAll(async () => {
    db = await createTestDatabase('org');
    const moduleRef = await Test.createTestingModule({
      imports: [EventStoreModule.forRoot(() => ({ url: db.url })), BranchDirectoryModule, OrgModule],
    }).compile();
    app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
    configureHttpApp(app, { title: 'test' });
    await app.init();
    store = app.get(EventStore);
    dataSource = app.get(DataSource);
    const branch = { name: 'Shanghai Pudong', brands: ['VW'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2025-01-01' };
    await http()
      .post('/api/v1/org/branches')
      .send({ ...branch, branchId: 'SH-01' })
      .expect(201);
    await http()
      .post('/api/v1/org/branches')
      .send({ ...branch, branchId: 'SH-02' })
      .expect(201);
    await http()
      .post('/api/v1/org/branches')
      .send({ ...branch, branchId: 'OLD-01' })
      .expect(201);
    await http().post('/api/v1/org/branches/OLD-01/closure').send({ closedOn: '2025-12-31', reason: 'merged' }).expect(201);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('defines regions; the same definition again appends nothing, another name renames', async () => {
    const east = await http().post('/api/v1/org/regions').send({ regionId: 'EAST', name: 'East China' }).expect(201);
    expect(east.body).toMatchObject({ streamId: 'region-EAST', streamVersion: 1 });
    await http().post('/api/v1/org/regions').send({ regionId: 'SOUTH', name: 'South' }).expect(201);
    const again = await http().post('/api/v1/org/regions').send({ regionId: 'EAST', name: 'East China' }).expect(201);
    expect(again.body).toEqual({ streamId: 'region-EAST', streamVersion: 1, eventIds: [], positions: [], position: null });
    await http().post('/api/v1/org/regions').send({ regionId: 'SOUTH', name: 'South China' }).expect(201);
    expect((await store.readStream('region-SOUTH')).map((e) => (e.payload as { name: string }).name)).toEqual(['South', 'South China']);
  });

  it('assigns a branch to a region with effective dates and keeps the history', async () => {
    await http().post('/api/v1/org/branches/SH-01/region-assignments').send({ regionId: 'EAST', effectiveFrom: '2026-01-01' }).expect(201);
    await http().post('/api/v1/org/branches/SH-01/region-assignments').send({ regionId: 'SOUTH', effectiveFrom: '2026-03-15' }).expect(201);
    const stream = await store.readStream('branch-region-SH-01');
    expect(stream.map((e) => [e.type, e.branchId, e.payload])).toEqual([
      ['BranchRegionAssigned', 'SH-01', { branchId: 'SH-01', regionId: 'EAST', effectiveFrom: '2026-01-01' }],
      ['BranchRegionAssigned', 'SH-01', { branchId: 'SH-01', regionId: 'SOUTH', effectiveFrom: '2026-03-15' }],
    ]);
  });

  it("assigns market areas to a branch's territory with effective dates, hands them over and keeps the history", async () => {
    const first = await http().post('/api/v1/org/territories/SH-PUDONG/assignments').send({ branchId: 'SH-01', effectiveFrom: '2026-01-01' }).expect(201);
    expect(first.body).toMatchObject({ streamId: 'territory-SH-PUDONG', streamVersion: 1 });
    // The same assignment again appends nothing; a hand-over to no branch is an event of the group.
    const again = await http().post('/api/v1/org/territories/SH-PUDONG/assignments').send({ branchId: 'SH-01', effectiveFrom: '2026-01-01' }).expect(201);
    expect(again.body).toMatchObject({ streamVersion: 1, eventIds: [] });
    await http().post('/api/v1/org/territories/SH-PUDONG/assignments').send({ branchId: null, effectiveFrom: '2026-07-01' }).expect(201);
    expect((await store.readStream('territory-SH-PUDONG')).map((e) => [e.type, e.branchId, e.payload])).toEqual([
      ['TerritoryAssigned', 'SH-01', { area: 'SH-PUDONG', branchId: 'SH-01', effectiveFrom: '2026-01-01' }],
      ['TerritoryAssigned', '*', { area: 'SH-PUDONG', branchId: null, effectiveFrom: '2026-07-01' }],
    ]);
    const before = await eventCount();
    const refused: [string, unknown, number, string, string[]?][] = [
      ['/api/v1/org/territories/SH-PUDONG/assignments', { branchId: 'NOPE-01', effectiveFrom: '2026-01-01' }, 400, 'UNKNOWN_BRANCH'],
      ['/api/v1/org/territories/SH-PUDONG/assignments', { branchId: 'OLD-01', effectiveFrom: '2026-01-01' }, 400, 'BRANCH_CLOSED'],
      ['/api/v1/org/territories/SH-PUDONG/assignments', { branchId: 'SH-01', effectiveFrom: '2024-12-31' }, 400, 'EFFECTIVE_BEFORE_BRANCH_OPENED'],
      ['/api/v1/org/territories/SH-PUDONG/assignments', { effectiveFrom: '2026-02-30' }, 400, 'VALIDATION_FAILED', ['branchId', 'effectiveFrom']],
      ['/api/v1/org/territories/SH%20PUDONG/assignments', { branchId: 'SH-01', effectiveFrom: '2026-02-01' }, 400, 'VALIDATION_FAILED', ['area']],
    ];
    for (const [path, body, status, code, fieldNames] of refused) {
      const response = await http()
        .post(path)
        .send(body as object)
        .expect(status);
      expect(response.body).toMatchObject({ code });
      if (fieldNames) expect(fields(response.body).sort()).toEqual(fieldNames);
    }
    expect(await eventCount()).toBe(before);
    // Head office only: a branch manager may not draw the territory map.
    await request(app.getHttpServer() as Server)
      .post('/api/v1/org/territories/SH-PUDONG/assignments')
      .set(bearerFor('branch-manager', { branches: ['SH-01'], subject: 'test-bm' }))
      .send({ branchId: 'SH-01', effectiveFrom: '2026-02-01' })
      .expect(403);
  });

  it("keeps head office's model catalogue: a model's brand from a date on, corrected at the same date, refused with field messages", async () => {
    const first = await http().post('/api/v1/org/model-brands').send({ model: 'Tiguan L', brand: 'Volkswagen', effectiveFrom: '2020-01-01' }).expect(201);
    expect(first.body).toMatchObject({ streamId: 'model-brand-Tiguan L', streamVersion: 1 });
    // The same assignment again appends nothing; a withdrawal (no brand) and a correction at the same date are events.
    const again = await http().post('/api/v1/org/model-brands').send({ model: 'Tiguan L', brand: 'Volkswagen', effectiveFrom: '2020-01-01' }).expect(201);
    expect(again.body).toMatchObject({ streamVersion: 1, eventIds: [] });
    await http().post('/api/v1/org/model-brands').send({ model: 'Tiguan L', brand: null, effectiveFrom: '2026-07-01' }).expect(201);
    await http().post('/api/v1/org/model-brands').send({ model: 'Tiguan L', brand: 'SAIC Volkswagen', effectiveFrom: '2020-01-01' }).expect(201);
    expect((await store.readStream('model-brand-Tiguan L')).map((e) => [e.type, e.branchId, e.payload])).toEqual([
      ['ModelBrandAssigned', '*', { model: 'Tiguan L', brand: 'Volkswagen', effectiveFrom: '2020-01-01' }],
      ['ModelBrandAssigned', '*', { model: 'Tiguan L', brand: null, effectiveFrom: '2026-07-01' }],
      ['ModelBrandAssigned', '*', { model: 'Tiguan L', brand: 'SAIC Volkswagen', effectiveFrom: '2020-01-01' }],
    ]);
    const before = await eventCount();
    const refused: [unknown, string[]][] = [
      [{ brand: 'Volkswagen', effectiveFrom: '2026-01-01' }, ['model']],
      [{ model: '  ', brand: ' ', effectiveFrom: '2026-02-30' }, ['brand', 'effectiveFrom', 'model']],
      [{ model: 'Lavida', brand: 'Unassigned', effectiveFrom: '2026-01-01' }, ['brand']],
      [{ model: 'Lavida', brand: 'VW,Skoda', effectiveFrom: '2026-01-01' }, ['brand']],
      [{ model: 'Lavida ', brand: 'unassigned ', effectiveFrom: '2026-01-01' }, ['brand', 'model']],
      [{ model: 'Lavida', effectiveFrom: '2026-01-01' }, ['brand']],
    ];
    for (const [body, fieldNames] of refused) {
      const response = await http()
        .post('/api/v1/org/model-brands')
        .send(body as object)
        .expect(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(fields(response.body).sort()).toEqual(fieldNames);
    }
    expect(await eventCount()).toBe(before);
    // Head office only: a branch manager may not keep the model catalogue.
    await request(app.getHttpServer() as Server)
      .post('/api/v1/org/model-brands')
      .set(bearerFor('branch-manager', { branches: ['SH-01'], subject: 'test-bm' }))
      .send({ model: 'Lavida', brand: 'Volkswagen', effectiveFrom: '2020-01-01' })
      .expect(403);
    expect(await eventCount()).toBe(before);
  });

  it('assigns employees to a branch, department and role', async () => {
    await http()
      .post('/api/v1/org/employees/E-1/assignments')
      .send({ branchId: 'SH-01', department: 'sales', role: 'sales_consultant', effectiveFrom: '2026-01-01' })
      .expect(201);
    await http()
      .post('/api/v1/org/employees/T-1/assignments')
      .send({ branchId: 'SH-01', department: 'service', role: 'technician', effectiveFrom: '2026-01-01' })
      .expect(201);
    expect(await store.readStream('employee-E-1')).toMatchObject([{ type: 'EmployeeAssigned', payload: { department: 'sales', role: 'sales_consultant' } }]);
  });

  it('sets targets at every grain and kind, and revises one keeping both versions', async () => {
    for (const body of [
      target(),
      target({ kind: 'stretch', value: '1800000.00' }),
      target({ grain: 'region', grainId: 'EAST', periodKind: 'year', period: '2026' }),
      target({ grain: 'group', grainId: undefined, periodKind: 'quarter', period: '2026-Q1' }),
      target({ grain: 'department', grainId: 'SH-01:service', kpi: 'per_vehicle_yield', segment: 'insurance', value: '1800', unit: 'CNY/vehicle' }),
      target({ grain: 'person', grainId: 'E-1', kpi: 'units_delivered', model: 'Lavida', value: '12', unit: 'units' }),
    ]) {
      await http().post('/api/v1/org/targets').send(body).expect(201);
    }
    // The same target again is no change; another value must be a revision.
    expect(
      (
        await http()
          .post('/api/v1/org/targets')
          .send(target({ value: '1500000' }))
          .expect(201)
      ).body,
    ).toMatchObject({ eventIds: [] });
    expect(
      (
        await http()
          .post('/api/v1/org/targets')
          .send(target({ value: '1' }))
          .expect(409)
      ).body,
    ).toMatchObject({ code: 'TARGET_ALREADY_SET' });

    const revised = await http()
      .post('/api/v1/org/targets/revisions')
      .send({ ...target({ value: '1400000.00' }), supersedesVersion: 1, reason: 'mid-year review' })
      .expect(201);
    const streamId = targetStreamId(
      normalizeTargetCell({ kpi: 'service_revenue', periodKind: 'month', period: '2026-03', grain: 'branch', grainId: 'SH-01', kind: 'quota' }),
    );
    expect(revised.body).toMatchObject({ streamId, streamVersion: 2 });
    expect(
      (await store.readStream(streamId)).map((e) => [
        e.type,
        (e.payload as { version: number; value: string }).version,
        (e.payload as { value: string }).value,
      ]),
    ).toEqual([
      ['TargetSet', 1, '1500000.00'],
      ['TargetRevised', 2, '1400000.00'],
    ]);
    const stale = await http()
      .post('/api/v1/org/targets/revisions')
      .send({ ...target({ value: '1300000.00' }), supersedesVersion: 1 })
      .expect(409);
    expect(stale.body).toMatchObject({ code: 'STALE_TARGET_VERSION' });
    const unset = await http()
      .post('/api/v1/org/targets/revisions')
      .send({ ...target({ period: '2026-04' }), supersedesVersion: 1 })
      .expect(404);
    expect(unset.body).toMatchObject({ code: 'TARGET_NOT_SET' });
  });

  it('sets and revises only targets that mean something: a catalogue KPI that takes targets, the currency of the grain, no negative where the figure never is', async () => {
    await http()
      .post('/api/v1/org/branches')
      .send({ branchId: 'MAD-01', name: 'Madrid', brands: ['SEAT'], currency: 'EUR', timeZone: 'Europe/Madrid', cutoffMinutes: 0, openedOn: '2025-01-01' })
      .expect(201);
    await http()
      .post('/api/v1/org/employees/E-9/assignments')
      .send({ branchId: 'MAD-01', department: 'sales', role: 'sales_consultant', effectiveFrom: '2025-06-01' })
      .expect(201);
    const madrid = (overrides: Record<string, unknown> = {}) => target({ grainId: 'MAD-01', period: '2026-05', unit: 'EUR', value: '250000.00', ...overrides });
    const before = await eventCount();
    const refused: [Record<string, unknown>, string, RegExp][] = [
      [madrid({ kpi: 'new_vehicle_units', unit: 'units' }), 'UNKNOWN_KPI', /new_vehicle_units is not in the KPI catalogue/],
      [madrid({ kpi: 'attainment_quota', unit: '%', value: '100' }), 'KPI_TAKES_NO_TARGET', /takes none itself/],
      [madrid({ kpi: 'csi_service', unit: 'score', value: '-5' }), 'NEGATIVE_TARGET', /csi_service \(score\) is never below zero/],
      [madrid({ kpi: 'rework_rate', unit: '%', value: '-0.5' }), 'NEGATIVE_TARGET', /below zero/],
      [madrid({ unit: 'CNY' }), 'TARGET_CURRENCY_MISMATCH', /branch MAD-01 books in EUR, so its service_revenue target is in EUR/],
      [madrid({ unit: '万元', value: '150' }), 'TARGET_CURRENCY_MISMATCH', /unit must be the currency code/],
      [
        madrid({ grain: 'department', grainId: 'MAD-01:service', kpi: 'per_vehicle_yield', unit: 'CNY/vehicle', value: '800' }),
        'TARGET_CURRENCY_MISMATCH',
        /MAD-01 books in EUR/,
      ],
      [madrid({ grain: 'person', grainId: 'E-9', unit: 'CNY' }), 'TARGET_CURRENCY_MISMATCH', /employee E-9's branch MAD-01 books in EUR/],
      [madrid({ grain: 'region', grainId: 'EAST' }), 'TARGET_CURRENCY_MISMATCH', /region EAST is reported in the group currency, CNY on 2026-05-01/],
      [
        madrid({ grain: 'group', grainId: undefined, periodKind: 'year', period: '2026' }),
        'TARGET_CURRENCY_MISMATCH',
        /the group is reported in the group currency, CNY on 2026-01-01/,
      ],
    ];
    for (const [body, code, message] of refused) {
      const response = await http().post('/api/v1/org/targets').send(body);
      expect({ body, status: response.status, code: (response.body as ErrorBody).code }).toEqual({ body, status: 400, code });
      expect((response.body as { message: string }).message).toMatch(message);
    }
    expect(await eventCount()).toBe(before);

    // The same targets where they make sense.
    await http().post('/api/v1/org/targets').send(madrid()).expect(201);
    await http()
      .post('/api/v1/org/targets')
      .send(madrid({ kpi: 'vehicle_gross_profit', value: '-50000.00' }))
      .expect(201);
    await http()
      .post('/api/v1/org/targets')
      .send(madrid({ grain: 'person', grainId: 'E-9', kpi: 'revenue_new_vehicles' }))
      .expect(201);
    await http()
      .post('/api/v1/org/targets')
      .send(madrid({ grain: 'department', grainId: 'MAD-01:service', kpi: 'per_vehicle_yield', unit: 'EUR/vehicle', value: '95' }))
      .expect(201);
    await http()
      .post('/api/v1/org/targets')
      .send(madrid({ grain: 'region', grainId: 'EAST', unit: 'CNY', value: '9000000' }))
      .expect(201);
    await http()
      .post('/api/v1/org/targets')
      .send(madrid({ kpi: 'csi_service', unit: 'score', value: '0' }))
      .expect(201);
    // The group currency in force on the first day of the period: EUR from 2027 on.
    await http().post('/api/v1/org/kpi-settings').send({ key: 'group_currency', value: 'EUR', effectiveFrom: '2027-01-01' }).expect(201);
    await http()
      .post('/api/v1/org/targets')
      .send(madrid({ grain: 'group', grainId: undefined, periodKind: 'year', period: '2027' }))
      .expect(201);
    expect(
      (
        await http()
          .post('/api/v1/org/targets')
          .send(madrid({ grain: 'group', grainId: undefined, periodKind: 'year', period: '2027', unit: 'CNY' }))
          .expect(400)
      ).body,
    ).toMatchObject({
      code: 'TARGET_CURRENCY_MISMATCH',
    });

    // A revision obeys the same rules.
    const revise = (overrides: Record<string, unknown>) =>
      http()
        .post('/api/v1/org/targets/revisions')
        .send({ ...madrid(overrides), supersedesVersion: 1 });
    expect((await revise({ unit: 'CNY', value: '2000000.00' }).expect(400)).body).toMatchObject({ code: 'TARGET_CURRENCY_MISMATCH' });
    expect((await revise({ kpi: 'csi_service', unit: 'score', value: '-1' }).expect(400)).body).toMatchObject({ code: 'NEGATIVE_TARGET' });
    await revise({ value: '240000.00' }).expect(201);
  });

  it('sets monthly exchange rates and revises them as new versions', async () => {
    const body = { month: '2026-01', fromCurrency: 'EUR', toCurrency: 'CNY', rate: '7.81234567' };
    await http().post('/api/v1/org/exchange-rates').send(body).expect(201);
    expect((await http().post('/api/v1/org/exchange-rates').send(body).expect(201)).body).toMatchObject({ eventIds: [] });
    await http()
      .post('/api/v1/org/exchange-rates')
      .send({ ...body, rate: '7.9' })
      .expect(201);
    expect((await store.readStream('exchange-rate-2026-01-EUR-CNY')).map((e) => e.payload)).toEqual([
      { ...body, version: 1 },
      { ...body, rate: '7.9', version: 2 },
    ]);
  });

  it('sets holiday calendars for the group, a region and a branch', async () => {
    await http()
      .post('/api/v1/org/holiday-calendars')
      .send({ scope: 'group', year: 2026, holidays: ['2026-01-01', '2026-10-01'], extraWorkingDays: [] })
      .expect(201);
    await http()
      .post('/api/v1/org/holiday-calendars')
      .send({ scope: 'region', scopeId: 'EAST', year: 2026, holidays: ['2026-05-01'], extraWorkingDays: [] })
      .expect(201);
    await http()
      .post('/api/v1/org/holiday-calendars')
      .send({ scope: 'branch', scopeId: 'SH-01', year: 2026, holidays: ['2026-02-17'], extraWorkingDays: ['2026-02-14'] })
      .expect(201);
    expect(await store.readStream('holiday-calendar-group-group-2026')).toMatchObject([
      { type: 'HolidayCalendarSet', branchId: '*', payload: { scopeId: 'group', version: 1 } },
    ]);
  });

  it('changes KPI settings from a date on', async () => {
    await http().post('/api/v1/org/kpi-settings').send({ key: 'rework_window_days', value: '45', effectiveFrom: '2026-07-01' }).expect(201);
    expect(await store.readStream('kpi-setting-rework_window_days')).toMatchObject([
      { type: 'KpiSettingChanged', payload: { value: '45', effectiveFrom: '2026-07-01' } },
    ]);
  });

  it('closes an ended month once: 201, then 409 PERIOD_ALREADY_CLOSED; a month not ended yet is a 409 too, a non-month a 400', async () => {
    const response = await http().post('/api/v1/org/periods/2026-01/close').send({ reason: 'January close' }).expect(201);
    expect(response.body).toMatchObject({ streamId: 'period-2026-01' });
    expect(await store.readStream('period-2026-01')).toMatchObject([
      { type: 'PeriodClosed', branchId: '*', payload: { period: '2026-01', reason: 'January close' } },
    ]);
    expect((await http().post('/api/v1/org/periods/2026-01/close').send({}).expect(409)).body).toMatchObject({ code: 'PERIOD_ALREADY_CLOSED' });
    const nextMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 1, 1)).toISOString().slice(0, 7);
    expect((await http().post(`/api/v1/org/periods/${nextMonth}/close`).send({}).expect(409)).body).toMatchObject({ code: 'PERIOD_NOT_ENDED' });
    expect((await http().post('/api/v1/org/periods/2026-13/close').send({}).expect(400)).body).toMatchObject({ code: 'INVALID_PERIOD' });
  });

  it('refuses bad input, unknown references and closed branches with 400 and field messages, appending nothing', async () => {
    const before = await eventCount();
    const cases: [string, unknown, string, string[]?][] = [
      ['/api/v1/org/branches/SH-01/region-assignments', { regionId: 'NOWHERE', effectiveFrom: '2026-01-01' }, 'UNKNOWN_REGION'],
      ['/api/v1/org/branches/NOPE-01/region-assignments', { regionId: 'EAST', effectiveFrom: '2026-01-01' }, 'UNKNOWN_BRANCH'],
      ['/api/v1/org/branches/OLD-01/region-assignments', { regionId: 'EAST', effectiveFrom: '2026-01-01' }, 'BRANCH_CLOSED'],
      ['/api/v1/org/branches/SH-01/region-assignments', { regionId: 'EAST', effectiveFrom: '2024-12-31' }, 'EFFECTIVE_BEFORE_BRANCH_OPENED'],
      ['/api/v1/org/branches/SH-01/region-assignments', { regionId: 'EAST', effectiveFrom: '2026-02-30' }, 'VALIDATION_FAILED', ['effectiveFrom']],
      ['/api/v1/org/branches/SH%2001/region-assignments', { regionId: 'EAST', effectiveFrom: '2026-02-01' }, 'VALIDATION_FAILED', ['branchId']],
      [
        '/api/v1/org/employees/E-2/assignments',
        { branchId: 'SH-01', department: 'sales', role: 'salesman', effectiveFrom: '2026-01-01' },
        'VALIDATION_FAILED',
        ['role'],
      ],
      ['/api/v1/org/employees/E-2/assignments', { branchId: 'NOPE-01', department: 'sales', role: 'manager', effectiveFrom: '2026-01-01' }, 'UNKNOWN_BRANCH'],
      [
        '/api/v1/org/employees/E-2/assignments',
        { branchId: 'SH-01', department: 'parts', role: 'technician', effectiveFrom: '2026-01-01' },
        'ROLE_NOT_IN_DEPARTMENT',
      ],
      ['/api/v1/org/targets', target({ grain: 'region', grainId: 'NOWHERE' }), 'UNKNOWN_REGION'],
      ['/api/v1/org/targets', target({ grainId: 'NOPE-01' }), 'UNKNOWN_BRANCH'],
      ['/api/v1/org/targets', target({ grain: 'person', grainId: 'GHOST' }), 'UNKNOWN_EMPLOYEE'],
      ['/api/v1/org/targets', target({ value: 1500000, kind: 'goal', periodKind: 'quarter' }), 'VALIDATION_FAILED', ['period', 'kind', 'value']],
      ['/api/v1/org/targets', target({ grain: 'group', grainId: 'EAST' }), 'VALIDATION_FAILED', ['grainId']],
      [
        '/api/v1/org/exchange-rates',
        { month: '2026-13', fromCurrency: 'EUR', toCurrency: 'EUR', rate: 7.8 },
        'VALIDATION_FAILED',
        ['month', 'toCurrency', 'rate'],
      ],
      ['/api/v1/org/exchange-rates', { month: '2026-02', fromCurrency: 'EUR', toCurrency: 'CNY', rate: '0.00000000' }, 'VALIDATION_FAILED', ['rate']],
      ['/api/v1/org/exchange-rates', { month: '2026-02', fromCurrency: 'EUR', toCurrency: 'CNY', rate: '-7.8' }, 'VALIDATION_FAILED', ['rate']],
      ['/api/v1/org/exchange-rates', { month: '2026-02', fromCurrency: 'EUR', toCurrency: 'CNY', rate: '7.812345678' }, 'VALIDATION_FAILED', ['rate']],
      [
        '/api/v1/org/holiday-calendars',
        { scope: 'branch', scopeId: 'SH-01', year: 2026, holidays: ['2025-12-31'], extraWorkingDays: [] },
        'INVALID_HOLIDAY_CALENDAR',
      ],
      ['/api/v1/org/holiday-calendars', { scope: 'branch', scopeId: 'NOPE-01', year: 2026, holidays: [], extraWorkingDays: [] }, 'UNKNOWN_BRANCH'],
      [
        '/api/v1/org/holiday-calendars',
        { scope: 'region', year: 2026, holidays: ['2026-13-01'], extraWorkingDays: [] },
        'VALIDATION_FAILED',
        ['scopeId', 'holidays'],
      ],
      ['/api/v1/org/kpi-settings', { key: 'coffee_breaks', value: '2', effectiveFrom: '2026-01-01' }, 'VALIDATION_FAILED', ['key']],
      ['/api/v1/org/kpi-settings', { key: 'rework_window_days', value: 'thirty', effectiveFrom: '2026-01-01' }, 'INVALID_KPI_SETTING_VALUE'],
      ['/api/v1/org/regions', { regionId: 'EAST', name: 'East', color: 'red' }, 'VALIDATION_FAILED', ['color']],
    ];
    for (const [path, body, code, expectedFields] of cases) {
      const response = await http()
        .post(path)
        .send(body as object);
      expect({ path, body, status: response.status, code: (response.body as ErrorBody).code }).toEqual({ path, body, status: 400, code });
      if (expectedFields) expect(fields(response.body).sort()).toEqual([...expectedFields].sort());
    }
    expect(await eventCount()).toBe(before);
  });

  it('lets exactly one of two requests with the same If-Match on one stream through (409 for the other)', async () => {
    const body = (rate: string) => ({ month: '2026-03', fromCurrency: 'USD', toCurrency: 'CNY', rate });
    const responses = await Promise.all([
      http().post('/api/v1/org/exchange-rates').set('If-Match', '"0"').send(body('7.1')),
      http().post('/api/v1/org/exchange-rates').set('If-Match', '"0"').send(body('7.2')),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await store.readStream('exchange-rate-2026-03-USD-CNY')).toHaveLength(1);
  });

  it('answers an Idempotency-Key retry with the first answer, and refuses the key with another body (422)', async () => {
    const first = await http().post('/api/v1/org/regions').set('Idempotency-Key', 'hq:region:WEST').send({ regionId: 'WEST', name: 'West' }).expect(201);
    const before = await eventCount();
    const retry = await http().post('/api/v1/org/regions').set('Idempotency-Key', 'hq:region:WEST').send({ regionId: 'WEST', name: 'West' }).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await eventCount()).toBe(before);
    const reused = await http().post('/api/v1/org/regions').set('Idempotency-Key', 'hq:region:WEST').send({ regionId: 'WEST', name: 'Far West' }).expect(422);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('answers a batch of mixed org commands item by item', async () => {
    const items = [
      { command: 'DefineRegion', idempotencyKey: 'ob:1', body: { regionId: 'NORTH', name: 'North China' } },
      { command: 'AssignBranchRegion', idempotencyKey: 'ob:2', params: { branchId: 'SH-02' }, body: { regionId: 'NORTH', effectiveFrom: '2026-01-01' } },
      { command: 'SetTarget', idempotencyKey: 'ob:3', body: target({ grainId: 'SH-02', value: 'lots' }) },
      {
        command: 'AssignEmployee',
        idempotencyKey: 'ob:4',
        params: { employeeId: 'E-9' },
        body: { branchId: 'NOPE-01', department: 'sales', role: 'manager', effectiveFrom: '2026-01-01' },
      },
      { command: 'SetExchangeRate', idempotencyKey: 'ob:5', body: { month: '2026-04', fromCurrency: 'EUR', toCurrency: 'CNY', rate: '7.7' } },
      { command: 'ImportTargets', idempotencyKey: 'ob:6', body: {} },
    ];
    const before = await eventCount();
    const response = await http().post('/api/v1/org/batch').send({ items }).expect(200);
    const results = (response.body as { results: { status: number; body: { code?: string } }[] }).results.map((r) => [r.status, r.body.code]);
    expect(results).toEqual([
      [201, undefined],
      [201, undefined],
      [400, 'VALIDATION_FAILED'],
      [400, 'UNKNOWN_BRANCH'],
      [201, undefined],
      [400, 'UNKNOWN_COMMAND'],
    ]);
    expect(await eventCount()).toBe(before + 3);
  });

  it("imports the market's registrations: head office only, idempotent, 409 on other figures unless revise, bad rows refused by row", async () => {
    const path = '/api/v1/org/market-registrations';
    const message = (body: unknown) => (body as { message: string }).message;
    const rows = [
      { area: 'SH-01', segment: 'suv_b', month: '2026-01', registrations: 200, models: ['Tiguan L', 'Tayron'] },
      { area: 'SH-01', segment: 'sedan_a', month: '2026-01', registrations: 100, models: ['Lavida'] },
      { area: 'SH-02', segment: 'suv_b', month: '2026-01', registrations: 300, models: ['Tiguan L', 'Tayron'] },
    ];
    const manager = request.agent(app.getHttpServer() as Server).set(bearerFor('branch-manager', { branches: ['SH-01'], subject: 'test-manager' }));
    const before = await eventCount();
    expect((await manager.post(path).send({ rows }).expect(403)).body).toMatchObject({ code: 'ROLE_FORBIDDEN' });
    expect(await eventCount()).toBe(before);

    const first = await http().post(path).send({ rows }).expect(200);
    expect(result(first.body).cells).toEqual([
      { row: 1, area: 'SH-01', segment: 'suv_b', month: '2026-01', action: 'imported', version: 1 },
      { row: 2, area: 'SH-01', segment: 'sedan_a', month: '2026-01', action: 'imported', version: 1 },
      { row: 3, area: 'SH-02', segment: 'suv_b', month: '2026-01', action: 'imported', version: 1 },
    ]);
    expect(result(first.body).eventIds).toHaveLength(3);
    expect((await store.readStream('market-registrations-SH-01-2026-01')).map((e) => [e.type, e.payload])).toEqual([
      ['MarketRegistrationsImported', { area: 'SH-01', segment: 'suv_b', month: '2026-01', registrations: 200, models: ['Tayron', 'Tiguan L'], version: 1 }],
      ['MarketRegistrationsImported', { area: 'SH-01', segment: 'sedan_a', month: '2026-01', registrations: 100, models: ['Lavida'], version: 1 }],
    ]);

    // The same import again: nothing appended.
    const again = await http().post(path).send({ rows }).expect(200);
    expect(again.body).toMatchObject({ eventIds: [], position: null });
    expect(result(again.body).cells.map((c) => c.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    const afterImport = await eventCount();

    // Other figures for an imported cell: 409 and nothing imported (not even the new cell beside it); with revise, version 2.
    const changed = [
      { ...rows[2], registrations: 400 },
      { area: 'SH-02', segment: 'sedan_a', month: '2026-01', registrations: 80, models: ['Lavida'] },
    ];
    expect((await http().post(path).send({ rows: changed }).expect(409)).body).toMatchObject({ code: 'MARKET_FIGURE_CONFLICT' });
    expect(await eventCount()).toBe(afterImport);
    const revised = await http().post(path).send({ revise: true, rows: changed }).expect(200);
    expect(result(revised.body).cells.map((c) => [c.action, c.version])).toEqual([
      ['revised', 2],
      ['imported', 1],
    ]);

    // Bad rows: 400 with the row and field; an unknown area, a cell twice, a model in two segments: 422; nothing appended.
    const afterRevision = await eventCount();
    const bad = await http()
      .post(path)
      .send({ rows: [rows[0], { area: 'SH-01', segment: 'suv_a', month: '2026-13', registrations: 1.5, models: [] }] })
      .expect(400);
    expect(fields(bad.body)).toEqual(expect.arrayContaining(['rows.1.month', 'rows.1.registrations', 'rows.1.models']));
    expect((await http().post(path).send({ rows: [] }).expect(400)).body).toMatchObject({ code: 'VALIDATION_FAILED' });
    const unknownArea = await http()
      .post(path)
      .send({ rows: [{ ...rows[0], area: 'NOPE-01' }] })
      .expect(422);
    expect(unknownArea.body).toMatchObject({ code: 'MARKET_CELL_INVALID' });
    expect(message(unknownArea.body)).toContain('row 1: area NOPE-01');
    const twice = await http()
      .post(path)
      .send({ rows: [rows[0], rows[0]] })
      .expect(422);
    expect(message(twice.body)).toContain('row 2: the same cell as row 1');
    const twoSegments = await http()
      .post(path)
      .send({ rows: [{ area: 'SH-01', segment: 'suv_a', month: '2026-01', registrations: 50, models: ['Tiguan L'] }] })
      .expect(422);
    expect(message(twoSegments.body)).toContain('model Tiguan L is in two segments of SH-01 2026-01');
    expect(await eventCount()).toBe(afterRevision);
  });

  it('imports the market registrations from .xlsx (Chinese headers) and .csv (Spanish headers, a thousands point), bad rows by file row and column', async () => {
    const path = '/api/v1/org/market-registrations/import';
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('上险数');
    sheet.addRow(['市场区域', '细分市场', '月份', '市场上牌量', '本店车型']);
    sheet.addRow(['SH-01', 'suv_b', '2026-02', 210, 'Tiguan L、Tayron']);
    sheet.addRow(['SH-02', 'suv_b', new Date(Date.UTC(2026, 1, 1)), 320, 'Tiguan L; Tayron']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const before = await eventCount();
    const fromXlsx = await http().post(path).attach('file', xlsx, '上险数-2026-02.xlsx').expect(200);
    expect(result(fromXlsx.body).cells).toEqual([
      { row: 2, area: 'SH-01', segment: 'suv_b', month: '2026-02', action: 'imported', version: 1 },
      { row: 3, area: 'SH-02', segment: 'suv_b', month: '2026-02', action: 'imported', version: 1 },
    ]);
    expect((await store.readStream('market-registrations-SH-02-2026-02')).map((e) => e.payload)).toEqual([
      { area: 'SH-02', segment: 'suv_b', month: '2026-02', registrations: 320, models: ['Tayron', 'Tiguan L'], version: 1 },
    ]);
    // The same file again: unchanged, nothing appended.
    const again = await http().post(path).attach('file', xlsx, '上险数-2026-02.xlsx').expect(200);
    expect(result(again.body).eventIds).toEqual([]);
    expect(await eventCount()).toBe(before + 2);

    // Spanish: ";" and a thousands point (1.200 = 1200); another figure for SH-01 suv_b needs revise=true.
    const csv = Buffer.from(
      'Zona de mercado;Segmento;Mes;Matriculaciones;Modelos\r\nSH-01;suv_b;2026-02;1.200;Tiguan L|Tayron\r\nSH-01;sedan_a;2026-02;95;Lavida\r\n',
    );
    expect((await http().post(path).attach('file', csv, 'mercado.csv').expect(409)).body).toMatchObject({ code: 'MARKET_FIGURE_CONFLICT' });
    const revisedCsv = await http().post(path).query({ revise: 'true' }).attach('file', csv, 'mercado.csv').expect(200);
    expect(result(revisedCsv.body).cells.map((c) => [c.row, c.segment, c.action, c.version])).toEqual([
      [2, 'suv_b', 'revised', 2],
      [3, 'sedan_a', 'imported', 1],
    ]);
    expect((await store.readStream('market-registrations-SH-01-2026-02')).map((e) => (e.payload as { registrations: number }).registrations)).toEqual([
      210, 1200, 95,
    ]);

    // Bad rows: 400 by file row and column, nothing appended; a missing column is a file problem.
    const afterCsv = await eventCount();
    const bad = Buffer.from('area,segment,month,registrations,models\nSH-01,suv_c,2026-02,12.5,Polo\nSH-01,sedan_b,2026-14,10,\n');
    const badAnswer = await http().post(path).attach('file', bad, 'bad.csv').expect(400);
    expect(badAnswer.body).toMatchObject({ code: 'MARKET_FILE_INVALID' });
    expect((badAnswer.body as { errors: { row: number; column: string }[] }).errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'registrations'],
      [3, 'month'],
      [3, 'models'],
    ]);
    const noModels = await http().post(path).attach('file', Buffer.from('area,segment,month,registrations\nSH-01,suv_b,2026-03,1\n'), 'x.csv').expect(400);
    expect((noModels.body as { errors: { message: string }[] }).errors.map((e) => e.message)).toEqual(['missing column models']);
    expect(await eventCount()).toBe(afterCsv);
  });

  it('relays every org event type to the org topic on Kafka', async () => {
    const kafka = testKafka();
    const prefix = `${uniqueId('t')}.`;
    await ensureTopics(kafka, { ...kafkaSettingsFromEnv(process.env, 'test'), topicPrefix: prefix, partitions: 3 });
    const publisher = new KafkaEventPublisher(kafka, prefix);
    const relay = new EventRelay(dataSource, store, new CheckpointStore(dataSource), publisher, { name: uniqueId('relay-'), idleMs: 10 });
    try {
      const stored = Number((await dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM events'))[0]?.n);
      await runUntilHandedOver(() => relay.runOnce(), stored);
    } finally {
      await publisher.disconnect();
    }
    const expected = await eventCount();
    const read = await readTopic(kafka, topicFor('org', prefix), expected);
    expect(read).toHaveLength(expected);
    const events = read.map((r) => JSON.parse(r.message.value?.toString('utf8') ?? 'null') as EventEnvelope);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(ORG_EVENTS.map((d) => d.type)));
    for (const event of events) expect(parseEvent(event)).toMatchObject({ ok: true });
    const moves = read.filter((r) => r.message.key?.toString() === 'branch-region-SH-01');
    expect(new Set(moves.map((r) => r.partition)).size).toBe(1);
  });
});
