import { parse } from 'csv-parse/sync';
import { CSV_CONVENTIONS, renderLocaleCsv } from './locale-csv';

const columns = [
  { header: 'Unidad', kind: 'text' },
  { header: 'Mes', kind: 'text' },
  { header: 'Importe', kind: 'decimal' },
  { header: 'Nº', kind: 'integer' },
  { header: 'Provisional', kind: 'boolean' },
] as const;
const rows = [
  ['Madrid; centro', '2026-01', '-1234.50', 3, true],
  ['SH-01', '2026-02', null, 12, false],
];
const words = { yes: 'sí', no: 'no' };

describe('renderLocaleCsv (every CSV export)', () => {
  it('es: `;` between fields, decimal comma on decimals only, quoting where a field holds the separator, BOM and CRLF', () => {
    const csv = renderLocaleCsv('es', columns, rows, words);
    expect(csv).toBe('\uFEFFUnidad;Mes;Importe;Nº;Provisional\r\n"Madrid; centro";2026-01;-1234,50;3;sí\r\nSH-01;2026-02;;12;no\r\n');
    expect(parse(csv, { bom: true, delimiter: ';' })).toEqual([
      ['Unidad', 'Mes', 'Importe', 'Nº', 'Provisional'],
      ['Madrid; centro', '2026-01', '-1234,50', '3', 'sí'],
      ['SH-01', '2026-02', '', '12', 'no'],
    ]);
  });

  it.each(['zh-CN', 'en'] as const)('%s: `,` and the decimal point, with the BOM', (locale) => {
    const csv = renderLocaleCsv(locale, columns, rows, words);
    expect(csv).toBe('\uFEFFUnidad,Mes,Importe,Nº,Provisional\r\nMadrid; centro,2026-01,-1234.50,3,sí\r\nSH-01,2026-02,,12,no\r\n');
    expect(CSV_CONVENTIONS[locale]).toEqual({ delimiter: ',', decimal: '.' });
  });
  it('writes a text cell that starts like a formula with a leading apostrophe (CSV injection); figures keep their sign', () => {
    const cols = [
      { header: 'Model', kind: 'text' },
      { header: 'Amount', kind: 'decimal' },
      { header: 'Count', kind: 'integer' },
    ] as const;
    const csv = renderLocaleCsv(
      'en',
      cols,
      [
        ['=HYPERLINK("http://x","y")', '-12.50', -3],
        ['+1 Sport', '1.00', 1],
        ['-Line', '2.00', 2],
        ['@SUM(A1)', '3.00', 3],
        ['\tTab', '4.00', 4],
        ['Model 3 = best', '5.00', 5],
      ],
      words,
    );
    const parsed = parse<Record<string, string>>(csv.slice(1), { columns: true });
    expect(parsed.map((r) => r.Model)).toEqual(['\'=HYPERLINK("http://x","y")', "'+1 Sport", "'-Line", "'@SUM(A1)", "'\tTab", 'Model 3 = best']);
    expect(parsed[0]).toMatchObject({ Amount: '-12.50', Count: '-3' });
  });
});
