import { kpiLabel } from '@app/kpi';
import { renderSummaryPdf, rowsOnPage } from './summary-pdf.renderer';
import { sampleSummary } from './testing/monthly-summary.fixture';
import { pdfText } from './testing/pdf-text';

describe('renderSummaryPdf', () => {
  it('prints the zh-CN pack in Chinese, parsed back with its figures, marks and page numbers', async () => {
    const pdf = await renderSummaryPdf(sampleSummary('zh-CN'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The CJK font is embedded as a subset (CFF glyphs), not left to the reader's machine.
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Regular/);
    expect(pdf.toString('latin1')).toContain('/FontFile3');

    const { pages, info } = await pdfText(pdf);
    const lines = pages.join('\n').split('\n');
    expect(info).toMatchObject({ Title: '月度经营分析 · Shanghai Pudong 4S (SH-01) · 2026年1月', Language: 'zh-CN' });
    expect(lines).toEqual(
      expect.arrayContaining([
        '月度经营分析',
        '状态 已关账 2026年2月5日 10:00 中国标准时间',
        '整车销售',
        '售后服务',
        '配件',
        '客户服务',
        '指标 单位 实际 任务 任务达成率 目标 目标达成率 环比 同比 区域排名',
        `${kpiLabel('units_delivered', 'zh-CN')} 42 40 105.0% 45 93.3% +10.5% -4.6% 2 / 5`,
        // The restated figure, with the "as closed" one under it; amounts in 万 as the dashboard shows them.
        `${kpiLabel('revenue_new_vehicles', 'zh-CN')} CNY 654.32万`,
        '关账数: 650.00万',
        '600.00万 109.1% 700.00万 93.5% +10.9% +7.3% 1 / 5',
        // A percentage compares in points; the rework rate is provisional (*) until its comeback window ends.
        `${kpiLabel('vehicle_gross_margin', 'zh-CN')} % 6.25 7.00 89.3% — — -0.5 个百分点 — 4 / 5`,
        `${kpiLabel('rework_rate', 'zh-CN')} % 25.00 * 5.00 500.0% — — +5.0 个百分点 — 5 / 5`,
        `${kpiLabel('service_revenue', 'zh-CN')} CNY 3,000.00 2,800.00 107.1% — — +20.0% +50.0% † 3 / 5`,
        `${kpiLabel('per_vehicle_yield', 'zh-CN')} CNY/台 1,000.00 800.00 125.0% — — — — 1 / 5`,
        `${kpiLabel('csi_service', 'zh-CN')} 分 81.67 * 85.00 96.1% — — +2.1% — 2 / 5`,
        `${kpiLabel('csi_sales', 'zh-CN')} 分 — — — — — — — —`,
        '* 暂定',
        '† 非同口径',
      ]),
    );
    pages.forEach((page, i) => expect(page).toContain(`第 ${i + 1} 页，共 ${pages.length} 页`));
  });

  it('prints the es pack with Spanish labels and number formats', async () => {
    const { pages } = await pdfText(await renderSummaryPdf(sampleSummary('es')));
    const lines = pages.join('\n').split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'Resumen mensual de gestión',
        'Ventas de vehículos',
        'Posventa',
        'Atención al cliente',
        `${kpiLabel('units_delivered', 'es')} 42 40 105,0 % 45 93,3 % +10,5 % -4,6 % 2 / 5`,
        `${kpiLabel('revenue_new_vehicles', 'es')} CNY 6.543.210,50`,
        'Al cierre: 6.500.000,00',
        `${kpiLabel('service_revenue', 'es')} CNY 3.000,00 2.800,00 107,1 % — — +20,0 % +50,0 % † 3 / 5`,
        `${kpiLabel('rework_rate', 'es')} % 25,00 * 5,00 500,0 % — — +5,0 p. p. — 5 / 5`,
        `${kpiLabel('complaint_resolution_days', 'es')} días 2,5 3,0 83,3 % — — -28,6 % — —`,
        '* Provisional',
        '† No comparable',
      ]),
    );
    expect(pages.join('\n').replace(/\s+/g, ' ')).toContain('Cerrado el 5 feb 2026, 10:00 hora estándar de China');
    expect(pages.join('\n')).toContain('Datos hasta');
    expect(pages.join('\n').replace(/\s+/g, ' ')).toContain('evento n.º 1042');
    expect(pages[0]).toContain(`Página 1 de ${pages.length}`);
  });
});

describe('renderSummaryPdf page breaks', () => {
  /** A pack whose sections have these numbers of rows, labelled `B<section>R<row>`. */
  function packOf(counts: readonly number[]) {
    const sample = sampleSummary('en');
    const template = sample.sections[0]!.rows[0]!;
    return {
      ...sample,
      sections: counts.map((count, s) => ({
        id: sample.sections[s % sample.sections.length]!.id,
        title: `Band ${s + 1}`,
        rows: Array.from({ length: count }, (_, r) => ({ ...template, kpiId: `k${s}_${r}`, label: `B${s + 1}R${String(r + 1).padStart(2, '0')}` })),
      })),
    };
  }

  /** Rows of each section on each page: `page → section → rows`, and the sections titled on a page without a row. */
  function layout(pages: readonly string[]) {
    return pages.map((page) => {
      const rows = new Map<number, number>();
      const titled = new Set<number>();
      let current = 0;
      for (const line of page.split('\n')) {
        const title = /^Band (\d+)( \(…\))?$/.exec(line.trim());
        if (title) {
          current = Number(title[1]);
          titled.add(current);
          continue;
        }
        const row = /^B(\d+)R\d+ /.exec(line);
        if (row && Number(row[1]) === current) rows.set(current, (rows.get(current) ?? 0) + 1);
      }
      return { rows, lone: [...titled].filter((s) => !rows.has(s)) };
    });
  }

  it.each([[[12, 9]], [[20, 3]], [[25, 4, 2]], [[30, 14]], [[4, 27, 2]], [[18, 16, 1, 5]]])(
    'sections of %j rows: no band with one row at a page break, no lone title, every row printed',
    async (counts) => {
      const { pages } = await pdfText(await renderSummaryPdf(packOf(counts)));
      expect(pages.length).toBeGreaterThan(1);
      const pageLayout = layout(pages);
      counts.forEach((count, s) => {
        const perPage = pageLayout.map((p) => p.rows.get(s + 1) ?? 0).filter((n) => n > 0);
        expect(perPage.reduce((a, b) => a + b, 0)).toBe(count);
        // A section split over pages has at least two rows on each side of every break.
        if (perPage.length > 1) expect(Math.min(...perPage)).toBeGreaterThanOrEqual(2);
      });
      expect(pageLayout.flatMap((p) => p.lone)).toEqual([]);
    },
  );

  it('rowsOnPage keeps two rows together on either side of a break', () => {
    expect(rowsOnPage([10, 10, 10], 100)).toBe(3);
    expect(rowsOnPage([10, 10, 10, 10, 10], 45)).toBe(3); // 4 fit; one left alone would follow: 3 + 2
    expect(rowsOnPage([10, 10, 10, 10, 10, 10], 45)).toBe(4);
    expect(rowsOnPage([200], 100)).toBe(1);
  });
});
