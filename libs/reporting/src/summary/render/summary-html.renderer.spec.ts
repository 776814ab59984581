import { kpiLabel } from '@app/kpi';
import { escapeHtml, renderSummaryHtml } from './summary-html.renderer';
import type { MonthlySummary } from '../monthly-summary.types';
import { sampleGroupSummary, sampleRegionSummary, sampleSummary } from './testing/monthly-summary.fixture';

/** The text of each cell of the table row of `kpiId`, tags stripped. */
function rowCells(html: string, kpiId: string): string[] {
  const row = new RegExp(`<tr data-kpi="${kpiId}">(.*?)</tr>`).exec(html)?.[1];
  if (!row) throw new Error(`no row ${kpiId}`);
  return [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) =>
    m[1]!
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

const unescape = (text: string) =>
  text.replace(/&lt;|&gt;|&quot;|&#39;|&amp;/g, (e) => ({ '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' })[e]!);

/** An element's attribute, unescaped. */
function attribute(tag: string, name: string): string | null {
  const value = new RegExp(` ${name}="([^"]*)"`).exec(tag)?.[1];
  return value === undefined ? null : unescape(value);
}

interface Bar {
  readonly attributes: string;
  readonly tooltip: string | null;
  readonly x: number;
  readonly width: number;
  readonly height: number;
}

interface Chart {
  readonly attributes: string;
  readonly label: string;
  readonly title: string;
  readonly bars: readonly Bar[];
  readonly texts: readonly string[];
}

/** The inline SVG charts of a kind, read back: name, bars (with their tooltip) and texts. */
function charts(html: string, kind: 'trend' | 'attainment'): Chart[] {
  return [...html.matchAll(new RegExp(`<svg class="chart ${kind}"([^>]*)>(.*?)</svg>`, 'gs'))].map(([, attributes, body]) => ({
    attributes: attributes!,
    label: attribute(attributes!, 'aria-label')!,
    title: unescape(/^<title>(.*?)<\/title>/.exec(body!)![1]!),
    bars: [...body!.matchAll(/<rect ([^>]*?)(?:\/>|><title>(.*?)<\/title><\/rect>)/g)]
      .filter(([, a]) => a!.includes('data-value'))
      .map(([, a, tooltip]) => ({
        attributes: a!,
        tooltip: tooltip === undefined ? null : unescape(tooltip),
        x: Number(attribute(` ${a!}`, 'x')),
        width: Number(attribute(` ${a!}`, 'width')),
        height: Number(attribute(` ${a!}`, 'height')),
      })),
    texts: [...body!.matchAll(/<text [^>]*>(.*?)<\/text>/g)].map((m) => unescape(m[1]!)),
  }));
}

/** The trend table: its heads, and each month's cells. */
function trendTable(html: string): { heads: string[]; rows: string[][] } {
  const section = /<section data-section="trend">(.*?)<\/section>/s.exec(html)![1]!;
  const cells = (row: string, tag: string) => [...row.matchAll(new RegExp(`<${tag}[^>]*>(.*?)</${tag}>`, 'g'))].map((m) => unescape(m[1]!));
  return {
    heads: cells(/<thead>(.*?)<\/thead>/s.exec(section)![1]!, 'th'),
    rows: [.../<tbody>(.*?)<\/tbody>/s.exec(section)![1]!.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => cells(m[1]!, 'td')),
  };
}

/**
 * The charts draw the table's figures: a trend chart per column of the trend table (a currency's
 * subtotal its own), named by its head; a bar per month with a figure, its tooltip the table's cell,
 * its height proportional to the figure (all positive here: a scale from zero); the last month's
 * and the highest figure written over their bars as the table writes them, the first and last
 * month under them. The attainment chart: a bar per row with a quota attainment, its length
 * proportional to the attainment on the chart's scale, its text the table's.
 */
function expectChartsOfTheTables(html: string, summary: MonthlySummary): void {
  const table = trendTable(html);
  const trend = charts(html, 'trend');
  expect(trend.map((c) => c.label)).toEqual(table.heads.slice(1));
  expect(trend.map((c) => c.title)).toEqual(table.heads.slice(1));
  trend.forEach((chart, column) => {
    const series = summary.trend.series[column]!;
    const cells = table.rows.map((row) => row[column + 1]!);
    const months = table.rows.map((row) => row[0]!);
    const figures = series.values.flatMap((v, month) => (v === null ? [] : [{ month, value: Number(v) }]));
    expect(chart.bars.map((b) => attribute(` ${b.attributes}`, 'data-month'))).toEqual(figures.map((f) => String(f.month)));
    expect(chart.bars.map((b) => attribute(` ${b.attributes}`, 'data-value'))).toEqual(figures.map((f) => series.values[f.month]));
    expect(chart.bars.map((b) => b.tooltip)).toEqual(figures.map((f) => `${months[f.month]}: ${cells[f.month]}`));
    const tallest = Math.max(...figures.map((f) => f.value));
    const unit = chart.bars[figures.findIndex((f) => f.value === tallest)]!.height / tallest;
    chart.bars.forEach((bar, i) => expect(bar.height / (figures[i]!.value * unit)).toBeCloseTo(1, 2));
    // Left to right, month by month.
    expect(chart.bars.map((b) => b.x)).toEqual([...chart.bars.map((b) => b.x)].sort((a, b) => a - b));
    expect(chart.texts).toEqual(
      expect.arrayContaining([
        table.heads[column + 1],
        cells[cells.length - 1],
        cells[figures.find((f) => f.value === tallest)!.month],
        months[0],
        months[months.length - 1],
      ]),
    );
  });
  const [attainment] = charts(html, 'attainment');
  const withQuota = summary.sections.flatMap((section) => section.rows).filter((r) => r.quotaAttainment !== null);
  expect(attainment!.texts).toEqual(expect.arrayContaining([summary.text.attainment, new Intl.NumberFormat(summary.locale, { style: 'percent' }).format(1)]));
  const scale = Number(attribute(attainment!.attributes, 'data-scale'));
  const quotas = attainment!.bars.filter((b) => b.attributes.includes('data-bar="quota"'));
  expect(quotas).toHaveLength(withQuota.length);
  const full = quotas[0]!.width / Math.min(Number(withQuota[0]!.quotaAttainment), scale);
  for (const r of withQuota) {
    const cells = rowCells(html, r.kpiId);
    const g = new RegExp(`<g data-kpi="${r.kpiId}">(.*?)</g>`).exec(html)![1]!;
    const [quota, stretch] = charts(`<svg class="chart attainment" aria-label="x"><title>x</title>${g}</svg>`, 'attainment')[0]!.bars;
    expect(quota!.width / (Math.min(Number(r.quotaAttainment), scale) * full)).toBeCloseTo(1, 2);
    // (rowCells reads a narrow no-break space as a space)
    expect(quota!.tooltip?.replace(/\s+/g, ' ')).toBe(`${cells[0]}: ${cells[4]}`);
    expect(g.replace(/\s+/g, ' ')).toContain(`>${cells[4]}</text>`);
    if (r.stretchAttainment === null) expect(stretch).toBeUndefined();
    else {
      expect(stretch!.width / (Math.min(Number(r.stretchAttainment), scale) * full)).toBeCloseTo(1, 2);
      expect(stretch!.tooltip?.replace(/\s+/g, ' ')).toBe(`${cells[0]}: ${cells[6]}`);
    }
  }
}

describe('renderSummaryHtml', () => {
  it('renders a complete, self-contained zh-CN page: every section, figure and mark, nothing fetched', () => {
    const html = renderSummaryHtml(sampleSummary('zh-CN'));
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>月度经营分析 · Shanghai Pudong 4S (SH-01) · 2026年1月</title>');
    expect(html).toContain('@page { size: A4 landscape;');
    // No external stylesheet, script, font or image: it prints and mails as one file.
    expect(html).not.toMatch(/<link|<script|<img|url\(|src=|href=/);
    // No inline event handler either: the platform's CSP (script-src-attr 'none') would block it, on the page and in the dashboard's blob: tab.
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect([...html.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1])).toEqual(['整车销售', '售后服务', '配件', '客户服务', '近 12 个月趋势', '任务与目标达成率']);
    expect(rowCells(html, 'units_delivered')).toEqual([
      kpiLabel('units_delivered', 'zh-CN'),
      '',
      '42',
      '40',
      '105.0%',
      '45',
      '93.3%',
      '+10.5%',
      '-4.6%',
      '2 / 5',
    ]);
    expect(rowCells(html, 'revenue_new_vehicles').slice(0, 3)).toEqual([kpiLabel('revenue_new_vehicles', 'zh-CN'), 'CNY', '654.32万 关账数: 650.00万']);
    expect(rowCells(html, 'rework_rate')).toEqual([
      kpiLabel('rework_rate', 'zh-CN'),
      '%',
      '25.00 *',
      '5.00',
      '500.0%',
      '—',
      '—',
      '+5.0 个百分点',
      '—',
      '5 / 5',
    ]);
    expect(html).toMatch(/<td class="bad" data-column="quotaAttainment">500.0%<\/td>/);
    expect(html).toMatch(/<td class="good" data-column="quotaAttainment">105.0%<\/td>/);
    expect(html).toMatch(/<td class="warn" data-column="stretchAttainment">93.3%<\/td>/);
    expect(html).toContain('<dt>状态</dt><dd>已关账 2026年2月5日 10:00 中国标准时间</dd>');
    expect(html).toContain('<p>* 暂定</p>');
    expect(html).toContain('<p>† 非同口径</p>');
    // The as-of mark: the roll-up's own position, in Chinese.
    expect(html).toContain('<dt>数据截至</dt><dd>事件 #1042（2026年2月10日 16:29 中国标准时间） · 月度指标汇总 · 落后 3 个事件（2 秒）</dd>');
  });

  it('renders the es page with Spanish labels and number formats', () => {
    const html = renderSummaryHtml(sampleSummary('es'));
    expect(html).toContain('<html lang="es">');
    expect(rowCells(html, 'service_revenue')).toEqual([
      kpiLabel('service_revenue', 'es'),
      'CNY',
      '3.000,00',
      '2.800,00',
      '107,1 %',
      '—',
      '—',
      '+20,0 %',
      '+50,0 % †',
      '3 / 5',
    ]);
    expect(rowCells(html, 'complaint_resolution_days')).toEqual([
      kpiLabel('complaint_resolution_days', 'es'),
      'días',
      '2,5',
      '3,0',
      '83,3 %',
      '—',
      '—',
      '-28,6 %',
      '—',
      '—',
    ]);
    expect(html).toContain('<dt>Generado</dt><dd>10 feb 2026, 16:30 hora estándar de China</dd>');
    expect(html).toContain(
      '<dt>Datos hasta</dt><dd>evento n.º 1042 (10 feb 2026, 16:29 hora estándar de China) · resumen mensual de indicadores · 3 eventos de retraso (2 s)</dd>',
    );
  });

  it('states the as-of mark in English, up to date or with nothing projected yet', () => {
    const summary = sampleSummary('en');
    const current = { ...summary.asOf!, readModel: 'facts' as const, lag: { events: 0, seconds: 0 } };
    expect(renderSummaryHtml({ ...summary, asOf: current })).toContain(
      '<dt>Figures as of</dt><dd>event #1042 (Feb 10, 2026, 4:29 PM China Standard Time) · facts · up to date</dd>',
    );
    const empty = { ...current, position: null, recordedAt: null, lag: { events: 7, seconds: null } };
    expect(renderSummaryHtml({ ...summary, asOf: empty })).toContain('<dt>Figures as of</dt><dd>no data yet · facts</dd>');
  });

  it("shows the pack's times in the reader's time zone, named in the pack's language", () => {
    const html = renderSummaryHtml({ ...sampleSummary('es'), timeZone: 'Europe/Madrid' });
    expect(html).toContain('<dt>Generado</dt><dd>10 feb 2026, 9:30 hora estándar de Europa central</dd>');
    expect(renderSummaryHtml({ ...sampleSummary('zh-CN'), timeZone: 'UTC' })).toContain('<dt>生成时间</dt><dd>2026年2月10日 08:30 协调世界时</dd>');
  });

  it('escapes text from the data', () => {
    const summary = sampleSummary('en');
    const html = renderSummaryHtml({ ...summary, unit: { ...summary.unit, name: '<script>alert("x")</script> & Co' } });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(escapeHtml(`'"<>&`)).toBe('&#39;&quot;&lt;&gt;&amp;');
  });

  it('renders a region pack: per-currency subtotal rows, its branches ranked, the trend table', () => {
    const html = renderSummaryHtml(sampleRegionSummary('es'));
    expect([...html.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1])).toEqual([
      'Ventas de vehículos',
      'Posventa',
      'Recambios',
      'Atención al cliente',
      'Clasificación de concesionarios',
      'Evolución de los últimos 12 meses',
      'Cumplimiento del objetivo asignado y del retador',
    ]);
    expect(html).toContain(`${kpiLabel('revenue_new_vehicles', 'es')} (subtotal EUR)`);
    expect(html).toContain('<dt>Moneda</dt><dd>Moneda de cada concesionario (subtotales por moneda)</dd>');
    expect(html).toContain('<td class="text">2</td><td class="text">Madrid Centro (MAD-01)</td><td class="">12</td><td class="">EUR 120.000,00</td>');
  });
  it('draws the trend and attainment charts of a branch pack from its tables, as inline SVG images', () => {
    const summary = sampleSummary('zh-CN');
    const html = renderSummaryHtml(summary);
    expectChartsOfTheTables(html, summary);
    const trend = charts(html, 'trend');
    expect(trend.map((c) => c.label)).toEqual([`${kpiLabel('units_delivered', 'zh-CN')}`, `${kpiLabel('revenue_new_vehicles', 'zh-CN')} (CNY)`]);
    // The amounts in 万, as the table and the dashboard write them; a month without a figure has no bar.
    expect(trend[1]!.texts).toEqual(expect.arrayContaining(['654.32万', '25年2月', '26年1月']));
    expect(trend[1]!.bars).toHaveLength(11);
    // Within the dashboard's CSP: no script, no style element of its own, nothing fetched.
    for (const svg of html.match(/<svg[^>]*>/g)!) expect(svg).toMatch(/ role="img" aria-label="[^"]+"/);
    expect(html).not.toMatch(/<script|<link|<img|<image|<foreignObject|<use|href=|src=|url\(/);
    expect(html.match(/<style>/g)).toHaveLength(1);
  });

  it('draws a region pack in branch currency with a trend chart per currency, never a sum of two', () => {
    const summary = sampleRegionSummary('es');
    const html = renderSummaryHtml(summary);
    expectChartsOfTheTables(html, summary);
    const revenue = kpiLabel('revenue_new_vehicles', 'es');
    expect(charts(html, 'trend').map((c) => c.label)).toEqual([kpiLabel('units_delivered', 'es'), `${revenue} (subtotal CNY)`, `${revenue} (subtotal EUR)`]);
    const [, cny, eur] = charts(html, 'trend');
    expect(cny!.texts).toContain('6.543.210,50');
    expect(eur!.texts).toContain('100.000,00');
    expect(eur!.bars.map((b) => attribute(` ${b.attributes}`, 'data-value'))).toEqual(Array(11).fill('100000.00'));
    // The EUR subtotal has no quota: it is not in the attainment chart; the CNY subtotal is.
    const [attainment] = charts(html, 'attainment');
    expect(attainment!.label).toBe('Cumplimiento del objetivo asignado y del retador');
    expect(attainment!.texts).toEqual(expect.arrayContaining(['Cumplimiento retador', '100\u00a0%', `${revenue} (subtotal CNY)`]));
    expect(attainment!.texts).not.toContain(`${revenue} (subtotal EUR)`);
  });

  it('draws the group pack in group currency, with English titles, legends and axes', () => {
    const summary = sampleGroupSummary('en');
    const html = renderSummaryHtml(summary);
    expectChartsOfTheTables(html, summary);
    expect([...html.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1]).slice(-3)).toEqual(['Regions ranked', '12-month trend', 'Attainment of quota and stretch']);
    expect(charts(html, 'trend').map((c) => c.label)).toEqual([`${kpiLabel('units_delivered', 'en')}`, `${kpiLabel('revenue_new_vehicles', 'en')} (CNY)`]);
    expect(charts(html, 'trend')[0]!.texts).toEqual(expect.arrayContaining(['Feb 25', 'Jan 26', '42']));
    expect(charts(html, 'attainment')[0]!.texts).toEqual(expect.arrayContaining(['Attainment', 'Stretch attainment', '100%']));
  });
});
