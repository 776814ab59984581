import { readDecimalText, readValueCells, ValueCell } from './plan-number';

const text = (row: number, t: string): ValueCell => ({ row, text: t, typedNumber: false });

describe('plan numbers: one cell', () => {
  it.each([
    ['1500000', { kind: 'plain', value: '1500000' }],
    ['-20', { kind: 'plain', value: '-20' }],
    ['1 234', { kind: 'plain', value: '1234' }],
    ['1\u00A0234\u00A0567', { kind: 'plain', value: '1234567' }],
    ['1234.5', { kind: 'marked', mark: 'point', value: '1234.5' }],
    ['1,234.56', { kind: 'marked', mark: 'point', value: '1234.56' }],
    ['1,234,567', { kind: 'marked', mark: 'point', value: '1234567' }],
    ['0.125', { kind: 'marked', mark: 'point', value: '0.125' }],
    ['1234.567', { kind: 'marked', mark: 'point', value: '1234.567' }],
    ['1234,5', { kind: 'marked', mark: 'comma', value: '1234.5' }],
    ['1.234,56', { kind: 'marked', mark: 'comma', value: '1234.56' }],
    ['1.234.567', { kind: 'marked', mark: 'comma', value: '1234567' }],
    ['1 234 567,89', { kind: 'marked', mark: 'comma', value: '1234567.89' }],
    ['0,125', { kind: 'marked', mark: 'comma', value: '0.125' }],
    ['-0,5', { kind: 'marked', mark: 'comma', value: '-0.5' }],
    ['\u22121.234,5', { kind: 'marked', mark: 'comma', value: '-1234.5' }],
    ['1,234', { kind: 'ambiguous', point: '1234', comma: '1.234' }],
    ['1.234', { kind: 'ambiguous', point: '1.234', comma: '1234' }],
    ['-12.500', { kind: 'ambiguous', point: '-12.500', comma: '-12500' }],
  ])('%s', (cell, expected) => {
    expect(readDecimalText(cell)).toEqual(expected);
  });

  it.each(['lots', '1,23.4', '12,34,567', '1.234.56', '1,234,56.7', '1 234.567,8', '1e6', '.5', '5.', '+5', '5 %', '1.234,567.8'])(
    '%s is no number written with marks',
    (cell) => {
      expect(readDecimalText(cell)).toEqual({ kind: 'other' });
    },
  );
});

describe('plan numbers: the file decides the decimal mark', () => {
  it('reads every cell of a decimal-comma file with the comma, ambiguous ones too, wherever the deciding cell is', () => {
    expect(readValueCells([text(2, '1.500'), text(3, '1.234,56'), text(4, '2,5'), text(5, '1,250')])).toEqual([
      { row: 2, value: '1500' },
      { row: 3, value: '1234.56' },
      { row: 4, value: '2.5' },
      { row: 5, value: '1.250' },
    ]);
  });

  it('reads every cell of a decimal-point file with the point', () => {
    expect(readValueCells([text(2, '1,500'), text(3, '1,234.56'), text(4, '1.250')])).toEqual([
      { row: 2, value: '1500' },
      { row: 3, value: '1234.56' },
      { row: 4, value: '1.250' },
    ]);
  });

  it('refuses an ambiguous cell in a file no cell of which shows its decimal mark: never 1,234 silently read as 1.234 or 1234', () => {
    const readings = readValueCells([text(2, '1,234'), text(3, '1500000'), { row: 4, text: '2.5', typedNumber: true }, text(5, '1.234')]);
    expect(readings[0]).toEqual({
      row: 2,
      problem: expect.stringMatching(/^1,234 is ambiguous: 1234 with a decimal point or 1\.234 with a decimal comma/) as string,
    });
    expect(readings[1]).toEqual({ row: 3, value: '1500000' });
    // A typed Excel number is exact: it says nothing about how the text cells are written.
    expect(readings[2]).toEqual({ row: 4, value: '2.5' });
    expect(readings[3]).toEqual({ row: 5, problem: expect.stringMatching(/^1\.234 is ambiguous/) as string });
  });

  it('refuses a cell written with the other decimal mark than the first cell that shows one', () => {
    const readings = readValueCells([text(2, '1234,5'), text(3, '1,234.50'), text(4, '7,25')]);
    expect(readings).toEqual([
      { row: 2, value: '1234.5' },
      {
        row: 3,
        problem: '1,234.50 is written with a decimal point (1,234.56), but row 2 with a decimal comma (1.234,56): write every value of the file the same way',
      },
      { row: 4, value: '7.25' },
    ]);
  });

  it('passes text that is no number on unchanged (the value check refuses it)', () => {
    expect(readValueCells([text(2, 'lots'), text(3, '1.5e6')])).toEqual([
      { row: 2, value: 'lots' },
      { row: 3, value: '1.5e6' },
    ]);
  });
});
