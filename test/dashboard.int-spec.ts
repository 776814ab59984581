/**
 * The web dashboard end to end in headless Chromium (Debian's `chromium`, driven by
 * playwright-core; no browser download): the platform over real Postgres, the Kafka broker and
 * embedded ClickHouse, data written through the real commands, then a head-office user opens the
 * dashboard, drills from the group to a region and a branch, switches to Chinese and downloads
 * the branch's monthly summary as PDF and Excel. Screenshots go to test-artifacts/.
 */
import { tokenFor } from '@app/auth';
import { repoRoot } from '@app/infra';
import { kpiLabel } from '@app/kpi';
import { configureHttpApp, loadPlatformConfig } from '@app/platform-kit';
import { createTestDatabase, expectEventually, TestDatabase, uniqueId, useTestClickHouse } from '@app/testing';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import ExcelJS from 'exceljs';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { Server } from 'node:http';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import request from 'supertest';
import { PlatformModule } from '../apps/platform/src/platform.module';

/** Debian's browser: the real binary behind the /usr/bin/chromium wrapper script. */
function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`no Chromium at ${candidates.join(', ')}: apt-get install -y chromium (.ci/run does)`);
  return found;
}

/** Net with 13 % VAT: tax and gross in exact cents. */
const cny = (net: string) => {
  const cents = BigInt(net.replace('.', ''));
  const tax = (cents * 13n) / 100n;
  const money = (c: bigint) => `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`;
  return { currency: 'CNY', net, tax: money(tax), gross: money(cents + tax) };
};

function month(offset: number, now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 7);
}

/** The last complete month: the one a branch manager's pack is about. */
const FOCUS = month(-1);
const BRANCHES = [
  { branchId: 'SH-01', name: 'Shanghai Pudong 4S', regionId: 'EAST' },
  { branchId: 'SH-02', name: 'Shanghai Minhang 4S', regionId: 'EAST' },
  { branchId: 'BJ-01', name: 'Beijing Chaoyang 4S', regionId: 'NORTH' },
] as const;

