import type { MonthlySummary } from '../monthly-summary.types';
import { cellText, cellTone, ColumnId, DisplayPack, DisplayRow, displayPack, NO_FIGURE, PROVISIONAL_MARK } from './summary-display';
import {
  ATTAINMENT_CHART,
  attainmentChart,
  ChartBar,
  ChartLabel,
  ChartLine,
  CHART_COLOURS,
  Rect,
  TREND_PANELS,
  trendPanel,
  trendPanelWidth,
} from './summary-charts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Inline styles only: the page must print and be mailed as one file, with nothing fetched. */
const STYLE = `
  @page { size: A4 landscape; margin: 12mm; }
  * { box-sizing: border-box; }
  body { margin: 0; padding: 24px; color: #1f2933; background: #fff;
    font: 13px/1.45 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif; }
  header { display: flex; justify-content: space-between; align-items: flex-start; border-bottom: 3px solid #1d4e89; padding-bottom: 10px; margin-bottom: 14px; }
  h1 { font-size: 22px; margin: 0 0 2px; color: #1d4e89; }
  .subtitle { font-size: 15px; color: #3e4c59; }
  dl { display: grid; grid-template-columns: auto auto; gap: 2px 12px; margin: 0; font-size: 12px; }
  dt { color: #616e7c; } dd { margin: 0; font-weight: 600; }
  section { margin-bottom: 16px; break-inside: avoid-page; }
  h2 { font-size: 15px; margin: 0; padding: 5px 8px; background: #1d4e89; color: #fff; }
  table { width: 100%; border-collapse: collapse; table-layout: fixed; font-variant-numeric: tabular-nums; }
  th { font-size: 11px; font-weight: 600; color: #3e4c59; background: #e4e7eb; padding: 4px 6px; text-align: right; vertical-align: bottom; }
  th.text, td.text { text-align: left; }
  td { padding: 4px 6px; border-bottom: 1px solid #e4e7eb; text-align: right; white-space: normal; word-break: keep-all; overflow-wrap: normal; }
  td.text { word-break: normal; overflow-wrap: anywhere; }
  @media screen { main { overflow-x: auto; } table { min-width: 960px; } }
  tbody tr:nth-child(even) td { background: #f5f7fa; }
  td.value { font-weight: 600; }
  .as-closed { display: block; font-size: 10px; font-weight: normal; color: #616e7c; }
  .mark { color: #b44d12; font-weight: 700; }
  .good { color: #1e7d32; } .warn { color: #b26a00; } .bad { color: #c62828; }
  td.good, td.warn, td.bad { font-weight: 600; }
  .none { color: #9aa5b1; }
  .note { margin: 2px 0; font-size: 11px; color: #616e7c; }
  .charts { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 0 12px; margin: 6px 0 8px; }
  svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
  svg.attainment { margin-top: 6px; }
  @media screen { .charts, svg.attainment { min-width: 960px; } }
  footer { margin-top: 10px; font-size: 11px; color: #616e7c; }
  footer p { margin: 2px 0; }
  @media print { body { padding: 0; } h2, th, tbody tr:nth-child(even) td { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
`;

/**
 * Shares of the page width, the same in every section so the columns line up. No cell is ever
 * cut: a figure does not break, a comparison such as `+1.7 个百分点` wraps at its space
 * (keep-all: never inside a Chinese word) when its column is narrow.
 */
const COLUMN_WIDTHS: Record<ColumnId, number> = {
  kpi: 20,
  unit: 7,
  value: 11,
  quota: 10,
  quotaAttainment: 8,
  stretch: 10,
  stretchAttainment: 8,
  mom: 9.5,
  yoy: 9.5,
  rank: 7,
};

function cell(row: DisplayRow, pack: DisplayPack, column: DisplayPack['columns'][number]): string {
  const tone = cellTone(row, column.id);
  const text = cellText(row, column.id);
  const classes = [column.numeric ? '' : 'text', column.id === 'value' ? 'value' : '', tone ?? '', text === NO_FIGURE ? 'none' : ''].filter(Boolean).join(' ');
  let body: string;
  if (column.id === 'value') {
    body = escapeHtml(row.value);
    if (row.provisional) body += ` <span class="mark" title="${escapeHtml(pack.text.provisional)}">${PROVISIONAL_MARK}</span>`;
    if (row.asClosed !== null) body += `<span class="as-closed">${escapeHtml(`${pack.text.asClosed}: ${row.asClosed}`)}</span>`;
  } else if (column.id === 'quota' && row.quotaVersion !== null) {
    body = `<span title="${escapeHtml(`${pack.labels.quotaVersion} ${row.quotaVersion}`)}">${escapeHtml(text)}</span>`;
  } else {
    body = escapeHtml(text);
  }
  return `<td class="${classes}" data-column="${column.id}">${body}</td>`;
}

