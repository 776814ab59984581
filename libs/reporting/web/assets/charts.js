// What the charts share, on Apache ECharts (window.echarts, typed by its npm package): the axis
// tooltip (the items of the hovered period, their marker and their figure), the month axis (the year
// where it changes and on the last month) and the one value label of a series (its last figure).
import { formatMonth } from './format.js';

/** @typedef {import('./format.js').Locale} Locale */

/**
 * One item of an axis tooltip: a series at the hovered period, with the axis' label.
 * @typedef {import('echarts').DefaultLabelFormatterCallbackParams & { axisValueLabel?: string }} AxisItem
 */

/**
 * The items of an axis tooltip (`trigger: 'axis'` hands a list; an item tooltip one item).
 * @param {import('echarts').TooltipComponentFormatterCallbackParams} params
 * @returns {AxisItem[]}
 */
export function axisItems(params) {
  return Array.isArray(params) ? params : [params];
}

/**
 * The item's marker (its series' coloured dot, HTML), '' when ECharts gives none as text.
 * @param {AxisItem} item
 */
export function markerOf(item) {
  return typeof item.marker === 'string' ? item.marker : '';
}

/**
 * The item's figure as text (what formatFigure takes), null when the period has none.
 * @param {AxisItem} item
 * @returns {string | null}
 */
export function itemFigure(item) {
  const value = item.value;
  return typeof value === 'number' || typeof value === 'string' ? String(value) : null;
}

/**
 * An axis tooltip (HTML): the hovered period's label, then a line per item (its marker, its
 * series' name and `figureText` of it), then the lines `notes` adds.
 * @param {import('echarts').TooltipComponentFormatterCallbackParams} params
 * @param {(item: AxisItem, figure: string | null) => string} figureText the item's figure as shown
 *   (with its unit), from `figure`: itemFigure(item), null when the period has none
 * @param {(items: AxisItem[]) => string[]} [notes] lines after the items (e.g. a provisional month's note)
 * @returns {string}
 */
export function axisTooltip(params, figureText, notes = () => []) {
  const items = axisItems(params);
  return [items[0]?.axisValueLabel ?? '', ...items.map((i) => `${markerOf(i)}${i.seriesName}: ${figureText(i, itemFigure(i))}`), ...notes(items)].join('<br>');
}

/**
 * A month's label on a chart's month axis: short, with the year on the first month (unless the
 * second starts a year), where the year changes and on the last month (`Nov 2025 · Dec · Jan 2026 · … · Mar 2026`; `2025年11月 · 12月 ·
 * 2026年1月`), in the locale's words (format.js).
 * @param {readonly string[]} periods the axis' months, `YYYY-MM`, in order
 * @param {number} index
 * @param {Locale} locale
 * @returns {string}
 */
export function monthTick(periods, index, locale) {
  const period = periods[index];
  if (period === undefined) return '';
  const year = (/** @type {number} */ i) => periods[i]?.slice(0, 4);
  // The first month's year is said by the second when the year changes there (`Dec · Jan 2026`):
  // two wide labels side by side would hide one of them.
  const withYear = index === periods.length - 1 || (index === 0 ? periods.length < 2 || year(1) === year(0) : year(index - 1) !== year(index));
  return formatMonth(period, locale, 'short', withYear);
}

/**
 * The category axis of a chart of months: its categories `labels` (each month with its year: what
 * the tooltip's title says), its ticks monthTick's; every month labelled, the first and the last
 * always, a label that would overlap another hidden.
 * @param {readonly string[]} periods `YYYY-MM`, in order
 * @param {string[]} labels the categories, one per period
 * @param {Locale} locale
 * @returns {import('echarts').XAXisComponentOption}
 */
export function monthAxis(periods, labels, locale) {
  return {
    type: 'category',
    data: labels,
    axisLabel: {
      interval: 0,
      showMinLabel: true,
      showMaxLabel: true,
      hideOverlap: true,
      formatter: (/** @type {string} */ _, /** @type {number} */ index) => monthTick(periods, index, locale),
    },
  };
}

/**
 * The value labels of a series: only its last point with a figure says its figure (`text`), so
 * figures never crowd (a peak just before the last month gets none; hideOverlap keeps the one
 * label clear of the other series' labels).
 * @param {readonly (number | null)[]} values the series' values, by index
 * @param {(index: number) => string} text the figure of the point at `index`, as shown
 * @returns {{ label: import('echarts').LineSeriesOption['label'], labelLayout: { hideOverlap: boolean } }}
 */
export function lastFigureLabel(values, text) {
  const last = values.findLastIndex((v) => v !== null);
  return {
    label: {
      show: last >= 0,
      position: 'top',
      formatter: (/** @type {{ dataIndex: number }} */ p) => (p.dataIndex === last ? text(last) : ''),
    },
    labelLayout: { hideOverlap: true },
  };
}
