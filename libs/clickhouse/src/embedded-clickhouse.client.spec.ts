/**
 * Every test of this library that needs the embedded engine lives in this one file: chdb binds one
 * data directory per process and jest may run several spec files in one worker process.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { clickHouseContract, silentLogger, type ContractContext } from './clickhouse.contract';
import { ClickHouseArgumentError, ClickHouseClosedError, EmbeddedDataDirConflictError } from './clickhouse.errors';
import { createClickHouseClient } from './clickhouse.factory';
import { CLICKHOUSE_CLIENT, ClickHouseModule } from './clickhouse.module';
import type { ClickHouseClient } from './clickhouse.port';
import { acquireEmbeddedEngine, currentEmbeddedDataDir, EmbeddedClickHouseClient } from './embedded-clickhouse.client';
import { ClickHouseMigrationError, MIGRATIONS_DIR, runClickHouseMigrations, type MigrationLogger } from './migrations';

const dataDir = mkdtempSync(join(tmpdir(), 'kpi-ch-spec-'));
const scratch: string[] = [];
let client: EmbeddedClickHouseClient;
let openMs = 0;

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

function recordingLogger(): MigrationLogger & { messages: string[]; warnings: string[] } {
  const messages: string[] = [];
  const warnings: string[] = [];
  return { messages, warnings, log: (m) => void messages.push(m), warn: (m) => void warnings.push(m) };
}

beforeAll(async () => {
  const started = Date.now();
  client = await EmbeddedClickHouseClient.open({ dataDir, database: 'spec_main' });
  openMs = Date.now() - started;
});

afterAll(async () => {
  await client.close();
  rmSync(dataDir, { recursive: true, force: true });
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('EmbeddedClickHouseClient (chdb)', () => {
  it('opens the engine in the data directory and creates the database', async () => {
    expect(client.driver).toBe('embedded');
    expect(client.database).toBe('spec_main');
    expect(await client.ping()).toBe(true);
    expect(openMs).toBeLessThan(30_000);
    const [row] = await client.query<{ db: string; exists: number }>(
      "SELECT currentDatabase() AS db, (SELECT count() FROM system.databases WHERE name = 'spec_main') = 1 AS exists",
    );
    expect(row).toEqual({ db: 'spec_main', exists: 1 });
    expect(readdirSync(dataDir).length).toBeGreaterThan(0);
  });

  describe('contract shared with the server driver', () => {
    const opened: ClickHouseClient[] = [];
    const ctx: ContractContext = {
      get client() {
        return client;
      },
      runId: String(process.pid),
      openClient: async (database) => {
        const other = await EmbeddedClickHouseClient.open({ dataDir, database });
        opened.push(other);
        return other;
      },
    };
    afterAll(async () => {
      for (const other of opened) await other.close();
    });
    for (const contractCase of clickHouseContract) {
      it(contractCase.name, () => contractCase.run(ctx));
    }
  });

  it('refuses a second statement in one call (the server would)', async () => {
    await expect(client.command('SELECT 1; DROP DATABASE spec_main')).rejects.toThrow(ClickHouseArgumentError);
    await expect(client.query("SELECT 'a;b' AS s; -- trailing")).resolves.toEqual([{ s: 'a;b' }]);
  });

  it('shares one engine per data directory and refuses a second directory', async () => {
    const first = await acquireEmbeddedEngine(dataDir);
    const second = await acquireEmbeddedEngine(join(dataDir, '.'));
    try {
      expect(second.session).toBe(first.session);
      expect(currentEmbeddedDataDir()).toBe(first.dataDir);
      const otherDir = tempDir('kpi-ch-other-');
      await expect(acquireEmbeddedEngine(otherDir)).rejects.toThrow(EmbeddedDataDirConflictError);
      await expect(EmbeddedClickHouseClient.open({ dataDir: otherDir, database: 'x' })).rejects.toThrow(/one data directory per process/);
    } finally {
      await second.release();
      await second.release();
      await first.release();
    }
    expect(await client.ping()).toBe(true);
  });

  it('runs a short query beside a long one instead of behind it (a pool of connections)', async () => {
    const finished: string[] = [];
    const long = client.query<{ n: string }>('SELECT count() AS n FROM numbers(400000000) WHERE sipHash64(number) % 7 = 1').then(() => finished.push('long'));
    // The long statement is already on a connection: a call is handed to one synchronously.
    const short = client.query<{ one: number }>('SELECT 1 AS one').then((rows) => finished.push(`short ${rows[0]?.one}`));
    await Promise.all([long, short]);
    expect(finished).toEqual(['short 1', 'long']);
    const lease = await acquireEmbeddedEngine(dataDir);
    try {
      expect(lease.connections).toBeGreaterThanOrEqual(2);
      expect(lease.connections).toBeLessThanOrEqual(3);
    } finally {
      await lease.release();
    }
  });

  it('opens no more connections than the pool allows, queueing on the least busy one', async () => {
    const lease = await acquireEmbeddedEngine(dataDir);
    try {
      const calls = Array.from({ length: 12 }, (_, i) =>
        lease.withConnection((session) => session.queryAsync(`SELECT ${i} AS i`, { format: 'CSV' })).then((r) => Number(r.text().trim())),
      );
      expect(await Promise.all(calls)).toEqual(Array.from({ length: 12 }, (_, i) => i));
      expect(lease.connections).toBeLessThanOrEqual(3);
      await expect(acquireEmbeddedEngine(dataDir, 0)).rejects.toThrow(/1 to 64/);
    } finally {
      await lease.release();
    }
  });

  it('keeps the databases of clients sharing the engine apart', async () => {
    const other = await EmbeddedClickHouseClient.open({ dataDir, database: 'spec_other' });
    try {
      await client.command('CREATE TABLE shared_name (v String) ENGINE = MergeTree ORDER BY v');
      await other.command('CREATE TABLE shared_name (v String) ENGINE = MergeTree ORDER BY v');
      await Promise.all([client.insert('shared_name', [{ v: 'main' }]), other.insert('shared_name', [{ v: 'other' }])]);
      const [mine, theirs] = await Promise.all([
        client.query<{ v: string; db: string }>('SELECT v, currentDatabase() AS db FROM shared_name'),
        other.query<{ v: string; db: string }>('SELECT v, currentDatabase() AS db FROM shared_name', {}, { max_threads: 1 }),
      ]);
      expect(mine).toEqual([{ v: 'main', db: 'spec_main' }]);
      expect(theirs).toEqual([{ v: 'other', db: 'spec_other' }]);
      await expect(client.query<{ v: string }>('SELECT v FROM spec_other.shared_name')).resolves.toEqual([{ v: 'other' }]);
    } finally {
      await other.close();
    }
    expect(await client.ping()).toBe(true);
  });

  it('runs queries concurrently without mixing up parameters', async () => {
    const values = Array.from({ length: 40 }, (_, i) => `value-${i}-'quoted'`);
    const results = await Promise.all(values.map((v, i) => client.query<{ v: string; i: number }>('SELECT {v:String} AS v, {i:UInt32} AS i', { v, i })));
    expect(results.map(([row]) => row)).toEqual(values.map((v, i) => ({ v, i })));
  });

  it('closes idempotently and refuses use after close', async () => {
    const other = await EmbeddedClickHouseClient.open({ dataDir, database: 'spec_closing' });
    await other.close();
    await other.close();
    expect(await other.ping()).toBe(false);
    await expect(other.query('SELECT 1')).rejects.toThrow(ClickHouseClosedError);
    await expect(other.insert('t', [{ a: 1 }])).rejects.toThrow(ClickHouseClosedError);
    expect(await client.ping()).toBe(true);
  });

  it('opens through createClickHouseClient from an embedded config', async () => {
    const viaFactory = await createClickHouseClient({ driver: 'embedded', dataDir, database: 'spec_factory' });
    try {
      expect(viaFactory).toBeInstanceOf(EmbeddedClickHouseClient);
      await expect(viaFactory.query('SELECT currentDatabase() AS db')).resolves.toEqual([{ db: 'spec_factory' }]);
    } finally {
      await viaFactory.close();
    }
  });

  it('provides the client through ClickHouseModule and closes it on shutdown', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ClickHouseModule.forRoot(() => ({ driver: 'embedded', dataDir, database: 'spec_nest' }))],
    }).compile();
    await moduleRef.init();
    const injected = moduleRef.get<ClickHouseClient>(CLICKHOUSE_CLIENT);
    expect(injected.database).toBe('spec_nest');
    await expect(injected.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
    await moduleRef.close();
    expect(await injected.ping()).toBe(false);
    expect(await client.ping()).toBe(true);
  });
});

describe('runClickHouseMigrations (embedded)', () => {
  let n = 0;
  async function freshClient(): Promise<EmbeddedClickHouseClient> {
    n++;
    return EmbeddedClickHouseClient.open({ dataDir, database: `spec_mig_${n}` });
  }

  it('applies a multi-statement file with comments and a ; inside a string literal', async () => {
    const dir = tempDir('kpi-ch-mig-');
    writeFileSync(
      join(dir, '0001_init.sql'),
      `-- KPI facts;
CREATE TABLE deals (
    id UInt32,
    label String DEFAULT 'x;
y;',             -- a literal spanning lines, ; at the end of both
    amount Decimal(18, 2)
) ENGINE = MergeTree
ORDER BY id;

/* seed data;
   more comment; */
