import { ClickHouseArgumentError } from './clickhouse.errors';
import { assertSingleStatement, inlineQueryParams, splitSqlStatements } from './sql-statements';

const migration = (text: string) => splitSqlStatements(text, { requireSeparatorAtLineEnd: true });
const lenient = (text: string) => splitSqlStatements(text, { requireSeparatorAtLineEnd: false });

describe('splitSqlStatements', () => {
  it('splits on ; at the end of a line and reports where each statement starts', () => {
    expect(migration('CREATE TABLE a (x UInt8) ENGINE = Memory;\n\n  INSERT INTO a VALUES (1);  \nSELECT 1')).toEqual([
      { sql: 'CREATE TABLE a (x UInt8) ENGINE = Memory', line: 1 },
      { sql: 'INSERT INTO a VALUES (1)', line: 3 },
      { sql: 'SELECT 1', line: 4 },
    ]);
  });

  it('does not split inside string literals, quoted identifiers or comments', () => {
    const text = [
      '-- header; with a semicolon;',
      "SELECT 'a;",
      'b;\', "col;", `t;` /* x;',
      'y; */ FROM t -- tail;',
      ';',
      "SELECT 'it''s;' , 'esc\\';' ;",
      '/* only a comment; */',
      '-- and another;',
    ].join('\n');
    expect(migration(text)).toEqual([
      { sql: 'SELECT \'a;\nb;\', "col;", `t;` /* x;\ny; */ FROM t -- tail;', line: 2 },
      { sql: "SELECT 'it''s;' , 'esc\\';'", line: 6 },
    ]);
  });

  it('accepts a separator followed by a line comment, and CRLF line ends', () => {
    expect(migration('SELECT 1; -- first\r\nSELECT 2;\r\n')).toEqual([
      { sql: 'SELECT 1', line: 1 },
      { sql: 'SELECT 2', line: 2 },
    ]);
  });

  it('refuses two statements on one line in migration mode but splits them leniently', () => {
    expect(() => migration('SELECT 1;\nSELECT 2; SELECT 3;')).toThrow("line 2: ';' must end its line");
    expect(lenient('SELECT 1; SELECT 2;').map((s) => s.sql)).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('reports unterminated literals and comments with their line', () => {
    expect(() => migration("SELECT 1;\nSELECT 'open;\n")).toThrow("unterminated string literal (') opened on line 2");
    expect(() => migration('SELECT `open;\n')).toThrow('unterminated quoted identifier');
    expect(() => migration('SELECT 1;\n/* open;\n')).toThrow('unterminated /* comment opened on line 2');
  });

  it('returns nothing for whitespace and comments only', () => {
    expect(migration('\n -- nothing;\n/* here; */\n;\n')).toEqual([]);
  });
});

describe('assertSingleStatement', () => {
  it('accepts one statement with or without a trailing ; and comments', () => {
    expect(() => assertSingleStatement("SELECT ';' AS s; -- done")).not.toThrow();
    expect(() => assertSingleStatement('SELECT 1')).not.toThrow();
  });

  it('refuses several statements and empty SQL', () => {
    expect(() => assertSingleStatement('SELECT 1; DROP TABLE x')).toThrow(ClickHouseArgumentError);
    expect(() => assertSingleStatement(' -- nothing ')).toThrow('empty SQL statement');
  });
});

describe('inlineQueryParams', () => {
  it('replaces each {name:Type} with a typed constant, leaving literals, quoted names and comments alone', () => {
    const sql =
      'SELECT {s:String}, \'{s:String}\', "{s:String}", `{s:String}` -- {s:String}\n/* {s:String} */ FROM t WHERE has({ids:Array(String)}, id) AND d >= {from:Date} AND n = {n:Decimal(18, 2)} AND x = {none:Nullable(String)} AND o IN {offs:Array(UInt32)}';
    expect(inlineQueryParams(sql, { s: "it's \\ here", ids: ['a', "b'c"], from: '2026-01-01', n: 12.5, none: null, offs: [3, 10] })).toBe(
      "SELECT CAST('it\\'s \\\\ here' AS String), '{s:String}', \"{s:String}\", `{s:String}` -- {s:String}\n/* {s:String} */ FROM t WHERE has(CAST(['a','b\\'c'] AS Array(String)), id) AND d >= CAST('2026-01-01' AS Date) AND n = CAST('12.5' AS Decimal(18, 2)) AND x = CAST(NULL AS Nullable(String)) AND o IN CAST([3,10] AS Array(UInt32))",
    );
  });

  it('keeps a string literal with an escaped quote whole, and leaves braces that are not parameters', () => {
    expect(inlineQueryParams("SELECT 'a\\'{x:String}', {x:String}, map('k', 1){}", { x: 'v' })).toBe(
      "SELECT 'a\\'{x:String}', CAST('v' AS String), map('k', 1){}",
    );
  });

  it('refuses a parameter used but not given', () => {
    expect(() => inlineQueryParams('SELECT {missing:UInt8}', {})).toThrow(/query parameter "missing" \(UInt8\) is used but not given/);
  });
});
