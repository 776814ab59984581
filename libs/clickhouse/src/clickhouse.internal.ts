/**
 * What both drivers share so they serialize identically. Not part of the public API.
 */
import { ClickHouseArgumentError } from './clickhouse.errors';
import type { ClickHouseSettings, InsertOptions, QueryParams } from './clickhouse.port';

/**
 * Output settings pinned on both drivers: 64-bit integers and Decimals as JSON strings, Decimals
 * with their full scale (`"0.10"`, not `"0.1"`). ClickHouse 25+ no longer quotes 64-bit integers
 * by default, so these must be set explicitly.
 */
export const OUTPUT_SETTINGS = {
  output_format_json_quote_64bit_integers: 1,
  output_format_json_quote_decimals: 1,
  output_format_decimal_trailing_zeros: 1,
} as const;

/** Input settings for `insert`: `Date` values are sent as ISO-8601 (`...Z`). */
export const INSERT_SETTINGS = {
  date_time_input_format: 'best_effort',
} as const;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TABLE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

export function isValidDatabaseName(name: string): boolean {
  return NAME.test(name);
}

export function assertDatabaseName(name: string): string {
  if (!isValidDatabaseName(name)) {
    throw new ClickHouseArgumentError(`invalid database name ${JSON.stringify(name)}: use [A-Za-z_][A-Za-z0-9_]*`);
  }
  return name;
}

/** `name` → `database.name`; `db.name` stays. Refuses anything but plain identifiers. */
export function qualifyTable(table: string, database: string): string {
  if (!TABLE.test(table)) {
    throw new ClickHouseArgumentError(`invalid table name ${JSON.stringify(table)}: use name or db.name with [A-Za-z0-9_]`);
  }
  return table.includes('.') ? table : `${database}.${table}`;
}

/** A validated identifier in backticks (validation makes escaping unnecessary). */
export function quoteIdentifier(name: string): string {
  return `\`${assertDatabaseName(name)}\``;
}

/** The value shapes handed to the drivers' own parameter binders (both accept exactly these). */
export type BoundParamValue = string | number | bigint | null | ReadonlyArray<string | number>;

/**
 * Validates parameters and maps the types the drivers would serialize differently onto one form:
 * booleans → 1/0, Dates → Unix seconds with milliseconds (what `@clickhouse/client` sends; chdb
 * would otherwise send a second-precision wall-clock string). Numbers must be finite and, when
 * integral, safe.
 */
export function normalizeQueryParams(params: QueryParams | undefined): Record<string, BoundParamValue> | undefined {
  if (params === undefined) return undefined;
  const names = Object.keys(params);
  if (names.length === 0) return undefined;
  const bound: Record<string, BoundParamValue> = {};
  for (const name of names) {
    if (!NAME.test(name)) throw new ClickHouseArgumentError(`invalid query parameter name ${JSON.stringify(name)}`);
    const value = params[name];
    if (value === undefined) {
      throw new ClickHouseArgumentError(`query parameter "${name}" is undefined; pass null for SQL NULL`);
    }
    if (Array.isArray(value)) {
      bound[name] = value.map((element: unknown, index: number) => {
        if (typeof element === 'string') return element;
        if (typeof element === 'number') return checkedNumber(element, `${name}[${index}]`);
        throw new ClickHouseArgumentError(`query parameter "${name}[${index}]" must be a string or a number`);
      });
      continue;
    }
    bound[name] = normalizeScalar(name, value as Exclude<typeof value, ReadonlyArray<string | number>>);
  }
  return bound;
}

function normalizeScalar(name: string, value: string | number | boolean | bigint | null | Date): string | number | bigint | null {
  if (value === null || typeof value === 'string' || typeof value === 'bigint') return value;
  if (typeof value === 'number') return checkedNumber(value, name);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return unixTimestamp(value, name);
  throw new ClickHouseArgumentError(`query parameter "${name}" has an unsupported type`);
}

function checkedNumber(value: number, name: string): number {
  if (!Number.isFinite(value)) throw new ClickHouseArgumentError(`query parameter "${name}" is not a finite number`);
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    throw new ClickHouseArgumentError(`query parameter "${name}" is an unsafe integer (${value}); pass a bigint or a string`);
  }
  return value;
}

function unixTimestamp(date: Date, name: string): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new ClickHouseArgumentError(`query parameter "${name}" is an invalid Date`);
  const seconds = Math.floor(ms / 1000);
  const millis = ms - seconds * 1000;
  return millis === 0 ? String(seconds) : `${seconds}.${String(millis).padStart(3, '0')}`;
}

/** Validates setting names and values (names reach SQL on the embedded driver). */
export function checkSettings(settings: ClickHouseSettings | undefined): ClickHouseSettings | undefined {
  if (settings === undefined) return undefined;
  const names = Object.keys(settings);
  if (names.length === 0) return undefined;
  for (const name of names) {
    if (!NAME.test(name)) throw new ClickHouseArgumentError(`invalid setting name ${JSON.stringify(name)}`);
    const value = settings[name];
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new ClickHouseArgumentError(`setting "${name}" is not a finite number`);
    }
    if (typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'boolean') {
      throw new ClickHouseArgumentError(`setting "${name}" must be a string, number or boolean`);
    }
  }
  return settings;
}

