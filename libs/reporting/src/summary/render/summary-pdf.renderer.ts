import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { MonthlySummary } from '../monthly-summary.types';
import { cellText, cellTone, ColumnId, DisplayPack, displayPack, DisplayRow, DisplaySection, DisplayTrendSeries, NO_FIGURE } from './summary-display';
import {
  ATTAINMENT_CHART,
  attainmentChart,
  ChartBar,
  ChartLabel,
  ChartLine,
  CHART_COLOURS,
  TONE_COLOURS,
  TREND_PANELS,
  TrendPanel,
  trendPanel,
  trendPanelWidth,
} from './summary-charts';

/**
 * The pack as an A4 landscape PDF drawn with pdfkit: the header, one band per section, the ranking
 * of a region's branches or the group's regions, the 12-month trend (vector bar charts over the
 * trend table they are drawn from) and the attainment chart (bars of the sections' own quota and
 * stretch attainment). Text is set in Noto Sans SC (Noto Sans CJK,
 * from the `@embedpdf/fonts-sc` package: Chinese, Latin with accents, ¥ and €), embedded as a
 * subset, so zh-CN, es and en print the same on any machine. See docs/adr (renderers).
 */

interface Fonts {
  readonly regular: Buffer;
  readonly bold: Buffer;
}

let fonts: Fonts | undefined;

/** The font files, read once per process (8 MB each; pdfkit embeds only the glyphs used). */
export function summaryFonts(): Fonts {
  if (!fonts) {
    const folder = join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
    fonts = { regular: readFileSync(join(folder, 'NotoSansHans-Regular.otf')), bold: readFileSync(join(folder, 'NotoSansHans-Bold.otf')) };
  }
  return fonts;
}

const PAGE: { readonly width: number; readonly height: number; readonly margin: number } = { width: 841.89, height: 595.28, margin: 32 };
const FOOTER_HEIGHT = 46;
const COLOURS = { brand: '#1d4e89', text: '#1f2933', muted: '#616e7c', rule: '#e4e7eb', zebra: '#f5f7fa', head: '#e4e7eb', mark: '#b44d12' } as const;
/** Widths of the ten columns (kpi, unit, value, quota, attainment, stretch, stretch attainment, MoM, YoY, rank); they fill the text width. */
const WIDTHS: Record<ColumnId, number> = {
  kpi: 188,
  unit: 52,
  value: 82,
  quota: 74,
  quotaAttainment: 62,
  stretch: 74,
  stretchAttainment: 62,
  mom: 66,
  yoy: 66,
  rank: 52,
};
const PAD = 4;
const SECTION_TITLE_HEIGHT = 18;
/** The fewest rows of a section on either side of a page break. */
const MIN_ROWS = 2;

/**
 * How many of `heights` (the rows still to draw) go on a page with `room` left: as many as fit,
 * less one when that would carry a single row over; at least one (a row taller than the room
 * still has to go somewhere). The section itself starts on a new page when fewer than MIN_ROWS
 * of its rows would fit.
 */
export function rowsOnPage(heights: readonly number[], room: number): number {
  let fit = 0;
  let used = 0;
  while (fit < heights.length && used + heights[fit]! <= room) {
    used += heights[fit]!;
    fit += 1;
  }
  if (fit === heights.length) return fit;
  const carried = heights.length - fit;
  if (carried < MIN_ROWS) fit -= MIN_ROWS - carried;
  return Math.max(1, fit);
}
const BODY_SIZE = 8.5;
const NOTE_SIZE = 7;

export function renderSummaryPdf(s: MonthlySummary): Promise<Buffer> {
  const pack = displayPack(s);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: PAGE.margin,
    bufferPages: true,
    lang: s.locale,
    displayTitle: true,
    info: {
      Title: `${pack.title} · ${pack.subject} · ${pack.month}`,
      Subject: pack.title,
      Author: 'Dealer KPI platform',
      Creator: 'Dealer KPI platform',
      CreationDate: new Date(s.generatedAt),
    },
  });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const { regular, bold } = summaryFonts();
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  new PackDrawer(doc, pack).draw();
  doc.end();
  return done;
}

