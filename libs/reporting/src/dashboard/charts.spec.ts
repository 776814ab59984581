// The charts' shared pieces (libs/reporting/web/assets/charts.js): the axis tooltip the dashboard's
// trend and the explorer write with it.
import { axisTooltip } from '../../web/assets/charts.js';

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