/** `SET a = 1, b = 'x'` for already checked settings; strings become escaped SQL literals. */
export function setStatement(settings: ClickHouseSettings): string {
  const parts = Object.entries(settings).map(([name, value]) => {
    if (typeof value === 'boolean') return `${name} = ${value ? 1 : 0}`;
    if (typeof value === 'number') return `${name} = ${String(value)}`;
    return `${name} = '${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  });
  return `SET ${parts.join(', ')}`;
}

/** The settings of an insert: our input defaults, the caller's settings, the dedup token. */
export function insertSettings(options: InsertOptions | undefined): Record<string, string | number | boolean> {
  const settings: Record<string, string | number | boolean> = { ...INSERT_SETTINGS, ...(checkSettings(options?.settings) ?? {}) };
  if (options?.deduplicationToken !== undefined) {
    if (options.deduplicationToken.length === 0) throw new ClickHouseArgumentError('deduplicationToken must not be empty');
    settings.insert_deduplication_token = options.deduplicationToken;
  }
  return settings;
}

/** One JSONEachRow line: bigint → string (exact), Date → ISO-8601 UTC (via Date#toJSON). */
export function stringifyJsonRow(row: unknown): string {
  return JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

/** Parses JSONEachRow output. */
export function parseJsonEachRow<T>(text: string): T[] {
  const rows: T[] = [];
  for (const line of text.split('\n')) {
    if (line.trim().length > 0) rows.push(JSON.parse(line) as T);
  }
  return rows;
}

/** The first `max` characters of a statement, for error messages (values are never in the SQL). */
export function sqlSnippet(sql: string, max = 160): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** `(UNKNOWN_TABLE)` at the end of a ClickHouse exception message. */
export function errorTypeFromMessage(message: string): string | undefined {
  const match = /\(([A-Z][A-Z0-9_]+)\)\s*(?:\(version [^)]*\))?\s*$/.exec(message.trim());
  return match?.[1];
}

/** What an error message says instead of a value it held. */
export const REDACTED = '***';

const QUOTED = /'(?:[^'\\]|\\.)*'/g;

/**
 * ClickHouse quotes the statement it ran (`In scope SELECT … CAST('SH-01', 'String')`,
 * `while executing '…'`): with the embedded engine the parameters are inlined into it (ADR 15).
 * Both clauses are cut; the statement is given beside, as written, with its `{name:Type}`
 * placeholders ({@link sqlSnippet}).
 */
function withoutStatementEchoes(message: string): string {
  return message
    .replace(/\b([Ii]n scope) [\s\S]*?(?=\.\s*\([A-Z][A-Z0-9_]*\)\s*(?:\(version [^)]*\))?\s*$|$)/, `$1 ${REDACTED}`)
    .replace(/\bwhile executing '(?:[^'\\]|\\.)*'/g, `while executing ${REDACTED}`);
}

/**
 * An engine error message fit for logs when the values it may quote are not known (the official
 * client's own log lines): the statement echoes cut and every quoted literal masked.
 */
export function redactEngineMessage(message: string): string {
  return withoutStatementEchoes(message).replace(QUOTED, `'${REDACTED}'`);
}

/** Every text form of the parameter values a message might quote: strings, array elements, numbers. */
function valueTexts(params: Readonly<Record<string, BoundParamValue>>): string[] {
  return Object.values(params).flatMap((value): string[] => {
    if (value === null) return [];
    if (Array.isArray(value)) return (value as ReadonlyArray<string | number>).map(String);
    return [String(value)];
  });
}

/**
 * An engine error message without the values of `params` (the server quotes a bound value it
 * cannot parse; the embedded engine's statement echoes hold them all): the statement echoes are
 * cut; a quoted literal is masked when it is a value, holds one, or starts one; and unquoted, each
 * value of four characters or more, or its start (a parser quotes the text from where it failed,
 * `Cannot parse date here: secret-to…`), is masked. Other quoted names (a table, a setting) stay.
 * Values shorter than four characters stay when unquoted: they cannot be told from the rest of the text.
 */
export function redactParamValues(message: string, params: Readonly<Record<string, BoundParamValue>> | undefined): string {
  let out = withoutStatementEchoes(message);
  if (!params) return out;
  const values = valueTexts(params).filter((v) => v.length > 0);
  out = out.replace(QUOTED, (quoted) => {
    const text = quoted.slice(1, -1);
    const related = values.some((v) => text === v || (v.length >= 4 && text.includes(v)) || (text.length >= 4 && v.startsWith(text)));
    return related ? `'${REDACTED}'` : quoted;
  });
  for (const value of values.filter((v) => v.length >= 4).sort((a, b) => b.length - a.length)) {
    let from = 0;
    for (;;) {
      const at = out.indexOf(value.slice(0, 4), from);
      if (at === -1) break;
      let end = at + 4;
      while (end < out.length && end - at < value.length && out[end] === value[end - at]) end += 1;
      out = `${out.slice(0, at)}${REDACTED}${out.slice(end)}`;
      from = at + REDACTED.length;
    }
  }
  return out;
}
