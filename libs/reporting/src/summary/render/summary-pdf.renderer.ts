import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { MonthlySummary } from '../monthly-summary.types';
import { cellText, cellTone, ColumnId, DisplayPack, displayPack, DisplayRow, DisplaySection, NO_FIGURE, Tone } from './summary-display';

/**
 * The pack as an A4 landscape PDF drawn with pdfkit. Text is set in Noto Sans SC (Noto Sans CJK,
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
const TONES: Record<NonNullable<Tone>, string> = { good: '#1e7d32', warn: '#b26a00', bad: '#c62828' };
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
      Title: `${pack.title} · ${pack.branch} · ${pack.month}`,
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
    this.columns = pack.columns.map((c) => {
      const column = { ...c, x, width: WIDTHS[c.id] };
      x += column.width;
      return column;
    });
  }

  draw(): void {
    this.header();
    for (const section of this.pack.sections) this.section(section);
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
      .text(`${pack.branch} · ${pack.month}`, { width: infoX - this.left - 12 });
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
   * A section (band) with its title and column heads. It starts on a new page when it does not
   * fit on this one but fits on a page of its own; a longer one breaks between rows, never
   * leaving fewer than MIN_ROWS rows of it at the foot of a page or on the next one (no orphaned
   * one-row band, no lone title).
   */
  private section(section: DisplaySection): void {
    const headHeight = this.headRowHeight();
    const heights = section.rows.map((row) => this.rowHeight(row));
    const block = SECTION_TITLE_HEIGHT + headHeight;
    const total = block + heights.reduce((a, b) => a + b, 0);
    const page = this.bottom - PAGE.margin;
    const opening = block + heights.slice(0, MIN_ROWS).reduce((a, b) => a + b, 0);
    if (this.y + total > this.bottom && (total <= page || this.y + opening > this.bottom) && this.y > PAGE.margin) this.newPage();
    this.sectionTitle(section.title);
    this.headRow(headHeight);
    let next = 0;
    while (next < heights.length) {
      const count = rowsOnPage(heights.slice(next), this.bottom - this.y);
      section.rows.slice(next, next + count).forEach((row, i) => this.row(row, next + i, heights[next + i]!));
      next += count;
      if (next < heights.length) {
        this.newPage();
        this.sectionTitle(`${section.title} (…)`);
        this.headRow(headHeight);
      }
    }
    this.y += 12;
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
    const label = doc.heightOfString(row.label, { width: WIDTHS.kpi - 2 * PAD });
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
      const colour = text === NO_FIGURE ? '#9aa5b1' : tone ? TONES[tone] : COLOURS.text;
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

  private ensure(height: number): void {
    if (this.y + height > this.bottom) this.newPage();
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
      doc.text(`${pack.branch} · ${pack.month}`, this.left + this.textWidth - 220, top + 14, { width: 220, align: 'right', lineBreak: false });
      doc.page.margins.bottom = margin;
    }
  }
}
