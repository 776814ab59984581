// What the charts' axis tooltips read from Apache ECharts (window.echarts, typed by its npm package):
// the items of the hovered period, their marker and their figure; and the tooltip every chart
// writes with them.

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