describe('web dashboard in headless Chromium', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  const pageErrors: Error[] = [];
  const artifacts = join(repoRoot(), 'test-artifacts');
  const http = () => request(app.getHttpServer() as Server);

  async function seed(): Promise<void> {
    for (const [regionId, name] of [
      ['EAST', 'East China'],
      ['NORTH', 'North China'],
    ]) {
      await http().post('/api/v1/org/regions').send({ regionId, name }).expect(201);
    }
    for (const b of BRANCHES) {
      await http()
        .post('/api/v1/org/branches')
        .send({ branchId: b.branchId, name: b.name, brands: ['Volkswagen'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2024-01-01' })
        .expect(201);
      await http().post(`/api/v1/org/branches/${b.branchId}/region-assignments`).send({ regionId: b.regionId, effectiveFrom: '2024-01-01' }).expect(201);
    }
    // One delivery a month for 13 months (the focus month and a year before it), two in SH-01's focus month.
    let n = 0;
    for (let offset = -13; offset <= -1; offset += 1) {
      for (const [i, b] of BRANCHES.entries()) {
        const deliveries = b.branchId === 'SH-01' && offset === -1 ? 2 : 1;
        for (let d = 0; d < deliveries; d += 1) {
          n += 1;
          const net = `${150000 + i * 20000 + (offset + 13) * 1000 + d * 50000}.00`;
          await http()
            .post(`/api/v1/sales/vehicle-sales/VS-${n}/delivery`)
            .send({
              branchId: b.branchId,
              orderId: `O-${n}`,
              vin: `LSVAU2180N${String(2180000 + n).padStart(7, '0')}`,
              model: 'Lavida 1.5L',
              condition: 'new',
              consultantId: 'E-1',
              invoice: cny(net),
              cost: cny(`${Number.parseInt(net, 10) - 12000}.00`),
              occurredAt: `${month(offset)}-1${d}T03:00:00Z`,
            })
            .expect(201);
        }
      }
    }
    const target = (grainId: string, kpi: string, kind: string, value: string, unit: string) =>
      http().post('/api/v1/org/targets').send({ kpi, periodKind: 'month', period: FOCUS, grain: 'branch', grainId, kind, value, unit }).expect(201);
    await target('SH-01', 'revenue', 'quota', '400000.00', 'CNY');
    await target('SH-01', 'revenue', 'stretch', '450000.00', 'CNY');
    await target('SH-02', 'revenue', 'quota', '200000.00', 'CNY');
    await target('SH-01', 'units_delivered', 'quota', '2', 'units');
    // Two repair orders closed in SH-01's focus month and a CSI survey: service figures, provisional ones too.
    const base = '/api/v1/workshop/repair-orders';
    for (const [ro, visit, amount] of [
      ['RO-1', 'V1', '600.00'],
      ['RO-2', 'V2', '1500.00'],
    ] as const) {
      const open = { branchId: 'SH-01', intakeVisitId: visit, vin: 'LSVAU2180N2183294', mileageKm: 42000, advisorId: 'SA-1', jobType: 'repair', payer: 'customer' };
      await http().post(`${base}/${ro}`).send({ ...open, occurredAt: `${FOCUS}-03T01:00:00Z` }).expect(201);
      await http()
        .post(`${base}/${ro}/labour-lines`)
        .send({ branchId: 'SH-01', lineId: 'L1', category: 'mechanical', soldHours: '2.00', clockedHours: '1.75', rate: '300.00', technicianId: 'T-1', payer: 'customer', amount: cny(amount), occurredAt: `${FOCUS}-03T03:00:00Z` })
        .expect(201);
      await http().post(`${base}/${ro}/closure`).send({ branchId: 'SH-01', occurredAt: `${FOCUS}-04T08:00:00Z` }).expect(201);
    }
    await http()
      .post('/api/v1/workshop/csi-surveys/S-1')
      .send({
        branchId: 'SH-01',
        source: 'internal_call',
        kind: 'service',
        repairOrderId: 'RO-1',
        answers: [{ questionId: 'overall', answer: '8', min: '0', max: '10', weight: '1', overall: true }],
        occurredAt: `${FOCUS}-06T02:10:00Z`,
      })
      .expect(201);
  }

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    db = await createTestDatabase('dashboard');
    useTestClickHouse();
    const config = loadPlatformConfig({ ...process.env, KAFKA_TOPIC_PREFIX: `${uniqueId('d')}.` });
    const moduleRef = await Test.createTestingModule({
      imports: [PlatformModule.forRoot({ config, databaseUrl: db.url, kafkaBrokers: process.env.KAFKA_BROKERS ?? '' })],
    }).compile();
    app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
    configureHttpApp(app, { title: 'dashboard test' });
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await seed();

    const auth = { authorization: `Bearer ${await tokenFor('head-office', { subject: 'ho-e2e' })}` };
    await expectEventually(
      async () => {
        const card = await http().get('/api/v1/scorecard').query({ period: FOCUS, level: 'branch' }).set(auth).expect(200);
        const figures = Object.fromEntries((card.body as { rows: { unitId: string; figures: Record<string, { value: string | null }> }[] }).rows.map((r) => [r.unitId, r.figures]));
        expect(figures['SH-01']?.units_delivered?.value).toBe('2');
        expect(figures['SH-01']?.service_revenue?.value).toBe('2100.00');
        expect(figures['SH-01']?.csi_service?.value).toBe('80.00');
        expect(figures['BJ-01']?.units_delivered?.value).toBe('1');
        expect(figures['SH-02']?.units_delivered?.value).toBe('1');
      },
      { timeoutMs: 90_000 },
    );

    // Head office closes the month; then a late delivery (a DMS syncing late) restates it.
    await http().post(`/api/v1/org/periods/${FOCUS}/close`).send({ reason: 'monthly close' }).expect(201);
    await expectEventually(
      async () => {
        const series = await http().get('/api/v1/kpis/revenue').query({ from: FOCUS, to: FOCUS, groupBy: 'branch', branchId: 'SH-01' }).set(auth).expect(200);
        expect((series.body as { points: { closed: unknown }[] }).points[0]?.closed).not.toBeNull();
      },
      { timeoutMs: 60_000 },
    );
    await http()
      .post('/api/v1/sales/vehicle-sales/VS-LATE/delivery')
      .send({
        branchId: 'SH-01',
        orderId: 'O-LATE',
        vin: 'LSVAU2180N2189999',
        model: 'Lavida 1.5L',
        condition: 'new',
        consultantId: 'E-1',
        invoice: cny('10000.00'),
        cost: cny('9000.00'),
        occurredAt: `${FOCUS}-20T03:00:00Z`,
      })
      .expect(201);
    await expectEventually(
      async () => {
        const series = await http().get('/api/v1/kpis/revenue').query({ from: FOCUS, to: FOCUS, groupBy: 'branch', branchId: 'SH-01' }).set(auth).expect(200);
        expect((series.body as { points: { value: string; closed: { asClosed: { value: string } } }[] }).points[0]).toMatchObject({
          value: '386100.00',
          closed: { asClosed: { value: '376100.00' } },
        });
      },
      { timeoutMs: 60_000 },
    );

    browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    const context = await browser.newContext({ acceptDownloads: true, locale: 'en-US', viewport: { width: 1440, height: 1000 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  afterEach(() => {
    // A script error in the page fails the test that caused it.
    expect(pageErrors).toEqual([]);
  });

  const text = (testid: string) => page.locator(`[data-testid="${testid}"]`);
  const attributes = async (selector: string, name: string) => Promise.all((await page.locator(selector).all()).map((node) => node.getAttribute(name)));
  const tile = (kpiId: string) => page.locator(`[data-testid="kpi-tile"][data-kpi="${kpiId}"]`);

  it('signs in with a pasted token and shows the group: KPI tiles, a 24-month trend and the league tables', async () => {
    await page.goto(`${baseUrl}/#/group?period=${FOCUS}`);
    await text('token-form').waitFor();
    await text('token-input').fill(await tokenFor('head-office', { subject: 'ho-e2e' }));
    await text('token-submit').click();
    await page.locator('[data-testid="league-row"]').first().waitFor();

    expect(await text('who').textContent()).toBe('Head office · ho-e2e');
    expect(await attributes('[data-testid="kpi-tile"]', 'data-kpi')).toEqual([
      'revenue',
      'units_delivered',
      'service_revenue',
      'per_vehicle_yield',
      'rework_rate',
      'csi_service',
    ]);
    expect(await tile('units_delivered').locator('[data-testid="tile-value"]').textContent()).toBe('5');
    const trend = text('trend-chart');
    expect(await trend.getAttribute('data-points')).toBe('13');
    expect(await trend.locator('canvas').count()).toBeGreaterThan(0);
    const regions = await attributes('[data-testid="league-region"] [data-testid="league-row"]', 'data-unit');
    expect(regions.sort()).toEqual(['EAST', 'NORTH']);
    const branches = page.locator('[data-testid="league-branch"] [data-testid="league-row"]');
    expect(await branches.count()).toBe(3);
    // The token stays in this tab's session storage, not in the address.
    expect(await page.evaluate("sessionStorage.getItem('dealer-kpi.token')")).toMatch(/^ey/);
    await page.screenshot({ path: join(artifacts, 'dashboard-group.png'), fullPage: true });
  });

  it('drills from the group into a region and a branch, with attainment and provisional markers', async () => {
    await page.locator('[data-testid="league-region"] [data-testid="league-row"][data-unit="EAST"] a').click();
    await page.waitForFunction("location.hash.startsWith('#/region/EAST')");
    await page.waitForFunction(`document.querySelectorAll('[data-testid="league-branch"] [data-testid="league-row"]').length === 2`);
    expect(await text('unit-title').textContent()).toContain('East China');
    expect(await text('crumb-region').textContent()).toBe('East China');

    await page.locator('[data-testid="league-row"][data-unit="SH-01"]').click();
    await page.waitForFunction("location.hash.startsWith('#/branch/SH-01')");
    await text('monthly-summary').waitFor();
    expect(await text('unit-title').textContent()).toContain('Shanghai Pudong 4S (SH-01)');
    expect(await text('crumb-group').getAttribute('href')).toContain('#/group');
    // Revenue, restated: three deliveries (one after the close) plus the service revenue, against a quota of 400,000.00.
    const revenue = tile('revenue');
    const revenueValue = revenue.locator('[data-testid="tile-value"]');
    expect(await revenueValue.getAttribute('title')).toBe('386,100.00');
    expect(await revenue.locator('[data-testid="tile-attainment"]').textContent()).toBe('96.5%');
    expect(await revenue.locator('.tile-note').textContent()).toBe('As closed 376,100.00');
    expect(await tile('units_delivered').locator('[data-testid="tile-attainment"]').textContent()).toBe('150.0%');

    // The frozen figures of the close, then back; and the branch's own currency.
    await text('view-select').selectOption('as-closed');
    await revenue.locator('[data-testid="tile-value"][title="376,100.00"]').waitFor();
    expect(await revenue.locator('[data-testid="tile-attainment"]').textContent()).toBe('94.0%');
    expect(page.url()).toContain('view=as-closed');
    await text('view-select').selectOption('restated');
    await revenue.locator('[data-testid="tile-value"][title="386,100.00"]').waitFor();
    await text('currency-select').selectOption('branch');
    await page.waitForFunction("location.hash.includes('currency=branch')");
    await revenue.locator('[data-testid="tile-value"][title="386,100.00"]').waitFor();
    expect(await revenue.locator('.tile-unit').textContent()).toBe('CNY');
    // CSI of last month waits for late surveys: provisional, and marked so.
    const series = await http()
      .get('/api/v1/kpis/csi_service')
      .query({ from: FOCUS, to: FOCUS, groupBy: 'branch', branchId: 'SH-01' })
      .set({ authorization: `Bearer ${await tokenFor('head-office')}` })
      .expect(200);
    expect((series.body as { points: { provisional: boolean }[] }).points[0]?.provisional).toBe(true);
    expect(await tile('csi_service').locator('[data-testid="provisional-badge"]').count()).toBe(1);
    expect(await tile('units_delivered').locator('[data-testid="provisional-badge"]').count()).toBe(0);
    expect(await page.locator('[data-testid="monthly-summary"] tr[data-kpi="units_delivered"] td').allTextContents()).toEqual(
      expect.arrayContaining([kpiLabel('units_delivered', 'en'), '2', '150.0%']),
    );
  });

  it('switches every label to Chinese and downloads the monthly summary as PDF and Excel', async () => {
    await text('locale-select').selectOption('zh-CN');
    await tile('revenue').locator('.tile-label', { hasText: kpiLabel('revenue', 'zh-CN') }).waitFor();
    expect(await page.locator('h1').textContent()).toBe('经营指标看板');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    // The monthly summary and its buttons re-render after their own request: wait for them.
    await page.locator('[data-testid="monthly-summary"] tr.band th', { hasText: '整车销售' }).first().waitFor();
    await text('download-pdf').filter({ hasText: '下载 PDF' }).waitFor();
    expect(await text('download-pdf').textContent()).toBe('下载 PDF');
    expect(await text('crumb-group').textContent()).toBe('集团');
    expect(await page.locator('[data-testid="monthly-summary"] tr.band th').allTextContents()).toContain('整车销售');
    await page.screenshot({ path: join(artifacts, 'dashboard-branch-zh-CN.png'), fullPage: true });

    const [pdf] = await Promise.all([page.waitForEvent('download'), text('download-pdf').click()]);
    expect(pdf.suggestedFilename()).toBe(`SH-01-${FOCUS}-zh-CN.pdf`);
    const pdfBytes = readFileSync(await pdf.path());
    expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfBytes.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Regular/);

    const [xlsx] = await Promise.all([page.waitForEvent('download'), text('download-xlsx').click()]);
    expect(xlsx.suggestedFilename()).toBe(`SH-01-${FOCUS}-zh-CN.xlsx`);
    const xlsxBytes = readFileSync(await xlsx.path());
    expect(xlsxBytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsxBytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    let units: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === kpiLabel('units_delivered', 'zh-CN')) units = row;
    });
    expect(units?.getCell(3).value).toBe(3);
    expect(units?.getCell(4).value).toBe(2);
    expect(units?.getCell(11).value).toBe(2); // as closed

    const [csv] = await Promise.all([page.waitForEvent('download'), text('download-csv').click()]);
    expect(readFileSync(await csv.path(), 'utf8')).toContain(`SH-01,${FOCUS},整车销售,units_delivered,`);
  });

  it('lands a branch manager from a ?token= link on their monthly summary, without the token in the address', async () => {
    const token = await tokenFor('branch-manager', { branches: ['SH-02'], subject: 'bm-sh02' });
    await page.goto(`${baseUrl}/?token=${token}`);
    await page.waitForFunction("location.hash.startsWith('#/branch/SH-02')");
    await text('monthly-summary').waitFor();
    expect(page.url()).not.toContain('token=');
    expect(await text('who').textContent()).toBe('门店总经理 · bm-sh02');
    // The group is not theirs: shown, not linked.
    expect(await page.locator('span[data-testid="crumb-group"]').count()).toBe(1);
    expect(await attributes('[data-testid="league-row"]', 'data-unit')).toEqual(['SH-02']);
    await page.screenshot({ path: join(artifacts, 'dashboard-branch-manager.png'), fullPage: true });
  });

  it('sends an invalid token back to the sign-in form with a message', async () => {
    await page.evaluate("sessionStorage.setItem('dealer-kpi.token', 'not-a-token')");
    await page.reload();
    await text('token-form').waitFor();
    expect(await text('error').textContent()).toBe('令牌无效或已过期，请重新登录。');
  });
});