/**
 * The branch manager's monthly pack as one printable, self-contained HTML page (inline CSS, no
 * scripts or fonts fetched), in the summary's locale.
 */
export function renderSummaryHtml(s: MonthlySummary): string {
  const pack = displayPack(s);
  const cols = pack.columns.map((c) => `<col style="width:${COLUMN_WIDTHS[c.id]}%">`).join('');
  const head = pack.columns.map((c) => `<th class="${c.numeric ? '' : 'text'}" scope="col">${escapeHtml(c.label)}</th>`).join('');
  const sections = pack.sections
    .map(
      (section) => `
  <section data-section="${section.id}">
    <h2>${escapeHtml(section.title)}</h2>
    <table>
      <colgroup>${cols}</colgroup>
      <thead><tr>${head}</tr></thead>
      <tbody>
${section.rows.map((row) => `        <tr data-kpi="${escapeHtml(row.kpiId)}">${pack.columns.map((column) => cell(row, pack, column)).join('')}</tr>`).join('\n')}
      </tbody>
    </table>
  </section>`,
    )
    .join('');
  return page(s, pack, sections + rankingHtml(pack) + trendHtml(pack) + attainmentHtml(pack));
}

/** A table of text cells (ranking, trend): the first `textColumns` columns text, the others figures; a cell may hold several lines. */
function gridHtml(
  id: string,
  title: string,
  note: string | null,
  heads: readonly string[],
  rows: readonly (readonly (readonly string[])[])[],
  textColumns: number,
  before = '',
): string {
  const cls = (i: number) => (i < textColumns ? 'text' : '');
  const th = heads.map((h, i) => `<th class="${cls(i)}" scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((cells) => `        <tr>${cells.map((lines, i) => `<td class="${cls(i)}">${lines.map(escapeHtml).join('<br>')}</td>`).join('')}</tr>`)
    .join('\n');
  return `
  <section data-section="${id}">
    <h2>${escapeHtml(title)}</h2>${note ? `\n    <p class="note">${escapeHtml(note)}</p>` : ''}${before}
    <table>
      <thead><tr>${th}</tr></thead>
      <tbody>
${body}
      </tbody>
    </table>
  </section>`;
}

function rankingHtml(pack: DisplayPack): string {
  const r = pack.ranking;
  return r
    ? gridHtml(
        'ranking',
        r.title,
        r.note,
        r.heads,
        r.rows.map((row) => row.cells),
        2,
      )
    : '';
}

/**
 * The 12-month trend: the PDF's bar chart of each series (a panel per currency of a per-currency
 * subtotal), then the table of the figures they are drawn from, one line per month and one column
 * per series, so that twelve full amounts never share the width of a page.
 */
function trendHtml(pack: DisplayPack): string {
  const t = pack.trend;
  const width = trendPanelWidth(CHART_WIDTH);
  const charts = t.series.map((series) => {
    const panel = trendPanel(series, t.months, 0, 0, width);
    const bars = panel.bars
      .map((bar) =>
        svgBar(bar, `data-month="${bar.month}" data-value="${escapeHtml(series.values[bar.month]!)}"`, `${t.months[bar.month]!}: ${series.texts[bar.month]!}`),
      )
      .join('');
    return svgChart(
      'trend',
      { x: 0, y: 0, width, height: TREND_PANELS.height },
      series.label,
      `<rect x="${num(panel.frame.x)}" y="${num(panel.frame.y)}" width="${num(panel.frame.width)}" height="${num(panel.frame.height)}" fill="none" stroke="${CHART_COLOURS.rule}" stroke-width="0.5"/>` +
        bars +
        svgLine(panel.axis) +
        [panel.title, ...panel.figures, ...panel.months].map((label) => svgText(label)).join(''),
      `data-kpi="${escapeHtml(series.kpiId)}"`,
    );
  });
  return gridHtml(
    'trend',
    t.title,
    null,
    [pack.labels.month, ...t.series.map((series) => series.label)],
    t.months.map((month, i) => [[month], ...t.series.map((series) => [series.texts[i]!])]),
    1,
    charts.length === 0 ? '' : `\n    <div class="charts">\n${charts.map((chart) => `      ${chart}`).join('\n')}\n    </div>`,
  );
}

/** The attainment chart of the PDF: every row with a quota, its quota and stretch attainment as bars against 100 %. */
function attainmentHtml(pack: DisplayPack): string {
  const rows = pack.attainment;
  if (rows.length === 0) return '';
  const chart = attainmentChart(pack, 0, CHART_WIDTH);
  const legend = chart.legend(0);
  let y = ATTAINMENT_CHART.legendHeight;
  const body = rows.map((r) => {
    const row = chart.row(r, y);
    y += row.height;
    const bar = (b: ChartBar, kind: string, value: string, text: string) =>
      svgBar(b, `data-bar="${kind}" data-value="${escapeHtml(value)}"`, `${r.label}: ${text}`);
    return (
      `<g data-kpi="${escapeHtml(r.kpiId)}">` +
      svgText(row.label) +
      bar(row.quota, 'quota', r.quota, r.quotaText) +
      svgText(row.quotaFigure) +
      (row.stretch && r.stretch !== null && r.stretchText !== null ? bar(row.stretch, 'stretch', r.stretch, r.stretchText) : '') +
      (row.stretchFigure ? svgText(row.stretchFigure) : '') +
      svgLine(row.target) +
      '</g>'
    );
  });
  const svg = svgChart(
    'attainment',
    { x: 0, y: 0, width: CHART_WIDTH, height: y },
    pack.labels.attainmentTitle,
    legend.swatches.map((swatch) => svgBar(swatch)).join('') + legend.labels.map((label) => svgText(label)).join('') + body.join(''),
    `data-scale="${chart.scale}"`,
  );
  return `
  <section data-section="attainment">
    <h2>${escapeHtml(pack.labels.attainmentTitle)}</h2>
    ${svg}
  </section>`;
}

/** The charts' drawing width: the PDF's, in the same units (points), scaled to the page's width. */
const CHART_WIDTH = 778;

/** Coordinates with two decimals at most. */
function num(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/**
 * A chart as inline SVG: an image to assistive technology, named by its title (no script, no
 * fetched asset, no style element: presentation attributes only, within the dashboard's CSP).
 */
function svgChart(kind: 'trend' | 'attainment', box: Rect, title: string, content: string, attributes: string): string {
  return (
    `<svg class="chart ${kind}" ${attributes} viewBox="${num(box.x)} ${num(box.y)} ${num(box.width)} ${num(box.height)}" ` +
    `role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${content}</svg>`
  );
}

/** A bar, with its figure as a tooltip. */
function svgBar(bar: ChartBar, attributes = '', tooltip: string | null = null): string {
  const shape = `x="${num(bar.x)}" y="${num(bar.y)}" width="${num(bar.width)}" height="${num(bar.height)}" fill="${bar.colour}"`;
  return tooltip === null
    ? `<rect ${shape}${attributes ? ` ${attributes}` : ''}/>`
    : `<rect ${shape} ${attributes}><title>${escapeHtml(tooltip)}</title></rect>`;
}

function svgLine(line: ChartLine): string {
  return `<line x1="${num(line.x1)}" y1="${num(line.y1)}" x2="${num(line.x2)}" y2="${num(line.y2)}" stroke="${line.colour}" stroke-width="${line.width}"${line.dashed ? ' stroke-dasharray="2 2"' : ''}/>`;
}

const ANCHORS = { left: 'start', center: 'middle', right: 'end' } as const;

/** A label set as the PDF sets it: its box's top at `y` (the baseline about 0.9 of the size below). */
function svgText(label: ChartLabel): string {
  const x = label.align === 'left' ? label.x : label.align === 'center' ? label.x + label.width / 2 : label.x + label.width;
  return (
    `<text x="${num(x)}" y="${num(label.y + label.size * 0.9)}" font-size="${label.size}"${label.bold ? ' font-weight="700"' : ''} fill="${label.colour}" text-anchor="${ANCHORS[label.align]}">` +
    `${escapeHtml(label.text)}</text>`
  );
}

function page(s: MonthlySummary, pack: DisplayPack, sections: string): string {
  return `<!DOCTYPE html>
<html lang="${s.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${pack.title} · ${pack.subject} · ${pack.month}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <div>
    <h1>${escapeHtml(pack.title)}</h1>
    <div class="subtitle">${escapeHtml(`${pack.subject} · ${pack.month}`)}</div>
  </div>
  <dl>
${pack.info.map(([label, value]) => `    <dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`).join('\n')}
  </dl>
</header>
<main>${sections}
</main>
<footer>
${pack.legend.map((line) => `  <p>${escapeHtml(line)}</p>`).join('\n')}
</footer>
</body>
</html>
`;
}
