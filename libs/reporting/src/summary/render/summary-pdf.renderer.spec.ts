import { kpiLabel } from '@app/kpi';
import { renderSummaryPdf, rowsOnPage } from './summary-pdf.renderer';
import { sampleRegionSummary, sampleSummary } from './testing/monthly-summary.fixture';
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

describe('renderSummaryPdf: region and group packs, charts', () => {
  it('prints a region pack in branch currency: per-currency subtotals, its branches ranked, the trend and attainment charts from the tables', async () => {
    const summary = sampleRegionSummary('zh-CN');
    const { pages, info } = await pdfText(await renderSummaryPdf(summary));
    const text = pages.join('\n');
    const lines = text.split('\n');
    expect(info).toMatchObject({ Title: '月度经营分析 · East China (EAST) · 2026年1月' });
    const revenue = kpiLabel('revenue_new_vehicles', 'zh-CN');
    expect(lines).toEqual(
      expect.arrayContaining([
        '区域 East China (EAST)',
        '币种 各门店本币（按币种小计）',
        '指标 单位 实际 任务 任务达成率 目标 目标达成率 环比 同比 大区排名',
        // One line per currency, none of them the total, no rank.
        expect.stringMatching(new RegExp(`^${revenue} \\(CNY 小计\\) CNY 654\\.32万`)),
        `${revenue} (EUR 小计) EUR 12.00万 — — — — — — —`,
        `${kpiLabel('units_delivered', 'zh-CN')} 42 40 105.0% 45 93.3% +10.5% -4.6% 2 / 3`,
        // The ranking, best first, a branch of another currency with its own.
        '门店排名',
        `按${kpiLabel('units_delivered', 'zh-CN')}排名`,
        `名次 门店 ${kpiLabel('units_delivered', 'zh-CN')} ${revenue}`,
        '1 Shanghai Pudong 4S (SH-01) 42 CNY 654.32万',
        '2 Madrid Centro (MAD-01) 12 EUR 12.00万',
        '3 Shanghai Minhang (SH-02) 0 —',
        // The trend: charts labelled with the table's figures, then the table.
        '近 12 个月趋势',
        '指标 25年2月 3月 4月 5月 6月 7月 8月 9月 10月 11月 12月 26年1月',
        `${kpiLabel('units_delivered', 'zh-CN')} 30 31 35 33 36 38 40 37 39 41 38 42`,
        `${revenue} (CNY 小计) 420.00万 430.00万 510.00万 480.00万 520.00万 550.00万 — 540.00万 570.00万 600.00万 590.00万 654.32万`,
        `${revenue} (EUR 小计) 10.00万 10.00万 10.00万 10.00万 10.00万 10.00万 — 10.00万 10.00万 10.00万 10.00万 10.00万`,
        // The attainment chart: the quota and stretch attainment the table prints.
        '任务与目标达成率',
      ]),
    );
    const trendPage = pages.find((p) => p.includes('近 12 个月趋势'))!;
    // Each chart's panel title and its highest and last bars' labels.
    expect(trendPage).toContain(`${revenue} (CNY 小计)`);
    expect(trendPage).toContain('654.32万\n25年2月 26年1月');
    const attainmentPage = pages.find((p) => p.includes('任务与目标达成率'))!;
    expect(attainmentPage).toContain(kpiLabel('units_delivered', 'zh-CN'));
    expect(attainmentPage).toContain(`${kpiLabel('units_delivered', 'zh-CN')} 105.0%\n93.3%`);
    expect(attainmentPage).toContain(`${revenue} (CNY 小计) 109.1%\n93.5%`);
    expect(attainmentPage).not.toContain('(EUR 小计)');
    expect(pages.length).toBeGreaterThanOrEqual(2);
    pages.forEach((page, i) => expect(page).toContain(`第 ${i + 1} 页，共 ${pages.length} 页`));
  });

  it('prints the group pack without a rank column, its regions ranked', async () => {
    const region = sampleRegionSummary('en');
    const group = {
      ...region,
      unit: { level: 'group' as const, id: 'group', name: 'Group', currency: 'CNY', regionId: '', regionName: '' },
      currency: 'group' as const,
      ranking: { ...region.ranking!, level: 'region' as const, title: 'Regions ranked' },
    };
    const { pages } = await pdfText(await renderSummaryPdf(group));
    const lines = pages.join('\n').split('\n');
    // No rank: the units delivered line ends with its YoY.
    expect(lines).toEqual(expect.arrayContaining(['Group Group', 'Currency CNY', 'Units delivered 42 40 105.0% 45 93.3% +10.5% -4.6%', 'Regions ranked']));
    expect(lines.some((l) => /Rank (in|among)/.test(l))).toBe(false);
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

  it.each([[[22]], [[24]], [[26]], [[28]], [[30]], [[32]]])(
    'a region pack after sections of %j rows: the ranking, trend and attainment bands never leave their title alone at a page foot',
    async (counts) => {
      const region = sampleRegionSummary('en');
      const { pages } = await pdfText(await renderSummaryPdf({ ...packOf(counts), unit: region.unit, ranking: region.ranking, trend: region.trend }));
      const bands: [string, RegExp][] = [
        ['Branches ranked', /^\d (Shanghai|Madrid)/],
        ['12-month trend', /^KPI Feb 25|^Units delivered/],
        ['Attainment of quota and stretch', /^B1R\d+/],
      ];
      for (const [title, row] of bands) {
        const page = pages.find((p) => p.split('\n').includes(title));
        expect(page).toBeDefined();
        // The page with the title has a row of the band under it.
        const after = page!.split('\n').slice(page!.split('\n').indexOf(title) + 1);
        expect(after.some((l) => row.test(l))).toBe(true);
      }
    },
  );

  it('rowsOnPage keeps two rows together on either side of a break', () => {
    expect(rowsOnPage([10, 10, 10], 100)).toBe(3);
    expect(rowsOnPage([10, 10, 10, 10, 10], 45)).toBe(3); // 4 fit; one left alone would follow: 3 + 2
    expect(rowsOnPage([10, 10, 10, 10, 10, 10], 45)).toBe(4);
    expect(rowsOnPage([200], 100)).toBe(1);
  });
});
