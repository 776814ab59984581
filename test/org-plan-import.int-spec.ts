import { bearerFor } from '@app/auth';
import { EventStore, EventStoreModule } from '@app/event-store';
import { BranchDirectoryModule, OrgModule, PlanImportReport } from '@app/org';
import { configureHttpApp } from '@app/platform-kit';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import ExcelJS from 'exceljs';
import { Server } from 'node:http';
import request from 'supertest';
import { DataSource } from 'typeorm';

const HEADER = ['kpi', 'periodKind', 'period', 'grain', 'grainId', 'model', 'segment', 'kind', 'value', 'unit'];
type Row = (string | number | null)[];

/** The head-office plan: quota and stretch per branch and month, a region year, a group quarter, a person, a department. */
const PLAN: Row[] = [
  ['service_revenue', 'month', '2026-01', 'branch', 'SH-01', null, null, 'quota', 1500000, 'CNY'],
  ['service_revenue', 'month', '2026-01', 'branch', 'SH-01', null, null, 'stretch', 1800000, 'CNY'],
  ['service_revenue', 'month', '2026-02', 'branch', 'SH-02', null, null, 'quota', '1200000.00', 'CNY'],
  ['service_revenue', 'year', 2026, 'region', 'EAST', null, null, 'quota', '36000000', 'CNY'],
  ['vehicle_intakes', 'quarter', '2026-Q1', 'group', null, null, null, 'quota', 1950, 'vehicles'],
  ['per_vehicle_yield', 'month', '2026-01', 'department', 'SH-01:service', null, 'insurance', 'quota', 1800, 'CNY/vehicle'],
  ['units_delivered', 'month', '2026-01', 'person', 'E-1', 'Lavida', null, 'stretch', 12, 'units'],
];

async function xlsx(rows: Row[], header: string[] = HEADER): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Plan 2026');
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function csv(rows: Row[], header: string[] = HEADER): Buffer {
  return Buffer.from([header, ...rows].map((r) => r.map((v) => (v === null ? '' : String(v))).join(',')).join('\r\n'));
}

