/**
 * Consolidation on screen (issue #19, item 1), in headless Chromium over the real platform: a group
 * with CNY and EUR branches, one region (WEST) holding both. At group level in branch currency the
 * Revenue tile shows one labelled subtotal per currency, each equal to the API's figure, never one
 * currency's subtotal as the group's revenue; every money cell of the league tables carries its
 * currency; money is ranked on the group-currency figures, so ranks stay (the same in both
 * currencies). In group currency the tile shows the consolidated total. The KPI explorer at group
 * level in branch currency (kept in its address) shows labelled subtotals, for a month and for year to
 * date, with the facts of a subtotal; in group currency one figure. Screenshots go to
 * test-artifacts/.
 */
import { tokenFor } from '@app/auth';
import { expectEventually } from '@app/testing';
import Decimal from 'decimal.js';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { launchChromium, month, startPlatform, TestPlatform, vatMoney as money } from './support/dashboard-browser';

const FOCUS = month(-1);
const BRANCHES = [
  { branchId: 'SH-01', name: 'Shanghai Pudong 4S', regionId: 'EAST', currency: 'CNY', timeZone: 'Asia/Shanghai', net: '300000.00' },
  { branchId: 'CD-01', name: 'Chengdu 4S', regionId: 'WEST', currency: 'CNY', timeZone: 'Asia/Shanghai', net: '120000.00' },
  { branchId: 'MAD-01', name: 'Madrid', regionId: 'WEST', currency: 'EUR', timeZone: 'Europe/Madrid', net: '40000.00' },
] as const;
const EUR_CNY = '7.80000000';
const HEAD_OFFICE = { username: 'lin.ho', displayName: 'Lin', password: 'group controller pass' };

interface SeriesPoint {
  readonly period: string;
  readonly currency: string | null;
  readonly value: string | null;
}

