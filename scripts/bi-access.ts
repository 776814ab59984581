// BI analysts' ClickHouse accounts from the platform (issue #17 item 5; docs/bi.md "How access is
// granted"): reads the platform's users (analysts with their regions and branches; every other user
// and a disabled analyst have their bi_ user dropped) and the org structure from Postgres, and prints
// — or applies to a ClickHouse server — the idempotent DDL and scope rows of
// libs/projections/src/bi/bi-access.ts. With --apply it also drops the server's bi_ users that are
// no enabled analyst's (deleted users); never the platform's own (bi_definer, bi_grafana).
//
// Usage: bi-access.ts [--apply] [--database kpi] [--ldap-server NAME] [--today YYYY-MM-DD]
//   Postgres:   DATABASE_URL; else the server at 127.0.0.1:5432; else the embedded one under .data/
//   --apply:    run the statements on CLICKHOUSE_URL (+ CLICKHOUSE_USER/PASSWORD, a user with access
//               management); without it the SQL goes to stdout (e.g. `> analysts.sql`, then
//               `clickhouse-client --multiquery < analysts.sql`). The embedded engine cannot apply it.
//
// Run it after deploy/clickhouse/bi-access.sql and bi-views.sql, and again whenever an analyst is
// added, disabled or re-scoped (a cron job, or the step after a user change). A branch moving to
// another region needs no run: the row policies read the assignments the projector keeps current.
import 'reflect-metadata';
import { clickHouseConfigFromEnv, createClickHouseClient, describeClickHouseConfig } from '@app/clickhouse';
import { openEventStoreDataSource } from '@app/event-store';
import { redactUrl, resolvePostgres } from '@app/infra';
import { biAccessPlan, BiAnalyst, orgStructureFromEvents } from '@app/projections';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

const USAGE = 'usage: bi-access [--apply] [--database kpi] [--ldap-server NAME] [--today YYYY-MM-DD]';

interface Args {
  readonly apply: boolean;
  readonly database: string;
  readonly ldapServer?: string;
  readonly today: string;
}

function parseArgs(argv: readonly string[]): Args | 'help' {
  let apply = false;
  let database = process.env.CLICKHOUSE_DATABASE ?? 'kpi';
  let ldapServer: string | undefined;
  let today = new Date().toISOString().slice(0, 10);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${name} needs a value\n${USAGE}`);
      return v;
    };
    if (name === '--help' || name === '-h') return 'help';
    else if (name === '--apply') apply = true;
    else if (name === '--database') database = value();
    else if (name === '--ldap-server') ldapServer = value();
    else if (name === '--today') {
      today = value();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`--today must be YYYY-MM-DD, got ${today}`);
    } else throw new Error(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  return { apply, database, ldapServer, today };
}

async function readPlatform(dataSource: DataSource): Promise<{ analysts: BiAnalyst[]; org: ReturnType<typeof orgStructureFromEvents> }> {
  // Every user, not only analysts: one whose role changed from analyst to another loses BI access.
  const users = await dataSource.query<{ username: string; role: string; regions: string[]; branches: string[]; disabled: boolean }[]>(
    `SELECT username, role, regions, branches, disabled FROM users ORDER BY username`,
  );
  const events = await dataSource.query<{ type: string; payload: Record<string, unknown> }[]>(
    `SELECT type, payload FROM events WHERE type IN ('RegionDefined', 'BranchOpened', 'BranchRegionAssigned') ORDER BY global_position`,
  );
  return {
    analysts: users.map((u) => ({ username: u.username, role: u.role, regions: u.regions ?? [], branches: u.branches ?? [], disabled: u.disabled })),
    org: orgStructureFromEvents(events),
  };
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // The SQL goes to stdout: the framework's logs (TypeORM's migrations) must not (Nest logs to stdout).
  Logger.overrideLogger(['error']);
  const postgres = await resolvePostgres();
  process.stderr.write(`event store: ${redactUrl(postgres.url)} (${postgres.source})\n`);
  const dataSource = await openEventStoreDataSource({ url: postgres.url, applicationName: 'bi-access', poolSize: 2 });
  let platform: Awaited<ReturnType<typeof readPlatform>>;
  try {
    platform = await readPlatform(dataSource);
  } finally {
    await dataSource.destroy();
    await postgres.stop();
  }
  const options = { database: args.database, generation: Date.now(), today: args.today, ldapServer: args.ldapServer };
  const analysts = platform.analysts.filter((u) => u.role === 'analyst' && !u.disabled).length;
  if (!args.apply) {
    const plan = biAccessPlan(platform.analysts, platform.org, options);
    for (const warning of plan.warnings) process.stderr.write(`warning: ${warning}\n`);
    process.stderr.write('note: without --apply, bi_ users of the server that belong to no platform user are not listed (no server is read)\n');
    process.stdout.write(`${plan.script}\n`);
    return 0;
  }
  const config = clickHouseConfigFromEnv();
  if (config.driver !== 'server') throw new Error('--apply needs a ClickHouse server (CLICKHOUSE_URL): the embedded engine has access management off');
  process.stderr.write(`ClickHouse: ${describeClickHouseConfig(config)}\n`);
  const client = await createClickHouseClient(config);
  try {
    // The bi_ users the server has: those of no enabled analyst (deleted, renamed) are dropped too.
    const existing = await client.query<{ name: string }>("SELECT name FROM system.users WHERE startsWith(name, 'bi_') ORDER BY name");
    const plan = biAccessPlan(platform.analysts, platform.org, { ...options, existingUsers: existing.map((row) => row.name) });
    for (const warning of plan.warnings) process.stderr.write(`warning: ${warning}\n`);
    for (const sql of plan.statements) await client.command(sql);
    const drops = plan.statements.filter((sql) => sql.startsWith('DROP USER')).length;
    process.stderr.write(`applied ${plan.statements.length} statement(s) for ${analysts} enabled analyst(s); ${drops} DROP USER IF EXISTS\n`);
  } finally {
    await client.close();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bi-access: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
