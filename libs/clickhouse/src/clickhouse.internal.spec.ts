import { ClickHouseArgumentError } from './clickhouse.errors';
import {
  errorTypeFromMessage,
  insertSettings,
  normalizeQueryParams,
  qualifyTable,
  redactEngineMessage,
  redactParamValues,
  setStatement,
  stringifyJsonRow,
} from './clickhouse.internal';

describe('normalizeQueryParams', () => {
  it('maps the types the two drivers would serialize differently onto one form', () => {
    expect(
      normalizeQueryParams({
        s: "it's",
        n: 42,
        f: 0.25,
        big: 2n ** 63n - 1n,
        yes: true,
        no: false,
        nothing: null,
        at: new Date('2024-01-02T03:04:05.678Z'),
        second: new Date('2024-01-02T03:04:05.000Z'),
        ids: ['a', 'b'],
      }),
    ).toEqual({
      s: "it's",
      n: 42,
      f: 0.25,
      big: 9223372036854775807n,
      yes: 1,
      no: 0,
      nothing: null,
      at: '1704164645.678',
      second: '1704164645',
      ids: ['a', 'b'],
    });
    expect(normalizeQueryParams({})).toBeUndefined();
    expect(normalizeQueryParams(undefined)).toBeUndefined();
  });

  it('refuses values that would lose precision or are not values at all', () => {
    expect(() => normalizeQueryParams({ n: 2 ** 53 })).toThrow(/unsafe integer/);
    expect(() => normalizeQueryParams({ n: Number.NaN })).toThrow(/finite/);
    expect(() => normalizeQueryParams({ d: new Date('nope') })).toThrow(/invalid Date/);
    expect(() => normalizeQueryParams({ u: undefined as unknown as string })).toThrow(/pass null/);
    expect(() => normalizeQueryParams({ 'bad name': 1 })).toThrow(ClickHouseArgumentError);
    expect(() => normalizeQueryParams({ a: [1, Number.POSITIVE_INFINITY] })).toThrow(/a\[1\]/);
  });
});

describe('helpers', () => {
  it('qualifies plain table names and refuses anything else', () => {
    expect(qualifyTable('sales', 'kpi')).toBe('kpi.sales');
    expect(qualifyTable('other.sales', 'kpi')).toBe('other.sales');
    for (const bad of ['', 'a.b.c', 'sales;', '`sales`', 'sales x', '1sales']) {
      expect(() => qualifyTable(bad, 'kpi')).toThrow(ClickHouseArgumentError);
    }
  });

  it('renders SET statements with escaped string literals', () => {
    expect(setStatement({ final: 1, flag: true, fmt: "it's \\ fine" })).toBe("SET final = 1, flag = 1, fmt = 'it\\'s \\\\ fine'");
  });

  it('builds insert settings with the dedup token', () => {
    expect(insertSettings({ deduplicationToken: 't-1', settings: { async_insert: 1 } })).toEqual({
      date_time_input_format: 'best_effort',
      async_insert: 1,
      insert_deduplication_token: 't-1',
    });
    expect(() => insertSettings({ deduplicationToken: '' })).toThrow(ClickHouseArgumentError);
    expect(() => insertSettings({ settings: { 'x; DROP': 1 } })).toThrow(ClickHouseArgumentError);
  });

  it('stringifies bigint exactly and Dates as ISO', () => {
    expect(stringifyJsonRow({ a: 2n ** 64n - 1n, at: new Date(0), d: '0.10' })).toBe('{"a":"18446744073709551615","at":"1970-01-01T00:00:00.000Z","d":"0.10"}');
  });

  it('reads the error type at the end of a ClickHouse message', () => {
    expect(errorTypeFromMessage('Code: 60. DB::Exception: Unknown table x. (UNKNOWN_TABLE)')).toBe('UNKNOWN_TABLE');
    expect(errorTypeFromMessage('Code: 62. DB::Exception: Syntax error. (SYNTAX_ERROR) (version 25.8.1.1)')).toBe('SYNTAX_ERROR');
    expect(errorTypeFromMessage('socket hang up')).toBeUndefined();
  });
});

