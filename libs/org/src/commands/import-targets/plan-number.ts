/**
 * Numbers typed as text in a plan file, written the Chinese/English way (`1,234.56`) or the
 * Spanish way (`1.234,56`, `1234,5`). A typed Excel number needs none of this: it is exact.
 *
 * The rule, per cell: a number may group its thousands with one kind of mark (`,` `.` or a
 * space) in groups of three and have one decimal mark (`.` or `,`, the other one). When only one
 * of the two readings fits (`1234,5`, `1.234,56`, `0,125`, `1,234,567`, `1.5`), the cell says
 * which mark the file uses for decimals. A cell both readings fit with different values
 * (`1,234` = 1234 or 1.234; `12.500` = 12500 or 12.5) is ambiguous: it takes the decimal mark
 * of the file, set by the first cell that says it; in a file where no cell says it, it is
 * refused. A cell whose decimal mark is not the file's is refused too: a file uses one.
 */

export type DecimalMark = 'point' | 'comma';

export type DecimalText =
  /** No decimal mark to decide (`1500000`, `-20`, `1 234`). */
  | { readonly kind: 'plain'; readonly value: string }
  /** Only one reading fits. */
  | { readonly kind: 'marked'; readonly mark: DecimalMark; readonly value: string }
  /** Both readings fit, with different values. */
  | { readonly kind: 'ambiguous'; readonly point: string; readonly comma: string }
  /** Not a number written with marks: left as it is (the value check reports it). */
  | { readonly kind: 'other' };

const SPACES = /[\u00A0\u202F\u2009]/g;

/** The digits of an integer part written with `grouping` between groups of three, or null. */
function integerPart(text: string, grouping: readonly string[]): string | null {
  if (/^\d+$/.test(text)) return text;
  const used = grouping.filter((g) => text.includes(g));
  if (used.length !== 1) return null;
  const groups = text.split(used[0] as string);
  const [first, ...rest] = groups;
  if (first === undefined || !/^[1-9]\d{0,2}$/.test(first) || rest.some((g) => !/^\d{3}$/.test(g))) return null;
  return groups.join('');
}

/** The canonical decimal of `body` read with `mark` as the decimal mark, or null when it does not fit. */
function read(sign: string, body: string, mark: DecimalMark): string | null {
  const decimal = mark === 'point' ? '.' : ',';
  const grouping = mark === 'point' ? [',', ' '] : ['.', ' '];
  const parts = body.split(decimal);
  if (parts.length > 2) return null;
  const [whole = '', fraction] = parts;
  if (fraction !== undefined && !/^\d+$/.test(fraction)) return null;
  const digits = integerPart(whole, grouping);
  if (digits === null) return null;
  return `${sign}${digits}${fraction === undefined ? '' : `.${fraction}`}`;
}

export function readDecimalText(raw: string): DecimalText {
  const text = raw
    .trim()
    .replace(SPACES, ' ')
    .replace(/^\u2212/, '-');
  const match = /^(-?)(\d[\d., ]*\d|\d)$/.exec(text);
  if (!match) return { kind: 'other' };
  const [, sign = '', body = ''] = match;
  if (/^\d+$/.test(body)) return { kind: 'plain', value: `${sign}${body}` };
  const point = read(sign, body, 'point');
  const comma = read(sign, body, 'comma');
  if (point !== null && comma !== null) return point === comma ? { kind: 'plain', value: point } : { kind: 'ambiguous', point, comma };
  if (point !== null) return { kind: 'marked', mark: 'point', value: point };
  if (comma !== null) return { kind: 'marked', mark: 'comma', value: comma };
  return { kind: 'other' };
}

const MARK_NAME: Record<DecimalMark, string> = { point: 'a decimal point (1,234.56)', comma: 'a decimal comma (1.234,56)' };

/** A value cell of a file: its text, and whether it was a typed (exact) Excel number. */
export interface ValueCell {
  readonly row: number;
  readonly text: string;
  readonly typedNumber: boolean;
}

export type ValueReading = { readonly row: number; readonly value: string } | { readonly row: number; readonly problem: string };

/**
 * The value cells of one file, in row order, as canonical decimals (`1234.56`) or problems.
 * Text that is no number is passed on unchanged: the value check refuses it with its message.
 */
export function readValueCells(cells: readonly ValueCell[]): ValueReading[] {
  const readings = cells.map((c) => ({ cell: c, text: c.typedNumber ? ({ kind: 'plain', value: c.text } as const) : readDecimalText(c.text) }));
  const first = readings.find((r) => r.text.kind === 'marked');
  const file = first?.text.kind === 'marked' ? { mark: first.text.mark, row: first.cell.row } : null;
  return readings.map(({ cell, text }): ValueReading => {
    switch (text.kind) {
      case 'other':
        return { row: cell.row, value: cell.text };
      case 'plain':
        return { row: cell.row, value: text.value };
      case 'marked':
        if (file && text.mark !== file.mark) {
          return {
            row: cell.row,
            problem: `${cell.text} is written with ${MARK_NAME[text.mark]}, but row ${file.row} with ${MARK_NAME[file.mark]}: write every value of the file the same way`,
          };
        }
        return { row: cell.row, value: text.value };
      case 'ambiguous':
        if (file) return { row: cell.row, value: file.mark === 'point' ? text.point : text.comma };
        return {
          row: cell.row,
          problem:
            `${cell.text} is ambiguous: ${text.point} with a decimal point or ${text.comma} with a decimal comma, and no other value of the file says which it uses; ` +
            'write thousands without separators (1234) and decimals so that they cannot be taken for thousands (1.2340 or 1,2340), or type the value as an Excel number',
        };
    }
  });
}
