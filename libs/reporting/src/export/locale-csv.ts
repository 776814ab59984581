import { Locale } from '@app/kpi';
import { stringify } from 'csv-stringify/sync';

/** What a CSV cell holds: text as is; decimals and integers as exact strings or numbers; yes/no. */
export type CsvKind = 'text' | 'decimal' | 'integer' | 'boolean';
export type CsvValue = string | number | boolean | null;

export interface CsvColumn {
  readonly header: string;
  readonly kind: CsvKind;
}

/**
 * How each locale's Excel reads a CSV opened with a double click: Spanish Excel splits on `;` and
 * reads `1234,5` as a number (a `,`-separated file opens in one column); Chinese and English
 * Excel split on `,` and read `1234.5`.
 */
export const CSV_CONVENTIONS: Record<Locale, { readonly delimiter: string; readonly decimal: string }> = {
  'zh-CN': { delimiter: ',', decimal: '.' },
  es: { delimiter: ';', decimal: ',' },
  en: { delimiter: ',', decimal: '.' },
};

/**
 * A text cell Excel would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return first: OWASP's
 * CSV injection list). Text comes from dealer systems too (model names, references), so such a cell is
 * written with a leading apostrophe, which Excel shows as text. Figures are never text cells.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Every CSV export of the API: UTF-8 with a byte-order mark (Excel reads Chinese and Spanish text
 * right), CRLF records, RFC 4180 quoting, and the locale's separator and decimal mark. Figures
 * stay exact (the API's decimal strings, no grouping), only the decimal mark changes; text
 * (ids, months such as 2026-01) is never touched, except that a text cell starting like a formula gets a
 * leading apostrophe.
 */
export function renderLocaleCsv(
  locale: Locale,
  columns: readonly CsvColumn[],
  rows: readonly (readonly CsvValue[])[],
  words: { readonly yes: string; readonly no: string },
): string {
  const { delimiter, decimal } = CSV_CONVENTIONS[locale];
  const cell = (value: CsvValue, kind: CsvKind | undefined): string => {
    if (value === null) return '';
    if (typeof value === 'boolean') return value ? words.yes : words.no;
    const text = String(value);
    if (kind === 'text' || kind === undefined) return FORMULA_START.test(text) ? `'${text}` : text;
    return decimal !== '.' && kind === 'decimal' ? text.replace('.', decimal) : text;
  };
  return stringify(
    rows.map((row) => row.map((value, i) => cell(value, columns[i]?.kind))),
    { header: true, columns: columns.map((c) => c.header), bom: true, record_delimiter: 'windows', delimiter },
  );
}
