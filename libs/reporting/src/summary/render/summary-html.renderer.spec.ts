import { kpiLabel } from '@app/kpi';
import { escapeHtml, renderSummaryHtml } from './summary-html.renderer';
import { sampleRegionSummary, sampleSummary } from './testing/monthly-summary.fixture';

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

describe('renderSummaryHtml', () => {
  it('renders a complete, self-contained zh-CN page: every section, figure and mark, nothing fetched', () => {
    const html = renderSummaryHtml(sampleSummary('zh-CN'));
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>月度经营分析 · Shanghai Pudong 4S (SH-01) · 2026年1月</title>');
    expect(html).toContain('@page { size: A4 landscape;');
    // No external stylesheet, script, font or image: it prints and mails as one file.
    expect(html).not.toMatch(/<link|<script|<img|url\(|src=|href=/);
    expect([...html.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1])).toEqual(['整车销售', '售后服务', '配件', '客户服务', '近 12 个月趋势']);
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
    ]);
    expect(html).toContain(`${kpiLabel('revenue_new_vehicles', 'es')} (subtotal EUR)`);
    expect(html).toContain('<dt>Moneda</dt><dd>Moneda de cada concesionario (subtotales por moneda)</dd>');
    expect(html).toContain('<td class="text">2</td><td class="text">Madrid Centro (MAD-01)</td><td class="">12</td><td class="">EUR 120.000,00</td>');
  });
});