describe('plan import: .xlsx and .csv targets, dry run, all or nothing, idempotent (real Postgres)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let store: EventStore;
  let dataSource: DataSource;
  const http = () => request.agent(app.getHttpServer() as Server).set(bearerFor('head-office', { subject: 'test-head-office' }));
  const eventCount = async () => Number((await dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM events'))[0]?.n);
  const targetEvents = async () =>
    dataSource.query<{ type: string; version: number; value: string }[]>(
      `SELECT type, (payload->>'version')::int AS version, payload->>'value' AS value FROM events WHERE type IN ('TargetSet', 'TargetRevised') ORDER BY global_position`,
    );
  const upload = (content: Buffer, name: string, dryRun?: boolean) => {
    const req = http().post('/api/v1/org/targets/import');
    if (dryRun !== undefined) void req.query({ dryRun: String(dryRun) });
    return req.attach('file', content, name);
  };

  beforeAll(async () => {
    db = await createTestDatabase('plan');
    const moduleRef = await Test.createTestingModule({
      imports: [EventStoreModule.forRoot(() => ({ url: db.url })), BranchDirectoryModule, OrgModule],
    }).compile();
    app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
    configureHttpApp(app, { title: 'test' });
    await app.init();
    store = app.get(EventStore);
    dataSource = app.get(DataSource);
    const branch = { name: 'Branch', brands: ['VW'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2025-01-01' };
    await http()
      .post('/api/v1/org/branches')
      .send({ ...branch, branchId: 'SH-01' })
      .expect(201);
    await http()
      .post('/api/v1/org/branches')
      .send({ ...branch, branchId: 'SH-02' })
      .expect(201);
    await http().post('/api/v1/org/regions').send({ regionId: 'EAST', name: 'East China' }).expect(201);
    await http()
      .post('/api/v1/org/employees/E-1/assignments')
      .send({ branchId: 'SH-01', department: 'sales', role: 'sales_consultant', effectiveFrom: '2026-01-01' })
      .expect(201);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('reports a dry run row by row and appends nothing', async () => {
    const before = await eventCount();
    const response = await upload(await xlsx(PLAN), 'plan-2026.xlsx', true).expect(200);
    const report = response.body as PlanImportReport;
    expect(report).toMatchObject({ dryRun: true, imported: false, valid: true, format: 'xlsx', errors: [], eventIds: [] });
    expect(report.summary).toEqual({ rows: 7, ok: 7, failed: 0, set: 7, revised: 0, unchanged: 0 });
    expect(report.rows.map((r) => [r.row, r.status, r.status === 'ok' ? r.action : null])).toEqual([2, 3, 4, 5, 6, 7, 8].map((row) => [row, 'ok', 'set']));
    expect(await eventCount()).toBe(before);
  });

  it('imports a workbook, and importing the same file again changes nothing', async () => {
    const content = await xlsx(PLAN);
    const first = await upload(content, 'plan-2026.xlsx').expect(200);
    expect(first.body).toMatchObject({ dryRun: false, imported: true, valid: true, summary: { set: 7, revised: 0, unchanged: 0 } });
    expect((first.body as PlanImportReport).eventIds).toHaveLength(7);
    const events = await targetEvents();
    expect(events).toHaveLength(7);
    // Appended in stream id order (see inStreamOrder); the report keeps the file's row order.
    expect(events).toContainEqual({ type: 'TargetSet', version: 1, value: '1500000' });
    const row2 = (first.body as PlanImportReport).rows[0] as { row: number; streamId: string };
    expect(row2.row).toBe(2);
    expect((await store.readStream(row2.streamId)).map((e) => [e.type, e.payload])).toEqual([
      ['TargetSet', expect.objectContaining({ version: 1, value: '1500000', period: '2026-01', grainId: 'SH-01', kind: 'quota' })],
    ]);

    const before = await eventCount();
    const again = await upload(content, 'plan-2026.xlsx', false).expect(200);
    expect(again.body).toMatchObject({ imported: true, summary: { set: 0, revised: 0, unchanged: 7 }, eventIds: [] });
    expect(await eventCount()).toBe(before);
    // The same plan as CSV, with the values written differently but equal, is the same plan.
    const sameAsCsv = PLAN.map((r) => r.map((v, i) => (i === 8 && typeof v === 'number' ? `${v}.00` : v)));
    const asCsv = await upload(csv(sameAsCsv), 'plan-2026.csv').expect(200);
    expect(asCsv.body).toMatchObject({ format: 'csv', summary: { unchanged: 7 }, eventIds: [] });
    expect(await eventCount()).toBe(before);
  });

  it('revises the targets a new file changes, as new versions, and leaves the others alone', async () => {
    const revisedPlan = PLAN.map((r, i) => (i === 0 ? [...r.slice(0, 8), '1450000.00', 'CNY'] : r));
    const response = await upload(csv(revisedPlan), 'plan-2026-rev1.csv').expect(200);
    const report = response.body as PlanImportReport;
    expect(report.summary).toMatchObject({ set: 0, revised: 1, unchanged: 6 });
    expect(report.rows[0]).toMatchObject({ row: 2, status: 'ok', action: 'revised', version: 2 });
    const stream = await store.readStream((report.rows[0] as { streamId: string }).streamId);
    expect(stream.map((e) => [e.type, e.payload])).toEqual([
      ['TargetSet', expect.objectContaining({ version: 1, value: '1500000' })],
      ['TargetRevised', expect.objectContaining({ version: 2, supersedesVersion: 1, value: '1450000.00', reason: 'plan import plan-2026-rev1.csv' })],
    ]);
  });

  it('reports every problem of a bad file by row and column and imports nothing, not even its good rows', async () => {
    const bad: Row[] = [
      ['service_revenue', 'month', '2026-05', 'branch', 'SH-01', null, null, 'quota', 1000, 'CNY'], // row 2: fine on its own
      ['service_revenue', 'monthly', '2026-05', 'branch', 'SH-01', null, null, 'quota', 1000, 'CNY'], // row 3: periodKind
      ['service_revenue', 'month', '2026-05', 'region', 'WEST', null, null, 'quota', 1000, 'CNY'], // row 4: unknown region
      ['service_revenue', 'month', '2026-05', 'branch', 'SH-09', null, null, 'quota', 'lots', 'CNY'], // row 5: value (and branch)
      ['service_revenue', 'month', '2026-05', 'branch', 'SH-01', null, null, 'quota', 2000, 'CNY'], // row 6: same cell as row 2
      ['service_revenue', 'quarter', '2026-05', 'person', 'GHOST', null, null, 'target', 1, null], // row 7: period, kind, unit
      ['service_revenue', 'month', '2026-06', 'person', 'GHOST', null, null, 'quota', 1, 'CNY'], // row 8: unknown employee
    ];
    const content = await xlsx(bad);
    const before = await eventCount();
    const dry = await upload(content, 'bad.xlsx', true).expect(200);
    const report = dry.body as PlanImportReport;
    expect(report).toMatchObject({ valid: false, imported: false, summary: { rows: 7, ok: 1, failed: 6 } });
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'periodKind'],
      [4, 'grainId'],
      [5, 'value'],
      [6, null],
      [7, 'period'],
      [7, 'kind'],
      [7, 'unit'],
      [8, 'grainId'],
    ]);
    expect(report.errors.find((e) => e.row === 4)?.message).toBe('region WEST is not defined');
    expect(report.errors.find((e) => e.row === 6)?.message).toMatch(/same target cell as row 2/);
    expect(report.rows[0]).toMatchObject({ row: 2, status: 'ok', action: 'set' });
    expect(report.rows[1]).toMatchObject({ row: 3, status: 'error', errors: [{ column: 'periodKind' }] });

    const real = await upload(content, 'bad.xlsx').expect(400);
    expect(real.body).toMatchObject({
      statusCode: 400,
      code: 'PLAN_IMPORT_INVALID',
      imported: false,
      valid: false,
      message: '8 problem(s) in 6 row(s); nothing was imported',
    });
    expect(await eventCount()).toBe(before);
  });

  it('refuses a file it cannot read: bad header, wrong type, not UTF-8, no file', async () => {
    const header = await upload(csv(PLAN.slice(0, 1), ['kpi', 'period', 'grain', 'grainId', 'segmnet', 'kind', 'value', 'unit']), 'plan.csv').expect(400);
    expect(header.body).toMatchObject({ code: 'PLAN_FILE_INVALID', imported: false });
    expect((header.body as PlanImportReport).errors.map((e) => [e.row, e.column])).toEqual(
      expect.arrayContaining([
        [1, 'segmnet'],
        [1, 'periodKind'],
      ]),
    );
    expect((await upload(Buffer.from('%PDF-1.4'), 'plan.pdf').expect(400)).body).toMatchObject({ code: 'PLAN_FILE_INVALID' });
    const latin = (await upload(Buffer.from([0x6b, 0x70, 0x69, 0xe4, 0xbb, 0x0a]), 'plan.csv').expect(400)).body as PlanImportReport;
    expect(latin.errors.map((e) => [e.row, e.message])).toEqual([[1, expect.stringMatching(/UTF-8/) as string]]);
    expect((await http().post('/api/v1/org/targets/import').expect(400)).body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'file' }] });
    expect((await upload(csv(PLAN), 'plan.csv').query({ dryRun: 'maybe' }).expect(400)).body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('runs two concurrent imports of the same cells in opposite orders without a deadlock: one wins whole, never a 500', async () => {
    for (const year of [2030, 2031, 2032]) {
      const cells: Row[] = [];
      for (const month of ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12']) {
        for (const branchId of ['SH-01', 'SH-02']) {
          for (const kind of ['quota', 'stretch']) cells.push(['service_revenue', 'month', `${year}-${month}`, 'branch', branchId, null, null, kind, 0, 'CNY']);
        }
      }
      const withValue = (rows: Row[], value: number) => rows.map((r) => [...r.slice(0, 8), value, 'CNY']);
      const forward = csv(withValue(cells, 100));
      const backward = csv(withValue([...cells].reverse(), 200));
      const responses = await Promise.all([upload(forward, `forward-${year}.csv`), upload(backward, `backward-${year}.csv`)]);
      // The first to reach a common cell wins; the other either waited and lost (409) or planned
      // after the winner committed and revised every cell (200). A deadlock would be a 500.
      const outcomes = responses.map((r) => (r.status === 200 ? 'imported' : `${r.status} ${(r.body as { code?: string }).code}`));
      expect({ year, outcomes }).toEqual({ year, outcomes: expect.arrayContaining(['imported']) as unknown });
      expect({ year, outcomes: outcomes.filter((o) => o !== 'imported' && o !== '409 STREAM_VERSION_CONFLICT') }).toEqual({ year, outcomes: [] });
      // All or nothing: every cell holds the value of the same file.
      const inForce = await dataSource.query<{ value: string }[]>(
        `SELECT DISTINCT ON (stream_id) payload->>'value' AS value FROM events
          WHERE type IN ('TargetSet', 'TargetRevised') AND payload->>'period' LIKE $1
          ORDER BY stream_id, stream_position DESC`,
        [`${year}-%`],
      );
      expect(inForce).toHaveLength(cells.length);
      expect(new Set(inForce.map((r) => r.value)).size).toBe(1);
    }
  });

  it('refuses, row by row, an unknown KPI, a CNY target for a EUR branch and a negative CSI quota, with the rules of the single target commands', async () => {
    await http()
      .post('/api/v1/org/branches')
      .send({ branchId: 'MAD-01', name: 'Madrid', brands: ['SEAT'], currency: 'EUR', timeZone: 'Europe/Madrid', cutoffMinutes: 0, openedOn: '2025-01-01' })
      .expect(201);
    const ZH = ['指标', '期间类型', '期间', '层级', '分支机构/门店', '车型', '细分', '类型', '数值', '币种'];
    const workbook = await xlsx(
      [
        ['service_income', '月', '2026-07', '门店', 'SH-01', null, null, '任务', 1000, 'CNY'], // row 2: no such KPI
        ['service_revenue', '月', '2026-07', '门店', 'MAD-01', null, null, '任务', 250000, 'CNY'], // row 3: MAD-01 books in EUR
        ['csi_service', '年', '2026', '门店', 'SH-01', null, null, '任务', -5, '分'], // row 4: a CSI below zero
        ['attainment_quota', '年', '2026', '集团', null, null, null, '目标', 100, '%'], // row 5: a KPI that takes no target
        ['service_revenue', '年', '2026', '区域', 'EAST', null, null, '目标', 3000000, 'EUR'], // row 6: a region is in the group currency
        ['vehicle_gross_profit', '月', '2026-07', '门店', 'MAD-01', null, null, '任务', -20000, 'EUR'], // row 7: a planned loss is fine
      ],
      ZH,
    );
    const before = await eventCount();
    const dry = (await upload(workbook, '2026年计划.xlsx', true).expect(200)).body as PlanImportReport;
    expect(dry).toMatchObject({ valid: false, summary: { rows: 6, ok: 1, failed: 5 } });
    expect(dry.errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'kpi'],
      [3, 'unit'],
      [4, 'value'],
      [5, 'kpi'],
      [6, 'unit'],
    ]);
    expect(dry.errors.map((e) => e.message)).toEqual([
      'kpi service_income is not in the KPI catalogue (docs/kpis.md)',
      'unit CNY is not the currency of the target: branch MAD-01 books in EUR, so its service_revenue target is in EUR',
      'value -5 is below zero, but csi_service (score) is never below zero',
      expect.stringMatching(/^kpi attainment_quota is measured against targets/) as string,
      'unit EUR is not the currency of the target: region EAST is reported in the group currency, CNY on 2026-01-01, so its service_revenue target is in CNY',
    ]);
    expect(dry.rows[5]).toMatchObject({ row: 7, status: 'ok', action: 'set' });
    const real = await upload(workbook, '2026年计划.xlsx').expect(400);
    expect(real.body).toMatchObject({ code: 'PLAN_IMPORT_INVALID', imported: false });
    expect(await eventCount()).toBe(before);
  });

  it('imports a plan with Chinese or Spanish headers and words, and values written with a decimal comma; refuses an ambiguous value', async () => {
    const zh = await xlsx(
      [
        ['service_revenue', '月', '2026-11', '门店', 'SH-01', null, null, '任务', '1.234.567,89', 'CNY'],
        ['service_revenue', '月', '2026-11', '门店', 'SH-01', null, null, '目标', '1.400.000', 'CNY'],
        ['rework_rate', '年', '2026', '集团', null, null, null, '任务', '2,5', '%'],
      ],
      ['指标', '期间类型', '期间', '层级', '门店', '车型', '细分', '类型', '数值', '币种'],
    );
    const report = (await upload(zh, '计划.xlsx').expect(200)).body as PlanImportReport;
    expect(report).toMatchObject({ imported: true, summary: { set: 3 } });
    const streams = report.rows.map((r) => (r as { streamId: string }).streamId);
    const values = await Promise.all(
      streams.map(async (id) => (await store.readStream(id)).map((e) => [(e.payload as { kind: string }).kind, (e.payload as { value: string }).value])),
    );
    expect(values).toEqual([[['quota', '1234567.89']], [['stretch', '1400000']], [['quota', '2.5']]]);

    const es = Buffer.from(
      'Indicador;Tipo de período;Período;Nivel;Sucursal;Tipo;Valor;Moneda\r\nservice_revenue;mes;2026-11;sucursal;MAD-01;cuota;187.500,50;EUR\r\n',
    );
    expect((await upload(es, 'plan.csv').expect(200)).body).toMatchObject({ imported: true, summary: { set: 1 } });

    const before = await eventCount();
    const unclear = csv([['service_revenue', 'month', '2026-12', 'branch', 'SH-01', null, null, 'quota', '"1,250"', 'CNY']]);
    const refused = (await upload(unclear, 'plan.csv').expect(400)).body as PlanImportReport;
    expect(refused.errors).toEqual([
      { row: 2, column: 'value', message: expect.stringMatching(/^1,250 is ambiguous: 1250 with a decimal point or 1\.250 with a decimal comma/) as string },
    ]);
    expect(await eventCount()).toBe(before);
  });

  it('replays an import retried with the same Idempotency-Key and refuses the key with another file', async () => {
    const content = csv([['service_revenue', 'month', '2026-09', 'branch', 'SH-02', null, null, 'quota', 1, 'CNY']]);
    const first = await upload(content, 'sep.csv').set('Idempotency-Key', 'plan:sep').expect(200);
    expect(first.body).toMatchObject({ summary: { set: 1 } });
    const before = await eventCount();
    const retry = await upload(content, 'sep.csv').set('Idempotency-Key', 'plan:sep').expect(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await eventCount()).toBe(before);
    const other = csv([['service_revenue', 'month', '2026-10', 'branch', 'SH-02', null, null, 'quota', 1, 'CNY']]);
    expect((await upload(other, 'sep.csv').set('Idempotency-Key', 'plan:sep').expect(422)).body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });
});