INSERT INTO deals (id, label, amount) VALUES
    (1, 'it''s; fine', 1234567890123.45),
    (2, 'back\\\\slash; and \\'quote\\';', 0.10); -- comment after the separator

-- a comment-only tail;
`,
    );
    writeFileSync(join(dir, '0010_view.sql'), 'CREATE VIEW deal_totals AS SELECT sum(amount) AS total FROM deals\n');
    writeFileSync(join(dir, '0002_index.sql'), "ALTER TABLE deals ADD COLUMN branch LowCardinality(String) DEFAULT 'north';\n");
    writeFileSync(join(dir, 'README.md'), '# not a migration; ignored\n');
    writeFileSync(join(dir, '.gitkeep'), '');

    const migrations = await freshClient();
    const logger = recordingLogger();
    try {
      const result = await runClickHouseMigrations(migrations, dir, { logger });
      expect(result.applied.map((m) => m.fileName)).toEqual(['0001_init.sql', '0002_index.sql', '0010_view.sql']);
      expect(result.applied[0]!.statements.map((s) => s.line)).toEqual([2, 12]);
      await expect(migrations.query('SELECT id, label, amount, branch FROM deals ORDER BY id')).resolves.toEqual([
        { id: 1, label: "it's; fine", amount: '1234567890123.45', branch: 'north' },
        { id: 2, label: "back\\slash; and 'quote';", amount: '0.10', branch: 'north' },
      ]);
      await expect(migrations.query('SELECT total FROM deal_totals')).resolves.toEqual([{ total: '1234567890123.55' }]);
      expect(logger.messages).toHaveLength(3);

      const rerun = await runClickHouseMigrations(migrations, dir, { logger });
      expect(rerun).toEqual({ applied: [], alreadyApplied: 3 });
      expect(logger.messages[3]).toMatch(/up to date/);
      await expect(migrations.query('SELECT count() AS n FROM deals')).resolves.toEqual([{ n: '2' }]);
      await expect(migrations.query('SELECT version FROM schema_migrations ORDER BY version')).resolves.toEqual([
        { version: 1 },
        { version: 2 },
        { version: 10 },
      ]);
    } finally {
      await migrations.close();
    }
  });

  it('fails clearly on an edited migration, applying nothing', async () => {
    const dir = tempDir('kpi-ch-mig-');
    writeFileSync(join(dir, '0001_t.sql'), 'CREATE TABLE t (id UInt32) ENGINE = MergeTree ORDER BY id;\n');
    const migrations = await freshClient();
    try {
      await runClickHouseMigrations(migrations, dir, { logger: silentLogger });
      writeFileSync(join(dir, '0001_t.sql'), 'CREATE TABLE t (id UInt64) ENGINE = MergeTree ORDER BY id;\n');
      writeFileSync(join(dir, '0002_u.sql'), 'CREATE TABLE u (id UInt32) ENGINE = MergeTree ORDER BY id;\n');
      const failure = runClickHouseMigrations(migrations, dir, { logger: silentLogger });
      await expect(failure).rejects.toThrow(ClickHouseMigrationError);
      await expect(failure).rejects.toThrow(/0001_t\.sql.*edited|edited.*0001_t\.sql/s);
      await expect(migrations.query("SELECT name FROM system.tables WHERE database = currentDatabase() AND name = 'u'")).resolves.toEqual([]);

      // Line endings alone are not an edit (a CRLF checkout must not fail the deploy).
      writeFileSync(join(dir, '0001_t.sql'), 'CREATE TABLE t (id UInt32) ENGINE = MergeTree ORDER BY id;\r\n');
      const result = await runClickHouseMigrations(migrations, dir, { logger: silentLogger });
      expect(result.applied.map((m) => m.version)).toEqual([2]);
    } finally {
      await migrations.close();
    }
  });

  it('stops at a failing statement, names it, and does not record the migration', async () => {
    const dir = tempDir('kpi-ch-mig-');
    writeFileSync(join(dir, '0001_broken.sql'), 'CREATE TABLE IF NOT EXISTS ok_table (id UInt32) ENGINE = MergeTree ORDER BY id;\n\nSELEKT nonsense;\n');
    const migrations = await freshClient();
    try {
      await expect(runClickHouseMigrations(migrations, dir, { logger: silentLogger })).rejects.toThrow(
        /0001_broken\.sql failed at statement 2\/2 \(line 3\).*Statements 1-1 of this migration were applied/s,
      );
      await expect(migrations.query('SELECT count() AS n FROM schema_migrations')).resolves.toEqual([{ n: '0' }]);
      // Fixed file (idempotent first statement): the rerun completes it.
      writeFileSync(join(dir, '0001_broken.sql'), 'CREATE TABLE IF NOT EXISTS ok_table (id UInt32) ENGINE = MergeTree ORDER BY id;\n\nSELECT 1;\n');
      const result = await runClickHouseMigrations(migrations, dir, { logger: silentLogger });
      expect(result.applied).toHaveLength(1);
    } finally {
      await migrations.close();
    }
  });

  it('rejects malformed migration directories before touching the database', async () => {
    const migrations = await freshClient();
    try {
      const badName = tempDir('kpi-ch-mig-');
      writeFileSync(join(badName, 'create_things.sql'), 'SELECT 1;\n');
      await expect(runClickHouseMigrations(migrations, badName, { logger: silentLogger })).rejects.toThrow(/does not match NNNN_name\.sql/);

      const duplicate = tempDir('kpi-ch-mig-');
      writeFileSync(join(duplicate, '0001_a.sql'), 'SELECT 1;\n');
      writeFileSync(join(duplicate, '001_b.sql'), 'SELECT 2;\n');
      await expect(runClickHouseMigrations(migrations, duplicate, { logger: silentLogger })).rejects.toThrow(/share version 1/);

      const twoOnALine = tempDir('kpi-ch-mig-');
      writeFileSync(join(twoOnALine, '0001_a.sql'), 'SELECT 1; SELECT 2;\n');
      await expect(runClickHouseMigrations(migrations, twoOnALine, { logger: silentLogger })).rejects.toThrow(/line 1: ';' must end its line/);

      const unterminated = tempDir('kpi-ch-mig-');
      writeFileSync(join(unterminated, '0001_a.sql'), "SELECT 'oops;\n");
      await expect(runClickHouseMigrations(migrations, unterminated, { logger: silentLogger })).rejects.toThrow(/unterminated string literal/);

      await expect(runClickHouseMigrations(migrations, join(badName, 'missing'), { logger: silentLogger })).rejects.toThrow(
        /cannot read the ClickHouse migrations directory/,
      );
      await expect(migrations.query('SELECT name FROM system.tables WHERE database = currentDatabase()')).resolves.toEqual([]);
    } finally {
      await migrations.close();
    }
  });

  it('warns about recorded migrations without a file and runs the repository directory', async () => {
    const dir = tempDir('kpi-ch-mig-');
    writeFileSync(join(dir, '0005_x.sql'), 'SELECT 1;\n');
    const migrations = await freshClient();
    try {
      await runClickHouseMigrations(migrations, dir, { logger: silentLogger });
      const logger = recordingLogger();
      const empty = tempDir('kpi-ch-mig-');
      await expect(runClickHouseMigrations(migrations, empty, { logger })).resolves.toEqual({ applied: [], alreadyApplied: 0 });
      expect(logger.warnings.join('\n')).toMatch(/migration 5_x is recorded in spec_mig_\d+\.schema_migrations but has no file/);

      expect(MIGRATIONS_DIR).toBe(join(__dirname, '..', 'migrations'));
      expect(existsSync(MIGRATIONS_DIR)).toBe(true);
      const repo = await freshClient();
      try {
        const result = await runClickHouseMigrations(repo, MIGRATIONS_DIR, { logger: silentLogger });
        expect(result.alreadyApplied).toBe(0);
        const again = await runClickHouseMigrations(repo, undefined, { logger: silentLogger });
        expect(again.applied).toEqual([]);
      } finally {
        await repo.close();
      }
    } finally {
      await migrations.close();
    }
  });

  it('serializes concurrent runs on one client', async () => {
    const dir = tempDir('kpi-ch-mig-');
    writeFileSync(join(dir, '0001_a.sql'), 'CREATE TABLE a (id UInt32) ENGINE = MergeTree ORDER BY id;\n');
    writeFileSync(join(dir, '0002_b.sql'), 'INSERT INTO a VALUES (1);\n');
    const migrations = await freshClient();
    try {
      const [one, two] = await Promise.all([
        runClickHouseMigrations(migrations, dir, { logger: silentLogger }),
        runClickHouseMigrations(migrations, dir, { logger: silentLogger }),
      ]);
      expect(one.applied.length + two.applied.length).toBe(2);
      await expect(migrations.query('SELECT count() AS n FROM a')).resolves.toEqual([{ n: '1' }]);
    } finally {
      await migrations.close();
    }
  });
});

describe('engine lifecycle', () => {
  it('persists data across a reopen and allows another directory once every client closed', async () => {
    await client.command('CREATE TABLE IF NOT EXISTS persisted (v Decimal(18, 2)) ENGINE = MergeTree ORDER BY v');
    await client.insert('persisted', [{ v: '42.42' }]);
    await client.close();
    expect(currentEmbeddedDataDir()).toBeUndefined();

    const otherDir = tempDir('kpi-ch-next-');
    const elsewhere = await EmbeddedClickHouseClient.open({ dataDir: otherDir, database: 'kpi' });
    await expect(elsewhere.query('SELECT count() AS n FROM system.tables WHERE database = {db:String}', { db: 'spec_main' })).resolves.toEqual([{ n: '0' }]);
    await elsewhere.close();

    client = await EmbeddedClickHouseClient.open({ dataDir, database: 'spec_main' });
    await expect(client.query('SELECT v FROM persisted')).resolves.toEqual([{ v: '42.42' }]);
  });
});
