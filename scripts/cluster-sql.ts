// Prints the cluster form of the ClickHouse migrations (docs/adr/0022-clickhouse-cluster.md): what
// the migrator runs with CLICKHOUSE_CLUSTER set, for review before a deployment. Nothing is executed.
//
// Usage: npm run clickhouse:cluster-sql -- [--cluster NAME] [--database NAME] [FILE.sql …]
//   --cluster   default $CLICKHOUSE_CLUSTER, else {cluster} (the Altinity operator's macro)
//   --database  default $CLICKHOUSE_DATABASE, else kpi
//   FILE.sql    other single-node SQL to transform after the migrations (e.g. deploy/clickhouse/bi-views.sql)
import { ClusterSchemaTransformer, loadClickHouseMigrations, MIGRATIONS_DIR, splitSqlStatements } from '@app/clickhouse';
import { readFileSync } from 'node:fs';

const USAGE = 'usage: clickhouse:cluster-sql [--cluster NAME] [--database NAME] [FILE.sql …]';

async function main(argv: readonly string[]): Promise<number> {
  let cluster = process.env.CLICKHOUSE_CLUSTER || '{cluster}';
  let database = process.env.CLICKHOUSE_DATABASE || 'kpi';
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (arg === '--cluster' || arg === '--database') {
      const value = argv[++i];
      if (!value) throw new Error(`${arg} needs a value\n${USAGE}`);
      if (arg === '--cluster') cluster = value;
      else database = value;
      continue;
    }
    if (arg.startsWith('-')) throw new Error(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
    files.push(arg);
  }
  const transformer = new ClusterSchemaTransformer({ cluster, database });
  const out: string[] = [];
  for (const m of await loadClickHouseMigrations(MIGRATIONS_DIR)) {
    out.push(`-- ${m.fileName}`);
    for (const s of m.statements) for (const sql of transformer.transform(s.sql)) out.push(`${sql};\n`);
  }
  for (const file of files) {
    out.push(`-- ${file}`);
    for (const s of splitSqlStatements(readFileSync(file, 'utf8'), { requireSeparatorAtLineEnd: true })) {
      for (const sql of transformer.transform(s.sql)) out.push(`${sql};\n`);
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
