import type { DisplayAttainment, DisplayPack, DisplayTrendSeries, Tone } from './summary-display';

/**
 * The geometry of the pack's two charts, in one place for the PDF (pdfkit, in points) and the HTML
 * page (inline SVG, in user units of the same size): the trend panels (one KPI's bars month by month
 * from zero, a panel per currency of a per-currency subtotal, never a sum of two) and the attainment
 * chart (quota attainment as a bar in its tone, stretch attainment as a thinner bar under it,
 * against a 100 % line). The renderers only paint the rectangles, lines and labels laid out here;
 * every label is the display model's own text, the very one the tables print.
 */

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A line of text set in a box from `x` to `x + width`, its top at `y`. */
export interface ChartLabel {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly align: 'left' | 'center' | 'right';
  readonly size: number;
  readonly bold: boolean;
  readonly colour: string;
}

export interface ChartLine {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly colour: string;
  readonly width: number;
  readonly dashed: boolean;
}

export interface ChartBar extends Rect {
  readonly colour: string;
}

export const CHART_COLOURS = {
  brand: '#1d4e89',
  text: '#1f2933',
  muted: '#616e7c',
  rule: '#e4e7eb',
  /** The trend's earlier months; the last month is in the brand colour. */
  bar: '#8aa6c8',
  stretch: '#9aa5b1',
} as const;

export const TONE_COLOURS: Record<NonNullable<Tone>, string> = { good: '#1e7d32', warn: '#b26a00', bad: '#c62828' };

/** Type sizes of the charts (the PDF's note size is 7 pt). */
const TITLE_SIZE = 7.5;
const SMALL_SIZE = 6.5;
const ROW_LABEL_SIZE = 8;
const STRETCH_SIZE = 7;
/** The box of a bar's figure over it. */
const FIGURE_WIDTH = 80;

/** The trend's panels: three a row, `gap` apart, each `height` high. */
export const TREND_PANELS = { perRow: 3, gap: 12, height: 96 } as const;

export function trendPanelWidth(width: number): number {
  return (width - TREND_PANELS.gap * (TREND_PANELS.perRow - 1)) / TREND_PANELS.perRow;
}

export interface TrendPanel {
  readonly title: ChartLabel;
  readonly frame: Rect;
  /** One bar per month with a figure, by month index. */
  readonly bars: readonly (ChartBar & { readonly month: number })[];
  /** The highest and the last month's figures, as the table prints them. */
  readonly figures: readonly ChartLabel[];
  /** The zero line. */
  readonly axis: ChartLine;
  /** The first and the last month, under the bars. */
  readonly months: readonly ChartLabel[];
}

/** One series' panel in the box at (x, y): its bars on a scale from zero to its highest (or lowest) figure. */
export function trendPanel(
  series: DisplayTrendSeries,
  months: readonly string[],
  x: number,
  y: number,
  width: number,
  height = TREND_PANELS.height,
): TrendPanel {
  const top = y + 22;
  const baseline = y + height - 12;
  const numbers = series.values.map((v) => (v === null ? null : Number(v)));
  const present = numbers.filter((n): n is number => n !== null);
  const max = Math.max(0, ...present);
  const min = Math.min(0, ...present);
  const span = max - min || 1;
  const level = (n: number) => top + ((max - n) / span) * (baseline - top);
  const zero = level(0);
  const slot = width / numbers.length;
  const highest = present.length === 0 ? -1 : numbers.indexOf(max === 0 && present.every((n) => n <= 0) ? Math.min(...present) : max);
  const bars: (ChartBar & { month: number })[] = [];
  const figures: ChartLabel[] = [];
  numbers.forEach((n, i) => {
    if (n === null) return;
    const value = level(n);
    const last = i === numbers.length - 1;
    bars.push({
      month: i,
      x: x + i * slot + slot * 0.18,
      y: Math.min(value, zero),
      width: slot * 0.64,
      height: Math.max(Math.abs(zero - value), 0.5),
      colour: last ? CHART_COLOURS.brand : CHART_COLOURS.bar,
    });
    if (i === highest || last) {
      // Centred over its bar, or flush with the panel's edge rather than past it.
      const centre = x + i * slot + slot / 2;
      const align = centre - FIGURE_WIDTH / 2 < x ? 'left' : centre + FIGURE_WIDTH / 2 > x + width ? 'right' : 'center';
      figures.push({
        text: series.texts[i]!,
        x: align === 'left' ? x : align === 'right' ? x + width - FIGURE_WIDTH : centre - FIGURE_WIDTH / 2,
        y: Math.min(value, zero) - 9,
        width: FIGURE_WIDTH,
        align,
        size: SMALL_SIZE,
        bold: last,
        colour: CHART_COLOURS.text,
      });
    }
  });
  const month = (text: string, left: number, align: 'left' | 'right'): ChartLabel => ({
    text,
    x: left,
    y: baseline + 3,
    width: width / 2,
    align,
    size: SMALL_SIZE,
    bold: false,
    colour: CHART_COLOURS.muted,
  });
  return {
    title: { text: series.label, x, y, width, align: 'left', size: TITLE_SIZE, bold: true, colour: CHART_COLOURS.text },
    frame: { x, y: top - 2, width, height: baseline - top + 4 },
    bars,
    figures,
    axis: { x1: x, y1: zero, x2: x + width, y2: zero, colour: CHART_COLOURS.muted, width: 0.7, dashed: false },
    months: months.length === 0 ? [] : [month(months[0]!, x, 'left'), month(months[months.length - 1]!, x + width / 2, 'right')],
  };
}

