/**
 * Downloads of the table reports over HTTP, as the dashboard asks for them (`format=csv|xlsx` on
 * the JSON routes), on the ClickHouse engine: the scorecard, a people's league table, a KPI
 * breakdown by dimension and a lineage, each in CSV (BOM, the locale's separator and decimal mark)
 * and XLSX (opened with exceljs), with the figures of the JSON answer, localized headers, and the
 * caller's scope enforced as for the JSON.
 */
import { authHeaderFor, Role } from '@app/auth';
import { ClickHouseClient } from '@app/clickhouse';
import { DomainEvent } from '@app/contracts';
import { closed, cny, envelope, repairOrder, RepairOrderInput, shanghai } from '@app/projections/testing';
import { INestApplication } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import Decimal from 'decimal.js';
import ExcelJS from 'exceljs';
import { Server } from 'node:http';
import request from 'supertest';
import { projectAsTheProjector, startReportingTestApp } from '../testing/reporting-test-app';
import { EXPORT_LABELS } from './export-labels';
import { pdfText } from '../summary/render/testing/pdf-text';
import { kpiLabel } from '@app/kpi';

const ro = (branchId: string, id: string, visit: string, day: string, mechanical: string, extra: Partial<RepairOrderInput> = {}): RepairOrderInput =>
  repairOrder(id, visit, 'repair', 'customer', day, { mechanical }, { branchId, ...extra });

