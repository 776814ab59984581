import { ClickHouseArgumentError } from './clickhouse.errors';

export interface SplitSqlOptions {
  /**
   * `true` (migration files): a `;` separates statements only at the end of its line (optionally
   * followed by a `--` comment); a `;` followed by more SQL on the same line is an error, so one
   * line never hides two statements.
   * `false`: every `;` outside literals and comments separates statements.
   */
  readonly requireSeparatorAtLineEnd: boolean;
}

/** A statement split out of a SQL text: the text (no trailing `;`) and the line it starts on. */
export interface SqlStatement {
  readonly sql: string;
  readonly line: number;
}

/**
 * Splits SQL text into statements on `;`, understanding what may contain a `;` without ending a
 * statement: string literals `'...'` (with `\'` and `''` escapes), quoted identifiers `"..."` and
 * `` `...` ``, `-- line comments` and `/* block comments *\/`. Chunks holding nothing but comments
 * and whitespace are dropped. (ClickHouse `$$heredoc$$` literals are not recognised.)
 */
export function splitSqlStatements(text: string, options: SplitSqlOptions): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let line = 1;
  let hasCode = false;
  let i = 0;
  const n = text.length;

  // A statement starts at its first character of code: comments before it are not part of it.
  let codeStart = 0;
  let codeLine = 1;
  const markCode = () => {
    if (hasCode) return;
    hasCode = true;
    codeStart = i;
    codeLine = line;
  };
  const push = (end: number) => {
    if (hasCode) statements.push({ sql: text.slice(codeStart, end).trim(), line: codeLine });
    hasCode = false;
  };

  while (i < n) {
    const ch = text.charAt(i);
    const next = i + 1 < n ? text[i + 1] : '';
    if (ch === '\n') {
      line++;
      i++;
    } else if (ch === '-' && next === '-') {
      i = skipUntilNewline(text, i);
    } else if (ch === '/' && next === '*') {
      const openedAt = line;
      const close = text.indexOf('*/', i + 2);
      if (close < 0) throw new ClickHouseArgumentError(`unterminated /* comment opened on line ${openedAt}`);
      line += countNewlines(text.slice(i, close));
      i = close + 2;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      const openedAt = line;
      markCode();
      i++;
      let closed = false;
      while (i < n) {
        const c = text[i];
        if (c === '\\') {
          if (text[i + 1] === '\n') line++;
          i += 2;
        } else if (c === ch) {
          i++;
          closed = true;
          break;
        } else {
          if (c === '\n') line++;
          i++;
        }
      }
      if (!closed) {
        const what = ch === "'" ? 'string literal' : 'quoted identifier';
        throw new ClickHouseArgumentError(`unterminated ${what} (${ch}) opened on line ${openedAt}`);
      }
    } else if (ch === ';') {
      if (options.requireSeparatorAtLineEnd && !separatorEndsLine(text, i + 1)) {
        throw new ClickHouseArgumentError(`line ${line}: ';' must end its line – put each statement on its own line(s) and end it with ';'`);
      }
      push(i);
      i++;
    } else {
      if (!isWhitespace(ch)) markCode();
      i++;
    }
  }
  push(n);
  return statements;
}

/** Throws unless `sql` holds exactly one statement (a trailing `;` is allowed). */
export function assertSingleStatement(sql: string): void {
  const statements = splitSqlStatements(sql, { requireSeparatorAtLineEnd: false });
  if (statements.length === 0) throw new ClickHouseArgumentError('empty SQL statement');
  if (statements.length > 1) {
    throw new ClickHouseArgumentError(`expected one SQL statement per call, got ${statements.length} (the ClickHouse server refuses multi-statement requests)`);
  }
}

function separatorEndsLine(text: string, from: number): boolean {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) i++;
  if (i >= text.length || text[i] === '\n') return true;
  return text[i] === '-' && text[i + 1] === '-';
}

function skipUntilNewline(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

function countNewlines(s: string): number {
  let count = 0;
  for (const c of s) if (c === '\n') count++;
  return count;
}

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n' || ch === '\f' || ch === '\v';
}

const PLACEHOLDER = /^\{([A-Za-z_][A-Za-z0-9_]*):([^{}]+)\}/;

/** A SQL string literal of `text`: `\` and `'` escaped (ClickHouse's string-literal escapes). */
function stringLiteral(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * Replaces every `{name:Type}` query parameter outside literals, quoted identifiers and comments
 * with the bound value as a typed constant, `CAST('<text>' AS Type)` (arrays as
 * `CAST(['<text>', …] AS Type)`, whole numbers in arrays bare, null as `CAST(NULL AS Type)`): ClickHouse parses the text as the
 * type exactly as it parses a bound parameter. For the embedded driver, whose engine binds
 * parameters one query at a time per process (ADR 15). Throws {@link ClickHouseArgumentError} for a
 * parameter without a value.
 */
export function inlineQueryParams(sql: string, params: Readonly<Record<string, string | number | bigint | null | ReadonlyArray<string | number>>>): string {
  let out = '';
  let i = 0;
  const n = sql.length;
  const copyUntil = (end: number) => {
    out += sql.slice(i, end);
    i = end;
  };
  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < n && sql[j] !== c) j += sql[j] === '\\' ? 2 : 1;
      copyUntil(Math.min(j + 1, n));
    } else if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      copyUntil(end === -1 ? n : end);
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      copyUntil(end === -1 ? n : end + 2);
    } else if (c === '{') {
      const match = PLACEHOLDER.exec(sql.slice(i, i + 200));
      if (!match) {
        copyUntil(i + 1);
        continue;
      }
      const [whole, name, type] = match as unknown as [string, string, string];
      if (!Object.prototype.hasOwnProperty.call(params, name)) {
        throw new ClickHouseArgumentError(`query parameter "${name}" (${type}) is used but not given`);
      }
      const value = params[name];
      const literal =
        value === null || value === undefined
          ? 'NULL'
          : Array.isArray(value)
            ? `[${value.map((v) => (typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : stringLiteral(String(v)))).join(',')}]`
            : stringLiteral(String(value));
      out += `CAST(${literal} AS ${type.trim()})`;
      i += whole.length;
    } else {
      copyUntil(i + 1);
    }
  }
  return out;
}