/** The attainment chart: the row labels, the bars, then the figures, across `width`. */
export const ATTAINMENT_CHART = { labelWidth: 220, valueWidth: 64, legendHeight: 14, pad: 4 } as const;

export interface AttainmentRow {
  readonly height: number;
  readonly label: ChartLabel;
  readonly quota: ChartBar;
  readonly quotaFigure: ChartLabel;
  readonly stretch: ChartBar | null;
  readonly stretchFigure: ChartLabel | null;
  /** The 100 % line through the row. */
  readonly target: ChartLine;
}

export interface AttainmentChart {
  /** The highest attainment on the scale (at least 120 %, at most 200 %: longer bars stop at the edge). */
  readonly scale: number;
  /** The x of an attainment (0–100 scale). */
  at(value: number): number;
  /** The legend at `y`: a swatch and the name of each bar, and the 100 % mark. */
  legend(y: number): { readonly swatches: readonly ChartBar[]; readonly labels: readonly ChartLabel[] };
  /** The chart's row of `r` with its top at `y`. */
  row(r: DisplayAttainment, y: number): AttainmentRow;
}

export function attainmentChart(pack: DisplayPack, left: number, width: number): AttainmentChart {
  const { labelWidth, valueWidth, pad } = ATTAINMENT_CHART;
  const chartX = left + labelWidth;
  const chartWidth = width - labelWidth - valueWidth;
  const end = chartX + chartWidth;
  const scale = Math.min(200, Math.max(120, ...pack.attainment.flatMap((r) => [Number(r.quota), r.stretch === null ? 0 : Number(r.stretch)])));
  const at = (value: number) => chartX + (Math.max(0, Math.min(value, scale)) / scale) * chartWidth;
  const text = (t: string, x: number, y: number, w: number, align: ChartLabel['align'], size: number, bold: boolean, colour: string): ChartLabel => ({
    text: t,
    x,
    y,
    width: w,
    align,
    size,
    bold,
    colour,
  });
  return {
    scale,
    at,
    legend: (y) => ({
      swatches: [
        { x: chartX, y: y + 4, width: 10, height: 6, colour: CHART_COLOURS.brand },
        { x: chartX + 170, y: y + 5, width: 10, height: 3, colour: CHART_COLOURS.stretch },
      ],
      labels: [
        text(pack.text.attainment, chartX + 14, y + 2, 150, 'left', STRETCH_SIZE, false, CHART_COLOURS.muted),
        text(pack.labels.stretchAttainment, chartX + 184, y + 2, 150, 'left', STRETCH_SIZE, false, CHART_COLOURS.muted),
        text(new Intl.NumberFormat(pack.locale, { style: 'percent' }).format(1), at(100) - 20, y + 2, 40, 'center', STRETCH_SIZE, false, CHART_COLOURS.muted),
      ],
    }),
    row: (r, y) => {
      const height = r.stretch === null ? 16 : 24;
      const tone = r.quotaTone ? TONE_COLOURS[r.quotaTone] : null;
      const stretch = r.stretch !== null && r.stretchText !== null;
      return {
        height,
        label: text(r.label, left + pad, y + 3, chartX - left - 2 * pad, 'left', ROW_LABEL_SIZE, false, CHART_COLOURS.text),
        quota: { x: chartX, y: y + 3, width: Math.max(at(Number(r.quota)) - chartX, 0.5), height: 9, colour: tone ?? CHART_COLOURS.brand },
        quotaFigure: text(r.quotaText, end + 4, y + 3, valueWidth - 4, 'right', ROW_LABEL_SIZE, true, tone ?? CHART_COLOURS.text),
        stretch: stretch ? { x: chartX, y: y + 14, width: Math.max(at(Number(r.stretch)) - chartX, 0.5), height: 4, colour: CHART_COLOURS.stretch } : null,
        stretchFigure: stretch ? text(r.stretchText, end + 4, y + 13, valueWidth - 4, 'right', STRETCH_SIZE, false, CHART_COLOURS.muted) : null,
        target: { x1: at(100), y1: y, x2: at(100), y2: y + height, colour: CHART_COLOURS.muted, width: 0.7, dashed: true },
      };
    },
  };
}
