/**
 * The SQL that BI tools run, as the tests check it (bi-views.clickhouse.spec.ts): the queries of
 * the provisioned Grafana dashboard (deploy/grafana/dashboards/head-office.json) and the example
 * queries of docs/bi.md, turned into SQL the embedded engine runs against the `bi_*` views.
 */

export interface ToolQuery {
  /** Where it comes from: the panel title, or the docs heading and block number. */
  readonly where: string;
  readonly sql: string;
}

interface Panel {
  readonly title?: string;
  readonly targets?: readonly { readonly rawSql?: string; readonly refId?: string }[];
  readonly panels?: readonly Panel[];
}

interface Dashboard {
  readonly panels?: readonly Panel[];
  readonly templating?: { readonly list?: readonly { readonly name?: string; readonly query?: unknown; readonly type?: string }[] };
}

/** Every rawSql of every panel (rows included) and every query variable of the dashboard. */
export function dashboardQueries(dashboard: Dashboard): ToolQuery[] {
  const out: ToolQuery[] = [];
  const walk = (panels: readonly Panel[]) => {
    for (const panel of panels) {
      for (const target of panel.targets ?? [])
        if (target.rawSql) out.push({ where: `panel "${panel.title ?? '?'}" ${target.refId ?? ''}`.trim(), sql: target.rawSql });
      walk(panel.panels ?? []);
    }
  };
  walk(dashboard.panels ?? []);
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.type === 'query' && typeof variable.query === 'string') out.push({ where: `variable ${variable.name ?? '?'}`, sql: variable.query });
  }
  return out;
}

/** Every fenced ```sql block of a Markdown text, with the heading it is under. */
export function docsQueries(markdown: string): ToolQuery[] {
  const out: ToolQuery[] = [];
  let heading = '';
  let block: string[] | undefined;
  let n = 0;
  for (const line of markdown.split('\n')) {
    if (block) {
      if (line.startsWith('```')) {
        out.push({ where: `${heading} #${++n}`, sql: block.join('\n').trim() });
        block = undefined;
      } else block.push(line);
      continue;
    }
    if (/^#+ /.test(line)) {
      heading = line.replace(/^#+ /, '');
      n = 0;
    } else if (line.trim() === '```sql') block = [];
  }
  return out;
}

/** Sample values of the dashboard's template variables. */
const VARIABLES: Readonly<Record<string, readonly string[]>> = {
  region: ['EAST', 'SOUTH'],
  branch: ['SH-01', 'GZ-01'],
  kpi: ['service_revenue'],
  currency: ['CNY'],
};
const FROM = '2026-01-01 00:00:00';
const TO = '2026-12-31 23:59:59';

/**
 * A query of a BI tool as the embedded engine runs it: Grafana's macros of the ClickHouse data
 * source (`$__timeFilter`, `$__dateFilter`, `$__fromTime`, `$__toTime`, `$__conditionalAll`) and
 * template variables (`${region:singlequote}`, `$region`) replaced with a fixed range and sample
 * values, and the server's `bi.<name>` views read as the migrations' `bi_<name>` views
 * (deploy/clickhouse/bi-views.sql defines each `bi.<name>` as `SELECT * FROM kpi.bi_<name>`).
 */
export function forEmbeddedEngine(sql: string): string {
  const values = (name: string) => VARIABLES[name] ?? [];
  return sql
    .replace(/\$__conditionalAll\(((?:[^()]|\([^()]*\))*),\s*\$\{?(\w+)\}?\)/g, (_m, condition: string) => `(${condition})`)
    .replace(/\$__timeFilter\((\w+(?:\.\w+)?)\)/g, (_m, column: string) => `${column} >= toDateTime('${FROM}') AND ${column} <= toDateTime('${TO}')`)
    .replace(
      /\$__dateFilter\((\w+(?:\.\w+)?)\)/g,
      (_m, column: string) => `${column} >= toDate('${FROM.slice(0, 10)}') AND ${column} <= toDate('${TO.slice(0, 10)}')`,
    )
    .replace(/\$__fromTime/g, `toDateTime('${FROM}')`)
    .replace(/\$__toTime/g, `toDateTime('${TO}')`)
    .replace(/\$\{(\w+):singlequote\}/g, (_m, name: string) =>
      values(name)
        .map((v) => `'${v}'`)
        .join(', '),
    )
    .replace(/\$\{(\w+)\}|\$(\w+)/g, (_m, a: string | undefined, b: string | undefined) => values(a ?? b ?? '').join(','))
    .replace(/\bbi\.(\w+)/g, 'bi_$1');
}

/** The `bi.<name>` views a query reads, and any other table it names after FROM or JOIN. */
export function tablesRead(sql: string): { readonly bi: string[]; readonly other: string[] } {
  const names = [...sql.matchAll(/\b(?:FROM|JOIN)\s+([A-Za-z_][\w.]*)/gi)].map((m) => m[1] ?? '');
  return {
    bi: [...new Set(names.filter((n) => n.startsWith('bi.')).map((n) => n.slice(3)))].sort(),
    other: [...new Set(names.filter((n) => !n.startsWith('bi.')))].sort(),
  };
}