describe('engine error messages without parameter values', () => {
  // Messages as chdb (ClickHouse 26) words them for statements with inlined parameters.
  const secret = 'secret-tok-9999-abcdef';
  const messages = [
    `Code: 38. DB::Exception: Cannot parse date here: secret-tok: Cannot parse Date from String: In scope SELECT toDate(CAST('${secret}', 'String')) AS d. (CANNOT_PARSE_DATE)`,
    `Code: 6. DB::Exception: Cannot parse string '${secret}' as UInt32: syntax error at begin of string. Note: there are toUInt32OrZero and toUInt32OrNull functions: In scope SELECT CAST('${secret}', 'UInt32'). (CANNOT_PARSE_TEXT)`,
    `Code: 60. DB::Exception: Unknown table expression identifier 'nowhere' in scope SELECT * FROM nowhere WHERE x = CAST('${secret}', 'String'). (UNKNOWN_TABLE)`,
    `Code: 395. DB::Exception: boom: while executing 'FUNCTION throwIf(_CAST('${secret}'_String, 'String'_String) :: 1) -> throwIf() UInt8 : 3'. (FUNCTION_THROW_IF_VALUE_IS_NON_ZERO) (version 26.7.1.1)`,
    `Code: 457. DB::Exception: Value ${secret} cannot be parsed as Date for query parameter 'from' because it isn't parsed completely: only 10 of 22 bytes was parsed: ${secret.slice(0, 10)}. (BAD_QUERY_PARAMETER)`,
  ];

  it('masks the statement quoted as it ran, quoted values, and every value of four characters or more', () => {
    for (const message of messages) {
      const redacted = redactParamValues(message, { s: secret, n: 7, list: ['SH-01', 'x'] });
      expect(redacted).not.toContain(secret);
      expect(redacted).not.toContain('secret-tok');
      expect(errorTypeFromMessage(redacted)).toBe(errorTypeFromMessage(message));
    }
    expect(redactParamValues(messages[0]!, { s: secret })).toBe(
      'Code: 38. DB::Exception: Cannot parse date here: ***: Cannot parse Date from String: In scope ***. (CANNOT_PARSE_DATE)',
    );
    expect(redactParamValues('Value SH-01-9 is bad', { list: ['SH-01-9'] })).toBe('Value *** is bad');
    expect(redactParamValues("Cannot parse string 'abc' as UInt32", { s: 'abc' })).toBe("Cannot parse string '***' as UInt32");
    // Quoted names that are no value stay: the operator needs them.
    expect(redactParamValues(messages[2]!, { s: secret })).toBe(
      "Code: 60. DB::Exception: Unknown table expression identifier 'nowhere' in scope ***. (UNKNOWN_TABLE)",
    );
  });

  it('masks every quoted literal when the values are not known (the log lines of the server client itself)', () => {
    expect(redactEngineMessage(messages[1]!)).toBe(
      "Code: 6. DB::Exception: Cannot parse string '***' as UInt32: syntax error at begin of string. Note: there are toUInt32OrZero and toUInt32OrNull functions: In scope ***. (CANNOT_PARSE_TEXT)",
    );
  });

  it('keeps messages without values readable', () => {
    expect(redactEngineMessage('Code: 60. DB::Exception: Table kpi.nowhere does not exist. (UNKNOWN_TABLE)')).toBe(
      'Code: 60. DB::Exception: Table kpi.nowhere does not exist. (UNKNOWN_TABLE)',
    );
    expect(redactParamValues('Code: 62. DB::Exception: Syntax error: failed at position 34 (end of query). (SYNTAX_ERROR)', { n: 10 })).toContain(
      'failed at position 34',
    );
  });
});
