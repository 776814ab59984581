/**
 * The dashboard's KPI explorer end to end in headless Chromium, on the seeded dealer group (plus
 * two deliveries of another model, group targets for the month, its quarter and its year, and a
 * closed month): head office opens a KPI from the picker at group level and sees the API's figure
 * with its numerator, targets and annual plan; switches to a quarter, to year to date and to a custom
 * range (one figure for the range, the API's grain=range: Σ of its months, its targets only where it
 * is exactly a period, its breakdown and facts adding up to it); the
 * chart draws last year and the targets beside the actuals; a breakdown by model adds up to the
 * figure, and the facts of a row and of the figure (lineage) add up to them; the breakdown
 * downloads as XLSX and CSV; the zh-CN and es pages have no English left.
 */
import { tokenFor } from '@app/auth';
import { kpiLabel } from '@app/kpi';
import { expectEventually } from '@app/testing';
import Decimal from 'decimal.js';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Locator, Page } from 'playwright-core';
import { cny, launchChromium, month, seedDealerGroup, signIn, startPlatform, TestPlatform, watchPage } from './support/dashboard-browser';

const FOCUS = month(-1);
const YEAR = FOCUS.slice(0, 4);
const QUARTER = `${YEAR}-Q${Math.floor((Number(FOCUS.slice(5)) - 1) / 3) + 1}`;
const HEAD_OFFICE = { username: 'hu.hong', displayName: 'Hu Hong', role: 'head-office', password: 'correct horse battery' };

interface Point {
  period: string;
  periodStart: string;
  value: string | null;
  numerator: string;
  denominator: string | null;
  dimensionValue?: string;
  yoy: { value: string | null } | null;
  targets: { quota: { value: string; version: number } | null; stretch: { value: string } | null };
  yearToDate: { value: string | null; progressQuota: string | null } | null;
}

const sum = (values: readonly string[]) => values.reduce((s, v) => s.add(v), new Decimal(0));

