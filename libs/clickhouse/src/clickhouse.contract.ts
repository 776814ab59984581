/**
 * Behaviour every {@link ClickHouseClient} driver must show, written once and run by the embedded
 * spec (chdb) and by the server int-spec (when CLICKHOUSE_URL is set). Plain `node:assert` so it
 * type-checks outside jest; not exported from the library's index.
 */
import { deepStrictEqual, ok, rejects, strictEqual } from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClickHouseArgumentError, ClickHouseQueryError } from './clickhouse.errors';
import type { ClickHouseClient } from './clickhouse.port';
import { ClickHouseMigrationError, runClickHouseMigrations, type MigrationLogger } from './migrations';

export interface ContractContext {
  /** The client under test (its database is fresh and private to the run). */
  readonly client: ClickHouseClient;
  /** Another client of the same driver on a fresh database of the given name. */
  readonly openClient: (database: string) => Promise<ClickHouseClient>;
  /** A unique suffix for database names of this run. */
  readonly runId: string;
}

export interface ContractCase {
  readonly name: string;
  run(ctx: ContractContext): Promise<void>;
}

/** Strings that would break or subvert an interpolated query. */
export const HOSTILE_STRINGS: readonly string[] = [
  "O'Brien",
  "x'); DROP TABLE sales; --",
  "\\'; SELECT 1; --",
  'back\\slash \\n not-a-newline',
  'tab\tnew\nline\rreturn',
  '{other:String} $1 ? %s',
  '"double" `back` ;',
  'Škoda Citroën 日本 🚗',
  '',
];

export const silentLogger: MigrationLogger = { log: () => undefined, warn: () => undefined };