describe('dashboard: consolidated money above branch level (Chromium)', () => {
  let platform: TestPlatform;
  let browser: Browser;
  let page: Page;
  let auth: Record<string, string>;
  const pageErrors: Error[] = [];
  const http = () => platform.http();
  const post = (path: string) => platform.post(path);

  beforeAll(async () => {
    platform = await startPlatform('dashboard_currency', 'dc');

    for (const [regionId, name] of [
      ['EAST', 'East China'],
      ['WEST', 'West'],
    ]) {
      await post('/api/v1/org/regions').send({ regionId, name }).expect(201);
    }
    await post('/api/v1/org/exchange-rates').send({ month: FOCUS, fromCurrency: 'EUR', toCurrency: 'CNY', rate: EUR_CNY }).expect(201);
    for (const [i, b] of BRANCHES.entries()) {
      await post('/api/v1/org/branches')
        .send({
          branchId: b.branchId,
          name: b.name,
          brands: ['Volkswagen'],
          currency: b.currency,
          timeZone: b.timeZone,
          cutoffMinutes: 0,
          openedOn: '2024-01-01',
        })
        .expect(201);
      await post(`/api/v1/org/branches/${b.branchId}/region-assignments`).send({ regionId: b.regionId, effectiveFrom: '2024-01-01' }).expect(201);
      await post(`/api/v1/sales/vehicle-sales/VS-${i}/delivery`)
        .send({
          branchId: b.branchId,
          orderId: `O-${i}`,
          vin: `LSVAU2180N${String(2180000 + i).padStart(7, '0')}`,
          model: 'Lavida 1.5L',
          condition: 'new',
          consultantId: 'E-1',
          invoice: money(b.currency, b.net),
          cost: money(b.currency, new Decimal(b.net).mul('0.9').toFixed(2)),
          occurredAt: `${FOCUS}-12T03:00:00Z`,
        })
        .expect(201);
    }
    await post('/api/v1/users')
      .send({
        username: HEAD_OFFICE.username,
        displayName: HEAD_OFFICE.displayName,
        role: 'head-office',
        regions: [],
        branches: [],
        password: HEAD_OFFICE.password,
      })
      .expect(201);

    auth = { authorization: `Bearer ${await tokenFor('head-office', { subject: 'ho-e2e' })}` };
    await expectEventually(
      async () => {
        const card = await http().get('/api/v1/scorecard').query({ period: FOCUS, level: 'branch', currency: 'branch' }).set(auth).expect(200);
        const rows = (card.body as { rows: { unitId: string; figures: Record<string, { value: string | null }> }[] }).rows;
        expect(Object.fromEntries(rows.map((r) => [r.unitId, r.figures.revenue?.value]))).toEqual({
          'SH-01': '300000.00',
          'CD-01': '120000.00',
          'MAD-01': '40000.00',
        });
      },
      // Generous: four other test runs may share the machine's two cores.
      { timeoutMs: 180_000 },
    );

    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 1000 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error));
  }, 360_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  const tile = (kpiId: string) => page.locator(`[data-testid="kpi-tile"][data-kpi="${kpiId}"]`);
  /** `[unit, rank]` of a league table's rows, in the order shown. */
  const ranks = async (selector: string) =>
    Promise.all(
      (await page.locator(`${selector} [data-testid="league-row"]`).all()).map(async (r) => [
        await r.getAttribute('data-unit'),
        await r.locator('td').first().textContent(),
      ]),
    );
  /** `[currency, full figure, currency label]` of the money amounts matching. */
  const amounts = async (selector: string) =>
    Promise.all(
      (await page.locator(selector).all()).map(async (n) => [
        await n.getAttribute('data-currency'),
        await n.getAttribute('title'),
        (await n.locator('[data-testid="cell-currency"]').textContent())?.trim(),
      ]),
    );

  it('API: per-currency subtotals, no single-currency total, money ranked on group-currency figures', async () => {
    const card = await http().get('/api/v1/scorecard').query({ period: FOCUS, level: 'region', currency: 'branch' }).set(auth).expect(200);
    const body = card.body as {
      groupCurrency: string;
      rows: { unitId: string; figures: Record<string, { value: string | null; subtotals: { currency: string; value: string }[]; rank: number | null }> }[];
    };
    expect(body.groupCurrency).toBe('CNY');
    const west = body.rows.find((r) => r.unitId === 'WEST')!.figures.revenue!;
    expect(west.value).toBeNull();
    expect(west.subtotals.map((s) => [s.currency, s.value])).toEqual([
      ['CNY', '120000.00'],
      ['EUR', '40000.00'],
    ]);
    // WEST = 120,000 + 40,000 × 7.8 = 432,000 CNY > EAST 300,000: first, in either currency.
    expect(west.rank).toBe(1);
    expect(body.rows.find((r) => r.unitId === 'EAST')!.figures.revenue!.rank).toBe(2);
    const inGroup = await http().get('/api/v1/scorecard').query({ period: FOCUS, level: 'region', currency: 'group' }).set(auth).expect(200);
    const groupRows = (inGroup.body as typeof body).rows;
    expect(groupRows.find((r) => r.unitId === 'WEST')!.figures.revenue).toMatchObject({
      value: '432000.00',
      rank: 1,
      subtotals: [{ currency: 'CNY', value: '432000.00' }],
    });
  });

  it('API: the catalogue gives every definition in the locale asked', async () => {
    for (const locale of ['zh-CN', 'es', 'en'] as const) {
      const catalogue = await http().get('/api/v1/kpis').query({ locale }).set(auth).expect(200);
      const kpis = (catalogue.body as { kpis: { id: string; formula: string; denominator: string | null }[] }).kpis;
      const rework = kpis.find((k) => k.id === 'rework_rate')!;
      expect(rework.denominator).toBe({ 'zh-CN': '本期关单的工单', es: 'órdenes cerradas en el periodo', en: 'repair orders closed in the period' }[locale]);
      if (locale === 'zh-CN') expect(kpis.every((k) => /[\u4e00-\u9fff]/.test(k.formula))).toBe(true);
    }
  });

  it("packs: CSV for each locale's Excel, times in the reader's time zone (default: the branch's)", async () => {
    const path = `/api/v1/branches/MAD-01/monthly-summary/${FOCUS}`;
    const json = async (query: Record<string, string>) =>
      (
        await http()
          .get(path)
          .query({ format: 'json', ...query })
          .set(auth)
          .expect(200)
      ).body as { timeZone: string };
    expect((await json({ locale: 'es' })).timeZone).toBe('Europe/Madrid');
    expect((await json({ locale: 'es', tz: 'America/Bogota' })).timeZone).toBe('America/Bogota');
    const refused = await http().get(path).query({ tz: 'Mars/Olympus_Mons' }).set(auth).expect(400);
    expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    const html = (await http().get(path).query({ format: 'html', locale: 'es', tz: 'Asia/Shanghai' }).set(auth).expect(200)).text;
    expect(html).toMatch(/<dt>Generado<\/dt><dd>[^<]* hora estándar de China<\/dd>/);

    const es = await http()
      .get(path)
      .query({ format: 'csv', locale: 'es' })
      .set(auth)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    const text = (es.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFFConcesionario;Mes;')).toBe(true);
    // MAD-01's 40,000.00 EUR of new vehicles, with a decimal comma.
    expect(text).toMatch(/;revenue_new_vehicles;[^\r\n]*;EUR;40000,00;/);
    const zh = (await http().get(path).query({ format: 'csv', locale: 'zh-CN' }).set(auth).expect(200)).text;
    expect(zh).toMatch(/,revenue_new_vehicles,[^\r\n]*,EUR,40000\.00,/);
  });

  it('group level in branch currency: labelled per-currency subtotals equal to the API, labelled money columns, ranks kept', async () => {
    await page.goto(`${platform.baseUrl}/#/group?period=${FOCUS}&currency=branch&locale=en`);
    await page.locator('[data-testid="username"]').fill(HEAD_OFFICE.username);
    await page.locator('[data-testid="password"]').fill(HEAD_OFFICE.password);
    await page.locator('[data-testid="sign-in-submit"]').click();
    await page.locator('[data-testid="league-row"]').first().waitFor();

    const series = await http().get('/api/v1/kpis/revenue').query({ from: FOCUS, to: FOCUS, groupBy: 'group', currency: 'branch' }).set(auth).expect(200);
    const points = (series.body as { points: SeriesPoint[] }).points.filter((p) => p.period === FOCUS);
    expect(points.map((p) => [p.currency, p.value]).sort()).toEqual([
      ['CNY', '420000.00'],
      ['EUR', '40000.00'],
    ]);

    const revenue = tile('revenue');
    expect(await revenue.getAttribute('data-currencies')).toBe('CNY,EUR');
    // No single figure stands for the group's revenue: one line per currency, each labelled.
    expect(await revenue.locator('[data-testid="tile-value"]').count()).toBe(0);
    for (const p of points) {
      const line = revenue.locator(`[data-testid="tile-subtotal"][data-currency="${p.currency}"]`);
      expect(await line.locator('[data-testid="subtotal-value"]').getAttribute('title')).toBe(
        new Intl.NumberFormat('en', { minimumFractionDigits: 2 }).format(Number(p.value)),
      );
      expect(await line.locator('[data-testid="subtotal-currency"]').textContent()).toBe(p.currency);
    }
    expect(await revenue.locator('[data-testid="subtotals-note"]').textContent()).toContain('Group currency');
    // A KPI without money is one figure, as before.
    expect(await tile('units_delivered').locator('[data-testid="tile-value"]').textContent()).toBe('3');
    await revenue.click();
    expect(await page.locator('[data-testid="trend-chart"]').getAttribute('data-currencies')).toBe('CNY,EUR');

    // The region table: WEST's revenue in two labelled amounts; EAST in one; ranks on group-currency figures.
    const westCells = '[data-testid="league-region"] [data-testid="league-row"][data-unit="WEST"] td[data-kpi="revenue"] [data-testid="cell-amount"]';
    expect(await amounts(westCells)).toEqual([
      ['CNY', '120,000.00', 'CNY'],
      ['EUR', '40,000.00', 'EUR'],
    ]);
    expect(await ranks('[data-testid="league-region"]')).toEqual([
      ['WEST', '1'],
      ['EAST', '2'],
    ]);
    // Every money amount of the branch table has its currency; ranks are numbers, not "—".
    expect((await amounts('[data-testid="league-branch"] td[data-kpi="revenue"] [data-testid="cell-amount"]')).map((a) => [a[0], a[2]]).sort()).toEqual([
      ['CNY', 'CNY'],
      ['CNY', 'CNY'],
      ['EUR', 'EUR'],
    ]);
    // SH-01 300,000 CNY; MAD-01 40,000 EUR = 312,000 CNY; CD-01 120,000 CNY.
    expect(await ranks('[data-testid="league-branch"]')).toEqual([
      ['MAD-01', '1'],
      ['SH-01', '2'],
      ['CD-01', '3'],
    ]);
    expect(await page.locator('[data-testid="league-branch"] th[data-kpi="revenue"]').textContent()).toBe('Revenue (Branch currency)');
    expect(await page.locator('[data-testid="league-branch"] [data-testid="rank-note"]').textContent()).toContain('(CNY)');
    await page.screenshot({ path: join(platform.artifacts, 'dashboard-group-branch-currency.png'), fullPage: true });
  });

  it('group currency: the consolidated total in one labelled figure', async () => {
    await page.locator('[data-testid="currency-select"]').selectOption('group');
    await page.waitForURL((url) => url.hash.includes('currency=group'));
    const revenue = tile('revenue');
    // 420,000 CNY + 40,000 EUR × 7.8 = 732,000 CNY.
    await revenue.locator('[data-testid="tile-value"][title="732,000.00"]').waitFor();
    expect(await revenue.locator('.tile-unit').textContent()).toBe('CNY');
    expect(await revenue.locator('[data-testid="tile-subtotal"]').count()).toBe(0);
    expect(await page.locator('[data-testid="league-branch"] th[data-kpi="revenue"]').textContent()).toBe('Revenue (CNY)');
    expect(await ranks('[data-testid="league-region"]')).toEqual([
      ['WEST', '1'],
      ['EAST', '2'],
    ]);
  });

  it('zh-CN: the subtotals and the note are translated', async () => {
    await page.locator('[data-testid="currency-select"]').selectOption('branch');
    await page.locator('[data-testid="locale-select"]').selectOption('zh-CN');
    const note = tile('revenue').locator('[data-testid="subtotals-note"]');
    await note.waitFor();
    expect(await note.textContent()).toBe('按币种分别小计，不相加；选择"集团币种"可看合并总额（CNY）。');
    expect(await tile('revenue').locator('.tile-label').textContent()).toContain('按币种');
    // The KPI's definition, in the page's language, on its name.
    expect(await tile('revenue').locator('[data-testid="tile-label"]').getAttribute('title')).toMatch(/^各收入来源的不含税净额之和/);
    expect(await tile('rework_rate').locator('[data-testid="tile-label"]').getAttribute('title')).toContain('分母: 本期关单的工单');
  });

  it('KPI explorer at group level in branch currency: one labelled subtotal per currency, never a total, kept in the address', async () => {
    await page.goto(`${platform.baseUrl}/#/kpi/revenue/group?period=${FOCUS}&range=month&currency=branch&locale=en`);
    const rows = page.locator('[data-testid="explorer-subtotal"]');
    await rows.first().waitFor();
    const shown = async () => Promise.all((await rows.all()).map(async (r) => [await r.getAttribute('data-currency'), await r.getAttribute('data-value')]));
    const api = async (query: Record<string, string>) =>
      (
        (
          await http()
            .get('/api/v1/kpis/revenue')
            .query({ groupBy: 'group', ...query })
            .set(auth)
            .expect(200)
        ).body as {
          points: SeriesPoint[];
        }
      ).points;
    const month = await api({ from: FOCUS, to: FOCUS, currency: 'branch' });
    expect(await shown()).toEqual(month.map((p) => [p.currency, p.value]));
    expect(await shown()).toEqual([
      ['CNY', '420000.00'],
      ['EUR', '40000.00'],
    ]);
    // No single figure stands for the group: each currency's line is labelled as its subtotal.
    expect(await page.locator('[data-testid="explorer-value"]').count()).toBe(0);
    expect(await page.locator('#explorer [data-testid="subtotal-currency"]').allTextContents()).toEqual(['Subtotal CNY', 'Subtotal EUR']);
    expect(await page.locator('#explorer [data-testid="subtotals-note"]').textContent()).toContain('Group currency');
    expect(await page.locator('[data-testid="explorer-currency"]').inputValue()).toBe('branch');
    expect(await page.locator('[data-testid="explorer-chart"]').getAttribute('data-points')).toBe('2');
    // The facts of the euro subtotal, in euros.
    await rows.filter({ hasText: 'Subtotal EUR' }).click();
    await page.locator('[data-testid="lineage-check"]').waitFor();
    expect(await page.locator('[data-testid="lineage-check"]').getAttribute('data-matches')).toBe('true');
    expect(await page.locator('[data-testid="lineage-check"]').getAttribute('data-numerator')).toBe('40000.00');

    // Year to date keeps the currency: the API's range figures, per currency.
    await page.locator('[data-testid="explorer-range"]').selectOption('ytd');
    await page.waitForURL((url) => url.hash.includes('range=ytd') && url.hash.includes('currency=branch'));
    const ytd = await api({ grain: 'range', from: `${FOCUS.slice(0, 4)}-01`, to: FOCUS, currency: 'branch' });
    await page.locator(`[data-testid="explorer-period"]`).filter({ hasText: 'Year to' }).waitFor();
    await rows.first().waitFor();
    expect(await shown()).toEqual(ytd.map((p) => [p.currency, p.value]));

    // Group currency: one consolidated figure (420,000 CNY + 40,000 EUR × 7.8).
    await page.locator('[data-testid="explorer-currency"]').selectOption('group');
    await page.waitForURL((url) => url.hash.includes('range=ytd') && !url.hash.includes('currency=branch'));
    const [consolidated] = await api({ grain: 'range', from: `${FOCUS.slice(0, 4)}-01`, to: FOCUS, currency: 'group' });
    await page.locator('[data-testid="explorer-value"][data-value="732000.00"]').waitFor();
    expect(consolidated!.value).toBe('732000.00');
    expect(await rows.count()).toBe(0);
  });
});