describe('KPI explorer in headless Chromium', () => {
  let platform: TestPlatform;
  let browser: Browser;
  let page: Page;
  let auth: { authorization: string };
  const pageErrors: Error[] = [];

  /** The API's series of a KPI at group level (what the page must show). */
  async function series(kpiId: string, query: Record<string, string>): Promise<Point[]> {
    const answer = await platform
      .http()
      .get(`/api/v1/kpis/${kpiId}`)
      .query({ groupBy: 'group', ...query })
      .set(auth)
      .expect(200);
    return (answer.body as { points: Point[] }).points;
  }

  beforeAll(async () => {
    platform = await startPlatform('explorer');
    const post = (path: string) => platform.post(path);
    await seedDealerGroup(post, FOCUS);
    // Another model in the focus month: a breakdown by model with two rows.
    for (const [i, net] of ['210000.00', '230000.00'].entries()) {
      await post(`/api/v1/sales/vehicle-sales/VS-P${i}/delivery`)
        .send({
          branchId: 'SH-02',
          orderId: `O-P${i}`,
          vin: `LSVAU2180N${String(2190000 + i).padStart(7, '0')}`,
          model: 'Passat 2.0T',
          condition: 'new',
          consultantId: 'E-2',
          invoice: cny(net),
          cost: cny(`${Number.parseInt(net, 10) - 15000}.00`),
          occurredAt: `${FOCUS}-2${i}T03:00:00Z`,
        })
        .expect(201);
    }
    const target = (periodKind: string, period: string, kind: string, value: string) =>
      post('/api/v1/org/targets').send({ kpi: 'units_delivered', periodKind, period, grain: 'group', grainId: '', kind, value, unit: 'units' }).expect(201);
    await target('month', FOCUS, 'quota', '5');
    await target('month', FOCUS, 'stretch', '7');
    await target('quarter', QUARTER, 'quota', '15');
    await target('year', YEAR, 'quota', '60');
    await post(`/api/v1/org/periods/${FOCUS}/close`).send({ reason: 'monthly close' }).expect(201);
    await post('/api/v1/users')
      .send({
        username: HEAD_OFFICE.username,
        displayName: HEAD_OFFICE.displayName,
        role: HEAD_OFFICE.role,
        regions: [],
        branches: [],
        password: HEAD_OFFICE.password,
      })
      .expect(201);

    auth = { authorization: `Bearer ${await tokenFor('head-office', { subject: 'ho-explorer' })}` };
    await expectEventually(
      async () => {
        const [point] = await series('units_delivered', { from: FOCUS, to: FOCUS });
        // SH-01 2, SH-02 1 + 2 Passat, BJ-01 1; closed.
        expect(point).toMatchObject({ value: '6', closed: { asClosed: { value: '6' } } });
      },
      { timeoutMs: 90_000 },
    );

    browser = await launchChromium();
    const context = await browser.newContext({ acceptDownloads: true, locale: 'en-US', viewport: { width: 1440, height: 1000 } });
    page = await context.newPage();
    watchPage(page, pageErrors);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  afterEach(() => {
    const errors = pageErrors.splice(0);
    expect(errors).toEqual([]);
  });

  const testid = (id: string) => page.locator(`[data-testid="${id}"]`);
  /** An attribute of every node a locator finds ('' when absent). */
  const attributes = async (locator: Locator, name: string) => Promise.all((await locator.all()).map(async (node) => (await node.getAttribute(name)) ?? ''));
  /** The explorer's echarts options, read in the page. */
  const chartOption = () =>
    page.evaluate<{ categories: string[]; ticks: string[]; series: { id: string; data: (number | null)[]; labels: string[] }[] }>(`(() => {
      const chart = window.echarts.getInstanceByDom(document.querySelector('[data-testid="explorer-chart"]'));
      const option = chart.getOption();
      const axis = option.xAxis[0];
      return {
        categories: axis.data,
        // The axis' labels as drawn (its formatter's), and each series' value labels ('' for none).
        ticks: typeof axis.axisLabel?.formatter === 'function' ? axis.data.map((d, i) => axis.axisLabel.formatter(d, i)) : axis.data,
        series: option.series.map((s) => ({
          id: s.id,
          data: s.data.map((d) => (d && typeof d === 'object' ? d.value : d)),
          labels: s.label?.show && typeof s.label.formatter === 'function' ? s.data.map((_, i) => s.label.formatter({ dataIndex: i })) : s.data.map(() => ''),
        })),
      };
    })()`);

  it('opens a KPI from the picker at group level: the API figure, numerator, targets, annual plan, as-closed mark and chart', async () => {
    await page.goto(`${platform.baseUrl}/#/kpi?period=${FOCUS}`);
    await signIn(page, HEAD_OFFICE.username, HEAD_OFFICE.password);
    await testid('explorer-kpi').waitFor();
    // Every catalogue KPI is in the picker, grouped by area.
    const catalogue = (await platform.http().get('/api/v1/kpis').set(auth).expect(200)).body as { kpis: { id: string }[] };
    expect(await attributes(page.locator('[data-testid="explorer-kpi"] option'), 'value')).toEqual(expect.arrayContaining(catalogue.kpis.map((k) => k.id)));
    expect(await page.locator('[data-testid="explorer-kpi"] option').count()).toBe(catalogue.kpis.length);
    expect(await page.locator('[data-testid="explorer-kpi"] optgroup').count()).toBeGreaterThan(1);

    await testid('explorer-kpi').selectOption('units_delivered');
    await page.waitForURL((url) => url.hash.startsWith('#/kpi/units_delivered/group'));
    await testid('explorer-title')
      .filter({ hasText: kpiLabel('units_delivered', 'en') })
      .waitFor();
    const [point] = (await series('units_delivered', { from: `${YEAR}-01`, to: FOCUS })).slice(-1);
    await page.locator('[data-testid="explorer-value"][data-value]').first().waitFor();
    expect(await testid('explorer-value').getAttribute('data-value')).toBe(point!.value);
    expect(point!.value).toBe('6');
    expect(await testid('explorer-numerator').getAttribute('data-value')).toBe(point!.numerator);
    expect(await testid('explorer-definition').textContent()).toContain('Number of VehicleDelivered events');
    expect(await testid('explorer-quota').textContent()).toContain('5');
    expect(await testid('explorer-quota-version').textContent()).toBe(`version ${point!.targets.quota!.version}`);
    expect(await testid('explorer-quota-attainment').textContent()).toBe('Attainment 120.0%');
    expect(await testid('explorer-stretch').textContent()).toContain('7');
    // Year to date ÷ the annual quota of 60, as the API computes it.
    expect(point!.yearToDate?.progressQuota).not.toBeNull();
    expect(await testid('explorer-annual').textContent()).toContain(
      new Intl.NumberFormat('en', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
        Number(point!.yearToDate!.progressQuota) / 100,
      ),
    );
    expect(await testid('explorer-closed').textContent()).toMatch(/^As closed 6; restated 6 \(closed on /);
    expect(await testid('as-of').first().getAttribute('data-position')).toMatch(/^\d+$/);

    // The chart: this year, last year and the targets, month by month.
    const option = await chartOption();
    expect(option.series.map((s) => s.id)).toEqual(['actual', 'last-year', 'quota', 'stretch']);
    const at = (id: string) => option.series.find((s) => s.id === id)!.data.at(-1);
    expect(at('actual')).toBe(6);
    // The months' labels: the year on the first and the last (and where it changes); only the last figure labelled.
    const monthLabel = (period: string, withYear: boolean) =>
      new Intl.DateTimeFormat('en', { ...(withYear ? { year: 'numeric' } : {}), month: 'short', timeZone: 'UTC' }).format(new Date(`${period}-01T00:00:00Z`));
    const shown = option.categories.map((_, i) => `${YEAR}-${String(i + 1).padStart(2, '0')}`);
    expect(shown.at(-1)).toBe(FOCUS);
    expect(option.ticks).toEqual(shown.map((p, i) => monthLabel(p, i === 0 || i === shown.length - 1)));
    expect(option.series.find((s) => s.id === 'actual')!.labels).toEqual(shown.map((_, i) => (i === shown.length - 1 ? '6' : '')));
    expect(option.series.filter((s) => s.id !== 'actual').flatMap((s) => s.labels.filter(Boolean))).toEqual([]);
    expect(at('last-year')).toBe(Number(point!.yoy!.value));
    expect(at('last-year')).toBe(3);
    expect(at('quota')).toBe(5);
    expect(at('stretch')).toBe(7);
    await page.screenshot({ path: join(platform.artifacts, 'dashboard-explorer.png'), fullPage: true });
  });

  it('switches to the quarter and to a custom range, each with the API figures', async () => {
    await testid('explorer-range').selectOption('quarter');
    await page.waitForURL((url) => url.hash.includes('range=quarter'));
    const quarter = (await series('units_delivered', { grain: 'quarter', from: FOCUS, to: FOCUS }))[0]!;
    await testid('explorer-period')
      .filter({ hasText: `Q${QUARTER.slice(-1)} ${YEAR}` })
      .waitFor();
    expect(await testid('explorer-value').getAttribute('data-value')).toBe(quarter.value);
    expect(await testid('explorer-quota').textContent()).toContain('15');
    const option = await chartOption();
    expect(option.categories.at(-1)).toBe(`Q${QUARTER.slice(-1)} ${YEAR}`);
    expect(option.series.find((s) => s.id === 'quota')!.data.at(-1)).toBe(15);

    // Year to date: the API's one figure for the range (grain=range), against the annual quota, and its months one by one.
    await testid('explorer-range').selectOption('ytd');
    await page.waitForURL((url) => url.hash.includes('range=ytd'));
    const year = await series('units_delivered', { from: `${YEAR}-01`, to: FOCUS });
    const [ytd] = await series('units_delivered', { grain: 'range', from: `${YEAR}-01`, to: FOCUS });
    await page.locator(`[data-testid="explorer-value"][data-value="${ytd!.value}"]`).waitFor();
    // The same as the monthly report's year to date, and Σ of the months.
    expect(ytd!.value).toBe(year.at(-1)!.yearToDate!.value);
    expect(ytd!.value).toBe(sum(year.map((p) => p.numerator)).toString());
    expect(await testid('explorer-numerator').getAttribute('data-value')).toBe(ytd!.numerator);
    expect(await page.locator('h3[data-testid="explorer-period"]').getAttribute('data-period')).toBe(ytd!.period);
    expect(await testid('explorer-annual').textContent()).toContain('60');
    expect(await testid('explorer-annual').textContent()).toContain(
      new Intl.NumberFormat('en', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
        Number(ytd!.yearToDate!.progressQuota) / 100,
      ),
    );
    // Targets only where the range is exactly a month, quarter or year (never derived).
    const rangeTargets = async (point: Point) => {
      if (point.targets.quota === null) expect(await testid('explorer-no-target').textContent()).toContain('No target at this grain');
      else expect(await testid('explorer-quota').textContent()).toContain(point.targets.quota.value);
    };
    await rangeTargets(ytd!);
    expect(await attributes(testid('explorer-period-row'), 'data-period')).toEqual(year.map((p) => p.period));

    await testid('explorer-range').selectOption('custom');
    await page.waitForURL((url) => url.hash.includes('range=custom'));
    await testid('explorer-from').fill(month(-3));
    await page.waitForURL((url) => url.hash.includes(`from=${month(-3)}`));
    await testid('explorer-to').fill(FOCUS);
    await page.waitForURL((url) => url.hash.includes(`to=${FOCUS}`));
    await expectEventually(async () => expect(await testid('explorer-period-row').count()).toBe(3), { timeoutMs: 20_000 });
    const months = await series('units_delivered', { from: month(-3), to: FOCUS });
    expect(await attributes(testid('explorer-period-row'), 'data-period')).toEqual(months.map((p) => p.period));
    const custom = await chartOption();
    expect(custom.series.find((s) => s.id === 'actual')!.data).toEqual(months.map((p) => Number(p.value)));
    expect(custom.series.find((s) => s.id === 'last-year')!.data).toEqual(months.map((p) => (p.yoy?.value == null ? null : Number(p.yoy.value))));
    // One figure for the custom range, the API's: Σ numerator of its months.
    const [range] = await series('units_delivered', { grain: 'range', from: month(-3), to: FOCUS });
    await page.locator(`[data-testid="explorer-value"][data-value="${range!.value}"]`).waitFor();
    expect(range!.period).toBe(`${month(-3)}..${FOCUS}`);
    expect(range!.numerator).toBe(sum(months.map((p) => p.numerator)).toString());
    expect(await testid('explorer-numerator').getAttribute('data-value')).toBe(range!.numerator);
    await rangeTargets(range!);
    expect(await testid('explorer-range-note').textContent()).toContain('One figure for the whole range');
    // The range broken down by model adds up to it; its facts too.
    await testid('explorer-by').selectOption('model');
    await page.waitForURL((url) => url.hash.includes('by=model') && url.hash.includes('range=custom'));
    const rows = page.locator('[data-testid="explorer-breakdown-row"]');
    await rows.first().waitFor();
    expect(sum(await attributes(rows, 'data-numerator')).toString()).toBe(range!.numerator);
    expect(await testid('explorer-breakdown-check').getAttribute('data-adds-up')).toBe('true');
    await testid('explorer-value').click();
    await testid('lineage-title').filter({ hasText: range!.period }).waitFor();
    await testid('lineage-check').waitFor();
    expect(await testid('lineage-check').getAttribute('data-matches')).toBe('true');
    expect(await testid('lineage-check').getAttribute('data-numerator')).toBe(range!.numerator);
  });

  it('breaks the figure down by model (rows add up to it) and drills to the facts (they add up too)', async () => {
    await page.goto(`${platform.baseUrl}/#/kpi/units_delivered/group?period=${FOCUS}&range=month`);
    await testid('explorer-by').waitFor();
    await testid('explorer-by').selectOption('model');
    await page.waitForURL((url) => url.hash.includes('by=model'));
    const rows = page.locator('[data-testid="explorer-breakdown-row"]');
    await rows.first().waitFor();
    expect((await attributes(rows, 'data-dimension-value')).sort()).toEqual(['Lavida 1.5L', 'Passat 2.0T']);
    const numerators = await attributes(rows, 'data-numerator');
    expect(sum(numerators).toString()).toBe('6');
    expect(await testid('explorer-breakdown-check').getAttribute('data-adds-up')).toBe('true');

    // A row's facts: the two Passat deliveries.
    await rows.filter({ hasText: 'Passat 2.0T' }).click();
    await testid('lineage-check').waitFor();
    const facts = page.locator('[data-testid="lineage-fact"]');
    expect(await facts.count()).toBe(2);
    expect(sum(await attributes(facts, 'data-numerator')).toString()).toBe('2');
    expect(await testid('lineage-check').getAttribute('data-matches')).toBe('true');
    expect(await page.locator('[data-testid="lineage-fact"] td').first().textContent()).toMatch(/^[0-9a-f-]{36}$/);

    // The figure's facts: every delivery of the month, on one page.
    await testid('explorer-value').click();
    await testid('lineage-title')
      .filter({ hasText: `Facts of ${FOCUS}` })
      .waitFor();
    await testid('lineage-check').waitFor();
    expect(await facts.count()).toBe(6);
    expect(sum(await attributes(facts, 'data-numerator')).toString()).toBe('6');
    expect(await testid('lineage-check').getAttribute('data-numerator')).toBe('6');
    expect(await testid('lineage-page').textContent()).toBe('Page 1 of 1 · 6 facts');
  });

  it('downloads the breakdown as XLSX and CSV, as the table shows it', async () => {
    const [csv] = await Promise.all([page.waitForEvent('download'), testid('explorer-breakdown-download-csv').click()]);
    const lines = readFileSync(await csv.path(), 'utf8')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(1 + 2);
    expect(lines.slice(1).some((line) => line.includes('Passat 2.0T'))).toBe(true);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), testid('explorer-breakdown-download-xlsx').click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(await xlsx.path()) as unknown as ArrayBuffer);
    const models: unknown[] = [];
    book.worksheets[0]!.eachRow((row) => row.eachCell((cell) => models.push(cell.value)));
    expect(models).toEqual(expect.arrayContaining(['Lavida 1.5L', 'Passat 2.0T']));
  });

  /** The explorer's text (selects left out: their options are the catalogue's names) without the data shown in it. */
  const explorerText = (): Promise<string> =>
    page.evaluate(`(() => {
      const copy = document.querySelector('#explorer').cloneNode(true);
      for (const node of copy.querySelectorAll('select, input')) node.remove();
      document.body.append(copy);
      const text = copy.innerText + '\\n' + document.querySelector('#pages').innerText + '\\n' + document.querySelector('.brand').innerText;
      copy.remove();
      return text;
    })()`);

  /** The English labels of the explorer that the locale translates differently, found in the page. */
  const englishLeft = (locale: string, text: string) =>
    page.evaluate<string[]>(
      `import('/assets/i18n.js').then(({ texts }) => {
        const en = texts('en').explorer;
        const other = texts(${JSON.stringify(locale)}).explorer;
        const strings = (a, b) => Object.keys(a).flatMap((k) => (typeof a[k] === 'string' ? (a[k] !== b[k] ? [a[k]] : []) : typeof a[k] === 'object' ? strings(a[k], b[k]) : []));
        const shown = ${JSON.stringify(text)};
        // A label counts when it stands as words (not inside a longer word: "To" in "Total").
        const found = (s) => {
          for (let i = shown.indexOf(s); i >= 0; i = shown.indexOf(s, i + 1)) {
            if (!/[A-Za-z]/.test(shown[i - 1] ?? ' ') && !/[A-Za-z]/.test(shown[i + s.length] ?? ' ')) return true;
          }
          return false;
        };
        return strings(en, other).filter(found);
      })`,
    );

  it('has no English left on the zh-CN and es pages', async () => {
    await testid('locale-select').selectOption('zh-CN');
    await testid('explorer-title')
      .filter({ hasText: kpiLabel('units_delivered', 'zh-CN') })
      .waitFor();
    await testid('explorer-breakdown-check').waitFor();
    const zh = await explorerText();
    expect(zh).toContain('按维度分解');
    expect(await englishLeft('zh-CN', zh)).toEqual([]);
    // The only Latin letters are the data (model names) and the file formats of the downloads.
    expect(zh.replace(/Lavida 1\.5L|Passat 2\.0T|Excel|CSV/g, '')).not.toMatch(/[A-Za-z]{2,}/);
    await page.screenshot({ path: join(platform.artifacts, 'dashboard-explorer-zh-CN.png'), fullPage: true });

    await testid('locale-select').selectOption('es');
    await testid('explorer-title')
      .filter({ hasText: kpiLabel('units_delivered', 'es') })
      .waitFor();
    await testid('explorer-breakdown-check').waitFor();
    const es = await explorerText();
    expect(es).toContain('Desglose por dimensión');
    expect(await englishLeft('es', es)).toEqual([]);
    for (const english of ['Loading', 'Attainment', 'Quota', 'Stretch', 'Last year', 'Numerator', 'Facts', 'version']) expect(es).not.toContain(english);
  });
});