export const clickHouseContract: readonly ContractCase[] = [
  {
    name: 'binds string parameters server-side, quotes and SQL metacharacters included',
    async run({ client }) {
      for (const value of HOSTILE_STRINGS) {
        const rows = await client.query<{ s: string; n: string }>('SELECT {s:String} AS s, length({s:String}) AS n', { s: value });
        deepStrictEqual(rows, [{ s: value, n: String(Buffer.byteLength(value, 'utf8')) }]);
      }
      await client.command('CREATE TABLE c_names (id UInt32, name String) ENGINE = MergeTree ORDER BY id');
      await client.insert(
        'c_names',
        HOSTILE_STRINGS.map((name, id) => ({ id, name })),
      );
      for (const [id, name] of HOSTILE_STRINGS.entries()) {
        const rows = await client.query<{ id: number }>('SELECT id FROM c_names WHERE name = {name:String}', { name });
        deepStrictEqual(rows, [{ id }]);
      }
      const all = await client.query<{ n: string }>('SELECT count() AS n FROM c_names');
      deepStrictEqual(all, [{ n: String(HOSTILE_STRINGS.length) }]);
      const some = await client.query<{ id: number }>('SELECT id FROM c_names WHERE name IN {names:Array(String)} ORDER BY id', {
        names: HOSTILE_STRINGS.slice(0, 2),
      });
      deepStrictEqual(some, [{ id: 0 }, { id: 1 }]);
    },
  },
  {
    name: 'keeps Decimals exact as strings: insert, read, aggregate, bind',
    async run({ client }) {
      await client.command('CREATE TABLE c_money (id UInt32, amount Decimal(18, 2), rate Decimal(38, 10)) ENGINE = MergeTree ORDER BY id');
      const amounts = ['1234567890123.45', '0.10', '-0.01', '9999999999999999.99', '0.00'];
      await client.insert(
        'c_money',
        amounts.map((amount, id) => ({ id, amount, rate: '12345678901234567890123456.0123456789' })),
      );
      const rows = await client.query<{ id: number; amount: string; rate: string }>('SELECT id, amount, rate FROM c_money ORDER BY id');
      deepStrictEqual(
        rows.map((r) => r.amount),
        amounts,
      );
      strictEqual(rows[0]?.rate, '12345678901234567890123456.0123456789');
      const [sum] = await client.query<{ total: string }>('SELECT sum(amount) AS total FROM c_money WHERE id < 3');
      strictEqual(sum?.total, '1234567890123.54');
      const [found] = await client.query<{ id: number; echoed: string }>(
        'SELECT id, {amount:Decimal(18, 2)} AS echoed FROM c_money WHERE amount = {amount:Decimal(18, 2)}',
        { amount: '1234567890123.45' },
      );
      deepStrictEqual(found, { id: 0, echoed: '1234567890123.45' });
    },
  },
  {
    name: 'returns 64-bit integers as strings and binds bigint, number, boolean, null and arrays',
    async run({ client }) {
      const [row] = await client.query<Record<string, unknown>>(
        `SELECT {big:Int64} AS big, {u:UInt64} AS u, {small:UInt32} AS small, {f:Float64} AS f,
                {flag:Bool} AS flag, {nothing:Nullable(String)} AS nothing, {ids:Array(UInt32)} AS ids,
                toInt64(9007199254740993) AS literal`,
        { big: 9007199254740993n, u: '18446744073709551615', small: 42, f: 0.5, flag: true, nothing: null, ids: [1, 2, 3] },
      );
      deepStrictEqual(row, {
        big: '9007199254740993',
        u: '18446744073709551615',
        small: 42,
        f: 0.5,
        flag: true,
        nothing: null,
        ids: [1, 2, 3],
        literal: '9007199254740993',
      });
      await rejects(client.query('SELECT {n:Int64} AS n', { n: 2 ** 60 }), ClickHouseArgumentError);
      await rejects(client.query('SELECT {n:String} AS n', { n: undefined as unknown as string }), ClickHouseArgumentError);
    },
  },
  {
    name: 'writes and reads Dates exactly (UTC, milliseconds) through inserts and parameters',
    async run({ client }) {
      await client.command("CREATE TABLE c_times (id UInt32, at DateTime64(3, 'UTC'), day Date, seq UInt64) ENGINE = MergeTree ORDER BY id");
      const at = new Date('2024-02-29T23:59:58.123Z');
      await client.insert('c_times', [{ id: 1, at, day: '2024-02-29', seq: 18446744073709551615n }]);
      const rows = await client.query<{ at: string; day: string; seq: string; same: number }>(
        'SELECT at, day, seq, at = {at:DateTime64(3)} AS same FROM c_times',
        { at },
      );
      deepStrictEqual(rows, [{ at: '2024-02-29 23:59:58.123', day: '2024-02-29', seq: '18446744073709551615', same: 1 }]);
    },
  },
  {
    name: 'deduplicates a ReplacingMergeTree with the final setting, for that call only',
    async run({ client }) {
      await client.command(
        'CREATE TABLE c_kpis (branch String, day Date, revenue Decimal(18, 2), version UInt64) ENGINE = ReplacingMergeTree(version) ORDER BY (branch, day)',
      );
      // Three inserts = three parts, kept apart so the reads below see unmerged data.
      await client.command('SYSTEM STOP MERGES c_kpis');
      await client.insert('c_kpis', [{ branch: 'north', day: '2024-05-01', revenue: '100.00', version: '1' }]);
      await client.insert('c_kpis', [{ branch: 'north', day: '2024-05-01', revenue: '250.50', version: '3' }]);
      await client.insert('c_kpis', [{ branch: 'north', day: '2024-05-01', revenue: '175.25', version: '2' }]);
      const merged = await client.query<{ revenue: string }>('SELECT revenue FROM c_kpis', {}, { final: 1 });
      deepStrictEqual(merged, [{ revenue: '250.50' }]);
      const finalKeyword = await client.query<{ revenue: string }>('SELECT revenue FROM c_kpis FINAL');
      deepStrictEqual(finalKeyword, [{ revenue: '250.50' }]);
      const raw = await client.query<{ n: string; final_setting: unknown }>("SELECT count() AS n, toString(getSetting('final')) AS final_setting FROM c_kpis");
      deepStrictEqual(raw, [{ n: '3', final_setting: 'false' }]);
    },
  },
  {
    name: 'drops a retried insert that carries the same deduplication token',
    async run({ client }) {
      await client.command(
        'CREATE TABLE c_facts (id UInt32, amount Decimal(18, 2)) ENGINE = MergeTree ORDER BY id SETTINGS non_replicated_deduplication_window = 100',
      );
      const rows = [{ id: 1, amount: '10.00' }];
      await client.insert('c_facts', rows, { deduplicationToken: 'batch-1' });
      await client.insert('c_facts', rows, { deduplicationToken: 'batch-1' });
      await client.insert('c_facts', rows, { deduplicationToken: 'batch-2' });
      const [count] = await client.query<{ n: string }>('SELECT count() AS n FROM c_facts');
      strictEqual(count?.n, '2');
      await client.insert('c_facts', []);
    },
  },
  {
    name: 'supports INSERT ... SELECT with parameters and EXCHANGE TABLES',
    async run({ client }) {
      await client.command('CREATE TABLE c_live (k String, v UInt32) ENGINE = MergeTree ORDER BY k');
      await client.command('CREATE TABLE c_shadow (k String, v UInt32) ENGINE = MergeTree ORDER BY k');
      await client.command('INSERT INTO c_shadow SELECT {k:String}, number FROM numbers(3)', { k: 'rebuilt' });
      await client.command('EXCHANGE TABLES c_live AND c_shadow');
      const rows = await client.query<{ n: string; k: string }>('SELECT count() AS n, any(k) AS k FROM c_live');
      deepStrictEqual(rows, [{ n: '3', k: 'rebuilt' }]);
    },
  },
  {
    name: 'reports engine errors as ClickHouseQueryError with code and type',
    async run({ client }) {
      await rejects(client.query('SELECT * FROM c_does_not_exist'), (error: unknown) => {
        ok(error instanceof ClickHouseQueryError, String(error));
        strictEqual(error.driver, client.driver);
        strictEqual(error.clickhouseCode, 60);
        strictEqual(error.type, 'UNKNOWN_TABLE');
        return true;
      });
      await rejects(client.command('SELECT 1; SELECT 2'), ClickHouseArgumentError);
      await rejects(client.insert('bad name', [{ a: 1 }]), ClickHouseArgumentError);
      strictEqual(await client.ping(), true);
    },
  },
  {
    name: 'never quotes a parameter value in an error (the embedded engine inlines them; the server echoes bad ones)',
    async run({ client }) {
      const secret = `secret-param-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const failing: [string, Record<string, string | string[]>][] = [
        ['SELECT toDate({s:String}) AS d', { s: secret }],
        ['SELECT toUInt32({s:String}) AS n', { s: secret }],
        ['SELECT {s:UInt32} AS n', { s: secret }],
        ['SELECT * FROM c_nowhere WHERE x = {s:String}', { s: secret }],
        ['SELECT * FROM c_nowhere WHERE x IN {s:Array(String)}', { s: [secret, `${secret}-2`] }],
        ['SELECT throwIf(1, {s:String})', { s: secret }],
      ];
      for (const [sql, params] of failing) {
        await rejects(client.query(sql, params), (error: unknown) => {
          ok(error instanceof ClickHouseQueryError, String(error));
          ok(!error.message.includes('secret-param'), `${sql}: ${error.message}`);
          ok(error.message.includes(`in: ${sql}`), error.message);
          ok(error.cause === undefined || !String((error.cause as Error).message).includes('secret-param'), 'the cause quotes the value');
          return true;
        });
      }
    },
  },
  {
    name: 'applies migrations once, records them, reruns idempotently and detects an edited one',
    async run({ openClient, runId }) {
      const dir = mkdtempSync(join(tmpdir(), 'kpi-ch-migrations-'));
      const client = await openClient(`contract_mig_${runId}`);
      try {
        writeFileSync(
          join(dir, '0001_create_sales.sql'),
          [
            '-- sales facts; a ; in this comment is not a separator;',
            'CREATE TABLE sales (',
            '  id UInt32, -- the deal',
            "  note String DEFAULT 'a;b', /* block ; comment */",
            '  amount Decimal(18, 2)',
            ') ENGINE = MergeTree ORDER BY id;',
            '',
            "INSERT INTO sales (id, note, amount) VALUES (1, 'semi;colon at line end;', 12.34);",
            '/* trailing',
            '   comment; */',
          ].join('\n'),
        );
        const first = await runClickHouseMigrations(client, dir, { logger: silentLogger });
        deepStrictEqual(
          first.applied.map((m) => m.fileName),
          ['0001_create_sales.sql'],
        );
        deepStrictEqual(first.applied[0]?.statements.length, 2);
        const sales = await client.query<{ note: string; amount: string }>('SELECT note, amount FROM sales');
        deepStrictEqual(sales, [{ note: 'semi;colon at line end;', amount: '12.34' }]);

        writeFileSync(join(dir, '0002_add_branch.sql'), "ALTER TABLE sales ADD COLUMN branch String DEFAULT 'north';\n");
        const second = await runClickHouseMigrations(client, dir, { logger: silentLogger });
        deepStrictEqual(
          second.applied.map((m) => m.version),
          [2],
        );
        strictEqual(second.alreadyApplied, 1);

        const third = await runClickHouseMigrations(client, dir, { logger: silentLogger });
        deepStrictEqual(third, { applied: [], alreadyApplied: 2 });
        const recorded = await client.query<{ version: number; name: string; checksum: string; applied_at: string }>(
          'SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version',
        );
        deepStrictEqual(
          recorded.map((r) => [r.version, r.name]),
          [
            [1, 'create_sales'],
            [2, 'add_branch'],
          ],
        );
        ok(recorded.every((r) => /^[0-9a-f]{64}$/.test(r.checksum) && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/.test(r.applied_at)));

        writeFileSync(join(dir, '0002_add_branch.sql'), "ALTER TABLE sales ADD COLUMN branch String DEFAULT 'south';\n");
        writeFileSync(join(dir, '0003_more.sql'), 'CREATE TABLE more (id UInt32) ENGINE = MergeTree ORDER BY id;\n');
        await rejects(runClickHouseMigrations(client, dir, { logger: silentLogger }), (error: unknown) => {
          ok(error instanceof ClickHouseMigrationError, String(error));
          ok(error.message.includes('0002_add_branch.sql') && error.message.includes('edited'), error.message);
          return true;
        });
        const more = await client.query<{ n: string }>("SELECT count() AS n FROM system.tables WHERE database = {db:String} AND name = 'more'", {
          db: client.database,
        });
        deepStrictEqual(more, [{ n: '0' }]);
      } finally {
        await client.command(`DROP DATABASE IF EXISTS ${client.database}`);
        await client.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