const branch = (branchId: string, name: string, regionId: string): DomainEvent[] => [
  envelope(
    'BranchOpened',
    { branchId, name, brands: ['Volkswagen'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2024-01-01' },
    { branchId },
  ),
  envelope('BranchRegionAssigned', { branchId, regionId, effectiveFrom: '2024-01-01' }, { branchId }),
];

/** An order signed and delivered the same day. */
const sale = (branchId: string, id: string, consultantId: string, net: string, cost: string, day: string): DomainEvent[] => {
  const common = { vehicleSaleId: id, orderId: `O-${id}`, model: 'Passat', condition: 'new' as const, consultantId, customerId: `CU-${id}` };
  return [
    envelope(
      'OrderSigned',
      { ...common, leadId: null, listPrice: cny(net), transactionPrice: cny(net), deposit: cny('0.00'), finance: 'cash' },
      { branchId, occurredAt: shanghai(day, '09:00'), streamId: `vehicle-sale-${id}` },
    ),
    envelope(
      'VehicleDelivered',
      { ...common, vin: 'LSVAU2180N2183294', invoice: cny(net), cost: cny(cost) },
      { branchId, occurredAt: shanghai(day, '15:00'), streamId: `vehicle-sale-${id}` },
    ),
  ];
};

const events: DomainEvent[] = [
  envelope('RegionDefined', { regionId: 'EAST', name: 'East China' }),
  envelope('RegionDefined', { regionId: 'NORTH', name: 'North China' }),
  ...branch('SH-01', 'Shanghai Pudong 4S', 'EAST'),
  ...branch('SH-02', 'Shanghai Minhang 4S', 'EAST'),
  ...branch('BJ-01', 'Beijing Chaoyang 4S', 'NORTH'),
  closed(ro('SH-01', 'A1', 'VA1', '2026-01-05', '1000.25')),
  closed(ro('SH-01', 'A2', 'VA2', '2026-01-06', '1500.50', { jobType: 'insurance', payer: 'insurance' })),
  closed(ro('SH-01', 'A3', 'VA3', '2026-01-09', '12345.67', { jobType: 'maintenance' })),
  closed(ro('SH-02', 'B1', 'VB1', '2026-01-07', '800.00')),
  closed(ro('BJ-01', 'C1', 'VC1', '2026-01-08', '3000.00')),
  closed(ro('SH-01', 'A0', 'VA0', '2025-12-05', '2000.00')),
  ...sale('SH-01', 'VS-1', 'C-1', '200000.00', '185000.00', '2026-01-10'),
  ...sale('SH-01', 'VS-2', 'C-1', '150000.50', '140000.00', '2026-01-12'),
  ...sale('SH-01', 'VS-3', 'C-2', '120000.00', '110000.00', '2026-01-15'),
  ...sale('BJ-01', 'VS-4', 'C-9', '99000.00', '95000.00', '2026-01-16'),
];

type Scope = { regions?: string[]; branches?: string[] };
const CALLERS: Record<string, { role: Role; scope: Scope }> = {
  headOffice: { role: 'head-office', scope: {} },
  eastManager: { role: 'region-manager', scope: { regions: ['EAST'] } },
  sh01Manager: { role: 'branch-manager', scope: { branches: ['SH-01'] } },
};

const BOM = '\uFEFF';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Raw bytes of a download (supertest buffers text but not a workbook). */
const binary = (res: request.Response, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

/** CSV text → header and records, checking the BOM and the locale's separator. */
function readCsv(text: string, delimiter: ',' | ';'): { header: string[]; rows: string[][] } {
  expect(text.startsWith(BOM)).toBe(true);
  expect(text).toContain('\r\n');
  const records: string[][] = parse(text.slice(1), { delimiter, relax_column_count: false });
  const [header = [], ...rows] = records;
  return { header, rows };
}

async function readXlsx(body: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

/** A sheet's rows as arrays of cell values (1-based columns dropped to 0-based). */
function sheetRows(sheet: ExcelJS.Worksheet): ExcelJS.CellValue[][] {
  const out: ExcelJS.CellValue[][] = [];
  sheet.eachRow((row) => out.push((row.values as ExcelJS.CellValue[]).slice(1)));
  return out;
}

/** es decimal comma back to the API's decimal string. */
const esDecimal = (cell: string) => cell.replace(',', '.');
/** Latin words in a header, other than codes (CNY) and marks. */
const english = (header: string) => (header.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !/^[A-Z]{2,4}$/.test(w));

describe('table exports (CSV and XLSX of the scorecard, league tables, breakdowns and lineage)', () => {
  let app: INestApplication;
  let clickhouse: ClickHouseClient;
  const http = () => request(app.getHttpServer() as Server);
  const as = async (caller: keyof typeof CALLERS) => authHeaderFor(CALLERS[caller]!.role, CALLERS[caller]!.scope);

  beforeAll(async () => {
    ({ app, clickhouse } = await startReportingTestApp());
    await projectAsTheProjector(clickhouse, events);
  });

  afterAll(async () => {
    await app?.close();
  });

  type ScorecardBody = {
    kpis: { id: string; label: string }[];
    rows: {
      unitId: string;
      unitName: string;
      figures: Record<string, { value: string | null; numerator: string | null; denominator: string | null; rank: number | null }>;
    }[];
  };

  it('the scorecard in es CSV: BOM, `;`, decimal comma, Spanish headers, and the figures of the JSON answer', async () => {
    const query = { period: '2026-01', level: 'branch', locale: 'es' };
    const json = (
      await http()
        .get('/api/v1/scorecard')
        .query(query)
        .set(await as('headOffice'))
        .expect(200)
    ).body as ScorecardBody;
    const res = await http()
      .get('/api/v1/scorecard')
      .query({ ...query, format: 'csv' })
      .set(await as('headOffice'))
      .expect(200)
      .expect('Content-Type', 'text/csv; charset=utf-8')
      .expect('Content-Disposition', 'attachment; filename="scorecard-branch-2026-01-group-es.csv"');
    expect(res.headers['x-as-of-position']).toBeDefined();
    const { header, rows } = readCsv(res.text, ';');
    const l = EXPORT_LABELS.es;
    const label = (id: string) => json.kpis.find((k) => k.id === id)!.label;
    expect(header.slice(0, 2)).toEqual([l.unitId, l.unitName]);
    // Every column name is a Spanish label (alone or after the KPI's Spanish label): no English one is left.
    const spanish = new Set(Object.values(l).filter((v): v is string => typeof v === 'string'));
    expect(header.map((h) => h.split(' · ').at(-1)!).filter((part) => !spanish.has(part))).toEqual([]);
    const col = (kpiId: string, part: string) => header.indexOf(`${label(kpiId)} · ${part}`);
    expect(col('service_revenue', l.currency)).toBeGreaterThan(0);
    expect(col('rework_rate', l.numerator)).toBeGreaterThan(0);
    expect(rows.map((r) => r[0])).toEqual(json.rows.map((r) => r.unitId));
    for (const [i, row] of rows.entries()) {
      const figures = json.rows[i]!.figures;
      expect(esDecimal(row[col('service_revenue', l.value)]!)).toBe(figures.service_revenue!.value);
      expect(row[col('service_revenue', l.currency)]).toBe('CNY');
      expect(row[col('revenue', l.rank)]).toBe(String(figures.revenue!.rank));
      expect(esDecimal(row[col('per_vehicle_yield', l.numerator)]!)).toBe(figures.per_vehicle_yield!.numerator);
      expect(row[col('per_vehicle_yield', l.denominator)]).toBe(figures.per_vehicle_yield!.denominator);
    }
    // SH-01: 1,000.25 + 1,500.50 + 12,345.67 = 14,846.42 → "14846,42", no thousands separator.
    expect(rows.find((r) => r[0] === 'SH-01')![col('service_revenue', l.value)]).toBe('14846,42');
  });

  it('the scorecard in zh-CN XLSX: number cells equal to the JSON, Chinese headers, an about sheet with the as-of mark', async () => {
    const query = { period: '2026-01', level: 'region', locale: 'zh-CN' };
    const json = (
      await http()
        .get('/api/v1/scorecard')
        .query(query)
        .set(await as('headOffice'))
        .expect(200)
    ).body as ScorecardBody;
    const res = await http()
      .get('/api/v1/scorecard')
      .query({ ...query, format: 'xlsx', tz: 'Asia/Shanghai' })
      .set(await as('headOffice'))
      .buffer(true)
      .parse(binary)
      .expect(200)
      .expect('Content-Type', XLSX);
    const workbook = await readXlsx(res.body as Buffer);
    const l = EXPORT_LABELS['zh-CN'];
    expect(workbook.worksheets.map((w) => w.name)).toEqual([l.sheets.scorecard, l.sheets.about]);
    const [header = [], ...rows] = sheetRows(workbook.worksheets[0]!);
    expect((header as string[]).flatMap(english).filter((w) => !['CSI'].includes(w))).toEqual([]);
    const label = json.kpis.find((k) => k.id === 'service_revenue')!.label;
    const value = header.indexOf(`${label} · ${l.value}`);
    expect(rows.map((r) => [r[0], r[value]])).toEqual(json.rows.map((r) => [r.unitId, Number(r.figures.service_revenue!.value)]));
    const rework = header.indexOf(`${json.kpis.find((k) => k.id === 'rework_rate')!.label} · ${l.value}`);
    // Rates are number cells (a fraction with a % format), their numerator and denominator beside them.
    const east = rows.find((r) => r[0] === 'EAST')!;
    expect(east[rework]).toBe(Number(new Decimal(json.rows.find((r) => r.unitId === 'EAST')!.figures.rework_rate!.value!).div(100)));
    expect(workbook.worksheets[0]!.getRow(2).getCell(rework + 1).numFmt).toMatch(/%$/);
    const about = sheetRows(workbook.worksheets[1]!);
    expect(about.map((r) => r[0])).toContain(l.about.asOf);
    // The mark of the answer (no event position in this store-less test app: the header says 0).
    expect(res.headers['x-as-of-position']).toBe('0');
    expect(about.find((r) => r[0] === l.about.asOf)![1]).toBe('—');
    // The generation time in the reader's time zone, named in the locale.
    expect(about.find((r) => r[0] === l.about.generated)![1] as string).toContain('中国标准时间');
  });

  it("a people's league table in CSV (en) and XLSX (es) with the JSON figures; a branch manager gets only their branch", async () => {
    const query = { period: '2026-01', locale: 'en' };
    type League = { kpis: { id: string; label: string }[]; rows: { personId: string; branchId: string; figures: Record<string, { value: string | null }> }[] };
    const json = (
      await http()
        .get('/api/v1/league-tables/consultants')
        .query(query)
        .set(await as('headOffice'))
        .expect(200)
    ).body as League;
    expect(json.rows.map((r) => r.personId)).toEqual(['C-9', 'C-1', 'C-2']);
    const csv = await http()
      .get('/api/v1/league-tables/consultants')
      .query({ ...query, format: 'csv' })
      .set(await as('headOffice'))
      .expect(200);
    const { header, rows } = readCsv(csv.text, ',');
    const l = EXPORT_LABELS.en;
    const revenue = header.indexOf(`${json.kpis.find((k) => k.id === 'revenue_new_vehicles')!.label} · ${l.value}`);
    expect(rows.map((r) => [r[header.indexOf(l.employee)], r[revenue], r[revenue + 1]])).toEqual(
      json.rows.map((r) => [r.personId, r.figures.revenue_new_vehicles!.value, 'CNY']),
    );
    expect(rows.find((r) => r[3] === 'C-1')![revenue]).toBe('350000.50');

    const xlsx = await http()
      .get('/api/v1/league-tables/consultants')
      .query({ ...query, locale: 'es', format: 'xlsx' })
      .set(await as('sh01Manager'))
      .buffer(true)
      .parse(binary)
      .expect(200)
      .expect('Content-Type', XLSX);
    const workbook = await readXlsx(xlsx.body as Buffer);
    const [head = [], ...people] = sheetRows(workbook.worksheets[0]!);
    expect(head[0]).toBe(EXPORT_LABELS.es.branchId);
    expect(people.map((r) => [r[0], r[3]])).toEqual([
      ['SH-01', 'C-1'],
      ['SH-01', 'C-2'],
    ]);
  });

  it('a breakdown by dimension: the rows add up to the unbroken figure (sums), and Σ numerators ÷ Σ denominators to the ratio', async () => {
    const base = { from: '2026-01', to: '2026-01', branchId: 'SH-01', locale: 'zh-CN' };
    const unbroken = (
      (
        await http()
          .get('/api/v1/kpis/service_revenue')
          .query(base)
          .set(await as('sh01Manager'))
          .expect(200)
      ).body as { points: { value: string }[] }
    ).points;
    expect(unbroken.map((p) => p.value)).toEqual(['14846.42']);
    const csv = await http()
      .get('/api/v1/kpis/service_revenue')
      .query({ ...base, by: 'job_type', format: 'csv' })
      .set(await as('sh01Manager'))
      .expect(200);
    const { header, rows } = readCsv(csv.text, ',');
    const l = EXPORT_LABELS['zh-CN'];
    expect(header.flatMap(english)).toEqual([]);
    const value = header.findIndex((h) => h.endsWith(` · ${l.value}`));
    expect(rows).toHaveLength(3);
    expect(rows.reduce((sum, r) => sum.plus(r[value]!), new Decimal(0)).toFixed(2)).toBe('14846.42');
    expect(rows.every((r) => r[header.indexOf(l.currency)] === 'CNY')).toBe(true);

    const yieldBase = { ...base, locale: 'es' };
    const whole = (
      (
        await http()
          .get('/api/v1/kpis/per_vehicle_yield')
          .query(yieldBase)
          .set(await as('sh01Manager'))
          .expect(200)
      ).body as {
        points: { value: string; numerator: string; denominator: string }[];
      }
    ).points[0]!;
    const es = await http()
      .get('/api/v1/kpis/per_vehicle_yield')
      .query({ ...yieldBase, by: 'job_type', format: 'csv' })
      .set(await as('sh01Manager'))
      .expect(200);
    const split = readCsv(es.text, ';');
    const le = EXPORT_LABELS.es;
    const num = split.rows.reduce((s, r) => s.plus(esDecimal(r[split.header.indexOf(le.numerator)]!)), new Decimal(0));
    const den = split.rows.reduce((s, r) => s.plus(esDecimal(r[split.header.indexOf(le.denominator)]!)), new Decimal(0));
    expect([num.toFixed(2), den.toFixed(0)]).toEqual([new Decimal(whole.numerator).toFixed(2), new Decimal(whole.denominator).toFixed(0)]);
    expect(num.div(den).toFixed(2)).toBe(whole.value);
  });

  it('a lineage download lists every fact (no paging); Σ is the figure; a branch manager cannot export another branch', async () => {
    const query = { groupBy: 'branch', unitId: 'SH-01', periodStart: '2026-01-01', locale: 'en' };
    const page = (
      await http()
        .get('/api/v1/kpis/service_revenue/lineage')
        .query({ ...query, pageSize: 1 })
        .set(await as('sh01Manager'))
        .expect(200)
    ).body as { total: number; point: { value: string } };
    expect(page.total).toBe(3);
    const csv = await http()
      .get('/api/v1/kpis/service_revenue/lineage')
      .query({ ...query, pageSize: 1, format: 'csv' })
      .set(await as('sh01Manager'))
      .expect(200)
      .expect('Content-Disposition', 'attachment; filename="lineage-service_revenue-SH-01-2026-01-01-en.csv"');
    const { header, rows } = readCsv(csv.text, ',');
    const l = EXPORT_LABELS.en;
    expect(rows.map((r) => r[header.indexOf(l.reference)]).sort()).toEqual(['A1', 'A2', 'A3']);
    const numerator = header.findIndex((h) => h.endsWith(` · ${l.numerator}`));
    expect(rows.reduce((s, r) => s.plus(r[numerator]!), new Decimal(0)).toFixed(2)).toBe(page.point.value);

    const xlsx = await http()
      .get('/api/v1/kpis/service_revenue/lineage')
      .query({ ...query, locale: 'zh-CN', format: 'xlsx' })
      .set(await as('sh01Manager'))
      .buffer(true)
      .parse(binary)
      .expect(200);
    const workbook = await readXlsx(xlsx.body as Buffer);
    const zh = EXPORT_LABELS['zh-CN'];
    expect(workbook.worksheets[0]!.name).toBe(zh.sheets.lineage);
    expect(sheetRows(workbook.worksheets[0]!)).toHaveLength(4);

    // Scope as for the JSON: another branch's lineage is a 403 JSON error, not a file.
    const refused = await http()
      .get('/api/v1/kpis/service_revenue/lineage')
      .query({ ...query, unitId: 'BJ-01', format: 'csv' })
      .set(await as('sh01Manager'))
      .expect(403)
      .expect('Content-Type', /json/);
    expect((refused.body as { code: string }).code).toBe('OUT_OF_SCOPE');
    await http()
      .get('/api/v1/scorecard')
      .query({ period: '2026-01', level: 'group', format: 'xlsx' })
      .set(await as('eastManager'))
      .expect(403);
    await http()
      .get('/api/v1/kpis/service_revenue/lineage')
      .query({ ...query, format: 'csv' })
      .expect(401);
    const bad = await http()
      .get('/api/v1/scorecard')
      .query({ period: '2026-01', format: 'pdf' })
      .set(await as('headOffice'))
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('format must be one of json, csv, xlsx');
    await http()
      .get('/api/v1/scorecard')
      .query({ period: '2026-01', format: 'xlsx', tz: 'Mars/Olympus' })
      .set(await as('headOffice'))
      .expect(400);
  });

  it('the branch pack in zh-CN PDF shows amounts in 万 as the dashboard does (the JSON and the workbook keep the exact figures)', async () => {
    const path = '/api/v1/branches/SH-01/monthly-summary/2026-01';
    const json = (
      await http()
        .get(path)
        .query({ locale: 'zh-CN' })
        .set(await as('sh01Manager'))
        .expect(200)
    ).body as {
      sections: { rows: { kpiId: string; value: string | null }[] }[];
    };
    const value = (id: string) => json.sections.flatMap((x) => x.rows).find((r) => r.kpiId === id)?.value;
    expect([value('revenue_new_vehicles'), value('service_revenue')]).toEqual(['470000.50', '14846.42']);
    const pdf = await http()
      .get(path)
      .query({ locale: 'zh-CN', format: 'pdf', tz: 'Asia/Shanghai' })
      .set(await as('sh01Manager'))
      .buffer(true)
      .parse(binary)
      .expect(200)
      .expect('Content-Type', 'application/pdf');
    const lines = (await pdfText(pdf.body as Buffer)).pages.join('\n').split('\n');
    expect(lines.find((line) => line.startsWith(`${kpiLabel('revenue_new_vehicles', 'zh-CN')} CNY `))).toMatch(/ CNY 47\.00万/);
    expect(lines.find((line) => line.startsWith(`${kpiLabel('service_revenue', 'zh-CN')} CNY `))).toMatch(/ CNY 1\.48万/);
    // Per-vehicle money stays in yuan (the dashboard compacts amounts only).
    expect(lines.find((line) => line.startsWith(`${kpiLabel('per_vehicle_yield', 'zh-CN')} CNY/台 `))).toMatch(/ CNY\/台 4,948\.81/);
  });

  it('documents format and tz, and the CSV and XLSX answers, on each table route of the OpenAPI document', async () => {
    type Operation = { parameters: { name: string; schema?: { enum?: string[] } }[]; responses: Record<string, { content?: Record<string, unknown> }> };
    const doc = (await http().get('/docs-json').expect(200)).body as { paths: Record<string, { get: Operation }> };
    for (const path of ['/api/v1/scorecard', '/api/v1/league-tables/{table}', '/api/v1/kpis/{kpiId}', '/api/v1/kpis/{kpiId}/lineage']) {
      const get = doc.paths[path]!.get;
      expect(get.parameters.find((p) => p.name === 'format')?.schema?.enum).toEqual(['json', 'csv', 'xlsx']);
      expect(get.parameters.map((p) => p.name)).toContain('tz');
      expect(Object.keys(get.responses['200']!.content ?? {})).toEqual(['application/json', 'text/csv', XLSX]);
    }
  });
});
