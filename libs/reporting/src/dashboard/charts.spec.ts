// The charts' shared pieces (libs/reporting/web/assets/charts.js): the axis tooltip the dashboard's
// trend and the explorer write with it, the month axis' labels and the one value label of a series.
import { axisTooltip, lastFigureLabel, monthAxis, monthTick } from '../../web/assets/charts.js';

type Params = Parameters<typeof axisTooltip>[0];
const item = (seriesName: string, value: unknown, extra: Record<string, unknown> = {}) => ({
  seriesName,
  value,
  marker: `<m:${seriesName}>`,
  axisValueLabel: 'March 2026',
  dataIndex: 2,
  seriesIndex: 0,
  ...extra,
});

describe('axisTooltip', () => {
  it('writes the period, then a line per series with its marker, name and figure text, then the notes', () => {
    const params = [item('Actual', 12.5), item('Quota', null)] as unknown as Params;
    const text = axisTooltip(
      params,
      (_, figure) => `${figure ?? '—'} units`,
      (items) => [`* ${items.length} series`],
    );
    expect(text).toBe('March 2026<br><m:Actual>Actual: 12.5 units<br><m:Quota>Quota: — units<br>* 2 series');
  });

  it('takes the single item of an item tooltip, and no notes unless asked', () => {
    expect(axisTooltip(item('Actual', '7') as unknown as Params, (i, figure) => `${i.dataIndex}:${figure}`)).toBe('March 2026<br><m:Actual>Actual: 2:7');
  });
});

describe('the month axis', () => {
  const months = ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03'];
  const ticks = (locale: 'zh-CN' | 'es' | 'en') => months.map((_, i) => monthTick(months, i, locale));

  it('gives the year on the first month, where it changes and on the last month, in the locale', () => {
    expect(ticks('en')).toEqual(['Nov 2025', 'Dec', 'Jan 2026', 'Feb', 'Mar 2026']);
    expect(ticks('zh-CN')).toEqual(['2025年11月', '12月', '2026年1月', '2月', '2026年3月']);
    expect(ticks('es')).toEqual(['nov 2025', 'dic', 'ene 2026', 'feb', 'mar 2026']);
    // One year: the first and the last month carry it.
    expect(['2026-01', '2026-02', '2026-03'].map((_, i, all) => monthTick(all, i, 'en'))).toEqual(['Jan 2026', 'Feb', 'Mar 2026']);
    // A December first: the January after it says the year (two wide labels side by side would hide one).
    expect(['2024-12', '2025-01', '2025-02', '2025-03'].map((_, i, all) => monthTick(all, i, 'en'))).toEqual(['Dec', 'Jan 2025', 'Feb', 'Mar 2025']);
    expect(monthTick(['2026-05'], 0, 'es')).toBe('may 2026');
    expect(monthTick(months, 9, 'en')).toBe('');
  });

  it('keeps its categories (the tooltip title) and labels every month, the first and last always', () => {
    const axis = monthAxis(months, ['a', 'b', 'c', 'd', 'e'], 'en') as {
      data: string[];
      axisLabel: { interval: number; showMinLabel: boolean; showMaxLabel: boolean; hideOverlap: boolean; formatter: (value: string, index: number) => string };
    };
    expect(axis.data).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(axis.axisLabel).toMatchObject({ interval: 0, showMinLabel: true, showMaxLabel: true, hideOverlap: true });
    expect(axis.axisLabel.formatter('e', 4)).toBe('Mar 2026');
  });
});

describe('lastFigureLabel', () => {
  it('labels only the last point with a figure, even when the peak is just before it', () => {
    const { label, labelLayout } = lastFigureLabel([3, 9, 4, null], (i) => `#${i}`) as unknown as {
      label: { show: boolean; formatter: (p: { dataIndex: number }) => string };
      labelLayout: { hideOverlap: boolean };
    };
    expect(label.show).toBe(true);
    expect([0, 1, 2, 3].map((dataIndex) => label.formatter({ dataIndex }))).toEqual(['', '', '#2', '']);
    expect(labelLayout.hideOverlap).toBe(true);
    expect((lastFigureLabel([null, null], () => 'x').label as { show: boolean }).show).toBe(false);
  });
});