class PackDrawer {
  private y = PAGE.margin;
  private readonly left = PAGE.margin;
  private readonly bottom = PAGE.height - PAGE.margin - FOOTER_HEIGHT;
  private readonly columns: readonly { readonly id: ColumnId; readonly label: string; readonly numeric: boolean; readonly x: number; readonly width: number }[];

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly pack: DisplayPack,
  ) {
    let x = this.left;
    // Without a rank column (the group pack) the KPI column takes its width.
    const spare = pack.columns.some((c) => c.id === 'rank') ? 0 : WIDTHS.rank;
    this.columns = pack.columns.map((c) => {
      const column = { ...c, x, width: WIDTHS[c.id] + (c.id === 'kpi' ? spare : 0) };
      x += column.width;
      return column;
    });
  }

  draw(): void {
    this.header();
    for (const section of this.pack.sections) this.section(section);
    this.ranking();
    this.trend();
    this.attainment();
    this.footers();
  }

  private get textWidth(): number {
    return PAGE.width - 2 * PAGE.margin;
  }

  private header(): void {
    const { doc, pack } = this;
    const infoWidth = 250;
    const infoX = PAGE.width - PAGE.margin - infoWidth;
    doc
      .font('bold')
      .fontSize(18)
      .fillColor(COLOURS.brand)
      .text(pack.title, this.left, this.y, { width: infoX - this.left - 12 });
    doc
      .font('regular')
      .fontSize(12)
      .fillColor(COLOURS.text)
      .text(`${pack.subject} · ${pack.month}`, { width: infoX - this.left - 12 });
    const titleBottom = doc.y;
    let infoY = PAGE.margin;
    for (const [label, value] of pack.info) {
      doc.font('regular').fontSize(8).fillColor(COLOURS.muted).text(label, infoX, infoY, { width: 80, lineBreak: false });
      doc
        .font('bold')
        .fontSize(8)
        .fillColor(COLOURS.text)
        .text(value, infoX + 84, infoY, { width: infoWidth - 84 });
      infoY = Math.max(doc.y, infoY + 11);
    }
    this.y = Math.max(titleBottom, infoY) + 6;
    doc
      .moveTo(this.left, this.y)
      .lineTo(this.left + this.textWidth, this.y)
      .lineWidth(2)
      .strokeColor(COLOURS.brand)
      .stroke();
    this.y += 10;
  }

  /**
   * A band: its title, its column heads (if any) and its rows. It starts on a new page when it
   * does not fit on this one but fits on a page of its own; a longer one breaks between rows,
   * never leaving fewer than MIN_ROWS rows of it at the foot of a page or on the next one (no
   * orphaned one-row band, no lone title: keep-with-next), and repeats its title and heads.
   */
  private band(
    title: string,
    headHeight: number,
    head: () => void,
    heights: readonly number[],
    draw: (index: number, height: number) => void,
    titled = true,
  ): void {
    const block = (titled ? SECTION_TITLE_HEIGHT : 0) + headHeight;
    const total = block + heights.reduce((a, b) => a + b, 0);
    const page = this.bottom - PAGE.margin;
    const opening = block + heights.slice(0, MIN_ROWS).reduce((a, b) => a + b, 0);
    if (this.y + total > this.bottom && (total <= page || this.y + opening > this.bottom) && this.y > PAGE.margin) this.newPage();
    if (titled) this.sectionTitle(title);
    head();
    let next = 0;
    while (next < heights.length) {
      const count = rowsOnPage(heights.slice(next), this.bottom - this.y);
      for (let i = next; i < next + count; i += 1) draw(i, heights[i]!);
      next += count;
      if (next < heights.length) {
        this.newPage();
        this.sectionTitle(`${title} (…)`);
        head();
      }
    }
    this.y += 12;
  }

  private section(section: DisplaySection): void {
    const headHeight = this.headRowHeight();
    this.band(
      section.title,
      headHeight,
      () => this.headRow(headHeight),
      section.rows.map((row) => this.rowHeight(row)),
      (i, height) => this.row(section.rows[i]!, i, height),
    );
  }

  /** A table of text cells (ranking, trend): the first column left-aligned, the others right-aligned; a cell may hold several lines. */
  private grid(
    title: string,
    note: string | null,
    heads: readonly string[],
    widths: readonly number[],
    rows: readonly (readonly (readonly string[])[])[],
    textColumns: number,
    titled = true,
  ): void {
    const align = (i: number) => (i < textColumns ? ('left' as const) : ('right' as const));
    const { doc } = this;
    const xs = widths.map((_, i) => this.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
    doc.font('bold').fontSize(NOTE_SIZE + 0.5);
    const headHeight = Math.max(...heads.map((h, i) => doc.heightOfString(h, { width: widths[i]! - 2 * PAD }))) + 2 * PAD;
    // Smaller type when a column's longest text would not fit it (twelve full amounts across a page), down to 5 pt.
    doc.font('bold').fontSize(BODY_SIZE);
    const fits = rows.flatMap((cells) =>
      cells.flatMap((lines, i) => lines.map((l) => (BODY_SIZE * (widths[i]! - 2 * PAD)) / Math.max(1, doc.widthOfString(l)))),
    );
    const size = Math.max(5, Math.min(BODY_SIZE, ...fits));
    doc.font('regular').fontSize(size);
    const lineHeight = doc.currentLineHeight(true);
    const heights = rows.map((cells) => Math.max(...cells.map((lines) => lines.length)) * lineHeight + 2 * PAD);
    const noteHeight = note ? NOTE_SIZE + 6 : 0;
    const head = () => {
      if (note) {
        doc
          .font('regular')
          .fontSize(NOTE_SIZE)
          .fillColor(COLOURS.muted)
          .text(note, this.left + PAD, this.y + 2, { width: this.textWidth - 2 * PAD, lineBreak: false });
        this.y += noteHeight;
      }
      doc.rect(this.left, this.y, this.textWidth, headHeight).fill(COLOURS.head);
      doc
        .font('bold')
        .fontSize(NOTE_SIZE + 0.5)
        .fillColor(COLOURS.text);
      heads.forEach((h, i) => doc.text(h, xs[i]! + PAD, this.y + PAD, { width: widths[i]! - 2 * PAD, align: align(i) }));
      this.y += headHeight;
    };
    this.band(
      title,
      headHeight + noteHeight,
      head,
      heights,
      (index, height) => {
        if (index % 2 === 1) doc.rect(this.left, this.y, this.textWidth, height).fill(COLOURS.zebra);
        rows[index]!.forEach((lines, i) => {
          doc
            .font(i < textColumns ? 'bold' : 'regular')
            .fontSize(size)
            .fillColor(lines.every((l) => l === NO_FIGURE) ? '#9aa5b1' : COLOURS.text);
          lines.forEach((line, n) =>
            doc.text(line, xs[i]! + PAD, this.y + PAD + n * lineHeight, { width: widths[i]! - 2 * PAD, align: align(i), lineBreak: false }),
          );
        });
        this.y += height;
      },
      titled,
    );
  }

  /** Region and group packs: the units one level down, best first. */
  private ranking(): void {
    const r = this.pack.ranking;
    if (!r) return;
    const rest = this.textWidth - 52 - 190;
    const widths = [52, 190, ...r.heads.slice(2).map(() => rest / (r.heads.length - 2))];
    // The position and the unit left-aligned, the figures right-aligned.
    this.grid(
      r.title,
      r.note,
      r.heads,
      widths,
      r.rows.map((row) => row.cells),
      2,
    );
  }

  /**
   * The 12-month trend: one small bar chart per headline KPI (a series per currency when money
   * comes in several), then the table of the very figures the bars are drawn from.
   */
  private trend(): void {
    const { trend } = this.pack;
    const { perRow, gap, height } = TREND_PANELS;
    const width = trendPanelWidth(this.textWidth);
    const chartRows: DisplayTrendSeries[][] = [];
    for (let i = 0; i < trend.series.length; i += perRow) chartRows.push(trend.series.slice(i, i + perRow));
    this.band(
      trend.title,
      0,
      () => undefined,
      chartRows.map(() => height + gap),
      (index) => {
        chartRows[index]!.forEach((series, i) => this.trendPanel(trendPanel(series, trend.months, this.left + i * (width + gap), this.y + gap / 2, width)));
        this.y += height + gap;
      },
    );
    this.y -= 12;
    const label = 170;
    const month = (this.textWidth - label) / trend.months.length;
    this.grid(
      trend.title,
      null,
      [this.pack.text.kpi, ...trend.months],
      [label, ...trend.months.map(() => month)],
      trend.series.map((series) => [[series.label], ...series.texts.map((t) => [t])]),
      1,
      // Under its charts, headed by them (a page break repeats the title).
      false,
    );
  }

  private trendPanel(panel: TrendPanel): void {
    const { doc } = this;
    this.label(panel.title, true);
    const f = panel.frame;
    doc.rect(f.x, f.y, f.width, f.height).lineWidth(0.5).strokeColor(CHART_COLOURS.rule).stroke();
    for (const bar of panel.bars) this.bar(bar);
    for (const figure of panel.figures) this.label(figure);
    this.line(panel.axis);
    for (const month of panel.months) this.label(month);
  }

  /** Quota and stretch attainment of every row with a quota, labelled with the table's own texts. */
  private attainment(): void {
    const rows = this.pack.attainment;
    if (rows.length === 0) return;
    const chart = attainmentChart(this.pack, this.left, this.textWidth);
    const legend = () => {
      const { swatches, labels } = chart.legend(this.y);
      for (const swatch of swatches) this.bar(swatch);
      for (const label of labels) this.label(label);
      this.y += ATTAINMENT_CHART.legendHeight;
    };
    this.band(
      this.pack.labels.attainmentTitle,
      ATTAINMENT_CHART.legendHeight,
      legend,
      rows.map((r) => chart.row(r, 0).height),
      (index) => {
        const row = chart.row(rows[index]!, this.y);
        this.label(row.label, true);
        this.bar(row.quota);
        this.label(row.quotaFigure);
        if (row.stretch) this.bar(row.stretch);
        if (row.stretchFigure) this.label(row.stretchFigure);
        this.line(row.target);
        this.y += row.height;
      },
    );
  }

  private bar(bar: ChartBar): void {
    this.doc.rect(bar.x, bar.y, bar.width, bar.height).fill(bar.colour);
  }

  private line(line: ChartLine): void {
    const { doc } = this;
    doc.moveTo(line.x1, line.y1).lineTo(line.x2, line.y2).lineWidth(line.width);
    if (line.dashed) doc.dash(2, { space: 2 });
    doc.strokeColor(line.colour).stroke().undash();
  }

  private label(label: ChartLabel, ellipsis = false): void {
    this.doc
      .font(label.bold ? 'bold' : 'regular')
      .fontSize(label.size)
      .fillColor(label.colour)
      .text(label.text, label.x, label.y, { width: label.width, align: label.align, lineBreak: false, ...(ellipsis ? { ellipsis: true } : {}) });
  }

  private sectionTitle(title: string): void {
    const { doc } = this;
    doc.rect(this.left, this.y, this.textWidth, SECTION_TITLE_HEIGHT).fill(COLOURS.brand);
    doc
      .font('bold')
      .fontSize(10)
      .fillColor('#ffffff')
      .text(title, this.left + 6, this.y + 3.5, { width: this.textWidth - 12, lineBreak: false });
    this.y += SECTION_TITLE_HEIGHT;
  }

  private headRowHeight(): number {
    this.doc.font('bold').fontSize(NOTE_SIZE + 0.5);
    return Math.max(...this.columns.map((c) => this.doc.heightOfString(c.label, { width: c.width - 2 * PAD }))) + 2 * PAD;
  }

  private headRow(height: number): void {
    const { doc } = this;
    doc.rect(this.left, this.y, this.textWidth, height).fill(COLOURS.head);
    doc
      .font('bold')
      .fontSize(NOTE_SIZE + 0.5)
      .fillColor(COLOURS.text);
    for (const c of this.columns) doc.text(c.label, c.x + PAD, this.y + PAD, { width: c.width - 2 * PAD, align: c.numeric ? 'right' : 'left' });
    this.y += height;
  }

  private rowHeight(row: DisplayRow): number {
    const { doc } = this;
    doc.font('regular').fontSize(BODY_SIZE);
    const label = doc.heightOfString(row.label, { width: this.columns[0]!.width - 2 * PAD });
    const value = doc.heightOfString('0') + (row.asClosed === null ? 0 : NOTE_SIZE + 3);
    return Math.max(label, value) + 2 * PAD;
  }

  private row(row: DisplayRow, index: number, height: number): void {
    const { doc } = this;
    if (index % 2 === 1) doc.rect(this.left, this.y, this.textWidth, height).fill(COLOURS.zebra);
    doc
      .moveTo(this.left, this.y + height)
      .lineTo(this.left + this.textWidth, this.y + height)
      .lineWidth(0.5)
      .strokeColor(COLOURS.rule)
      .stroke();
    for (const c of this.columns) {
      const tone = cellTone(row, c.id);
      const text = cellText(row, c.id);
      const options = { width: c.width - 2 * PAD, align: c.numeric ? ('right' as const) : ('left' as const) };
      const colour = text === NO_FIGURE ? '#9aa5b1' : tone ? TONE_COLOURS[tone] : COLOURS.text;
      doc
        .font(c.id === 'value' || tone ? 'bold' : 'regular')
        .fontSize(BODY_SIZE)
        .fillColor(colour);
      if (c.id === 'value' && row.provisional) {
        // The figure, then the provisional mark in its own colour.
        const mark = ' *';
        const markWidth = doc.widthOfString(mark);
        doc.text(row.value, c.x + PAD, this.y + PAD, { ...options, width: options.width - markWidth });
        doc.fillColor(COLOURS.mark).text(mark, c.x + c.width - PAD - markWidth, this.y + PAD, { width: markWidth, lineBreak: false });
      } else {
        doc.text(c.id === 'value' ? row.value : text, c.x + PAD, this.y + PAD, options);
      }
      if (c.id === 'value' && row.asClosed !== null) {
        doc
          .font('regular')
          .fontSize(NOTE_SIZE)
          .fillColor(COLOURS.muted)
          .text(`${this.pack.text.asClosed}: ${row.asClosed}`, c.x - 40, this.y + PAD + BODY_SIZE + 4, {
            ...options,
            width: options.width + 40,
          });
      }
    }
    this.y += height;
  }

  private newPage(): void {
    this.doc.addPage();
    this.y = PAGE.margin;
  }

  /** Legend and page numbers on every page, once the page count is known. */
  private footers(): void {
    const { doc, pack } = this;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i += 1) {
      doc.switchToPage(i);
      // Writing inside the bottom margin: lift it so pdfkit does not start a new page.
      const margin = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      const top = PAGE.height - PAGE.margin - FOOTER_HEIGHT + 8;
      doc
        .moveTo(this.left, top)
        .lineTo(this.left + this.textWidth, top)
        .lineWidth(0.5)
        .strokeColor(COLOURS.rule)
        .stroke();
      doc.font('regular').fontSize(NOTE_SIZE).fillColor(COLOURS.muted);
      pack.legend.forEach((line, n) => doc.text(line, this.left, top + 4 + n * 10, { width: this.textWidth - 120, lineBreak: false }));
      doc.text(pack.labels.page(i - range.start + 1, range.count), this.left + this.textWidth - 120, top + 4, { width: 120, align: 'right', lineBreak: false });
      doc.text(`${pack.subject} · ${pack.month}`, this.left + this.textWidth - 220, top + 14, { width: 220, align: 'right', lineBreak: false });
      doc.page.margins.bottom = margin;
    }
  }
}
