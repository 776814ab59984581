/**
 * BI analysts' ClickHouse accounts from the platform's users and org structure (issue #17 item 5;
 * docs/bi.md "How access is granted"). Pure: scripts/bi-access.ts reads Postgres and prints or
 * applies what this returns.
 *
 * What a run emits (idempotent, safe to re-run at any time):
 * - per enabled analyst: `CREATE USER IF NOT EXISTS` (profile bi_readonly; LDAP when a server is
 *   named, else HOST NONE until an admin sets a password), and the role: `bi_group_analyst` for an
 *   analyst limited to nothing (sees every branch, like the API's AccessScope), else `bi_analyst`
 *   with the other revoked (a scope can narrow);
 * - per disabled analyst, and per platform user who is not (or no longer) an analyst: `DROP USER IF
 *   EXISTS` (an analyst moved to another role loses BI access at the next run);
 * - with `existingUsers` (the `bi_` users the server has, read by `--apply`): `DROP USER IF EXISTS`
 *   for each that is no enabled analyst's, e.g. of a user deleted from the platform;
 * - never anything for the platform's own ClickHouse accounts and roles ({@link BI_RESERVED_NAMES}):
 *   a platform user whose name maps to one (`definer` → `bi_definer`) is skipped with a warning;
 * - one generation of `bi_analyst_scopes` rows (the regions and branches of every scoped analyst) in
 *   one INSERT, then the older generations deleted.
 *
 * The row policies themselves are static (deploy/clickhouse/bi-access.sql): they read the scopes
 * and the branch → region assignments the projector keeps current, so a branch changing region
 * needs no run. Re-run when an analyst is added, disabled or re-scoped.
 */

export interface BiAnalyst {
  /** The platform user name (users.username). */
  readonly username: string;
  /** The platform role (users.role); absent = `analyst`. Any other role has no BI access. */
  readonly role?: string;
  readonly regions: readonly string[];
  readonly branches: readonly string[];
  readonly disabled: boolean;
}

/** The org structure as the event store has it (RegionDefined, BranchOpened, BranchRegionAssigned). */
export interface BiOrgStructure {
  readonly regions: ReadonlySet<string>;
  /** Every branch with its region assignments (effective date → region), in any order. */
  readonly branches: ReadonlyMap<string, readonly { readonly effectiveFrom: string; readonly regionId: string }[]>;
}

export interface BiAccessOptions {
  /** The application database holding bi_analyst_scopes (`kpi` in docker-compose). */
  readonly database: string;
  /** The run's generation (milliseconds since 1970): newer than every earlier run. */
  readonly generation: number;
  /** The business date the membership preview is for (YYYY-MM-DD). */
  readonly today: string;
  /** Authenticate analysts against this LDAP server (ClickHouse `ldap_servers`); else HOST NONE until an admin sets a password. */
  readonly ldapServer?: string;
  /**
   * The ClickHouse users named `bi_…` the server has now (`SELECT name FROM system.users WHERE
   * startsWith(name, 'bi_')`): those that are no enabled analyst's are dropped. Absent (printing
   * the SQL without a server): only the platform's users are revoked.
   */
  readonly existingUsers?: readonly string[];
}

export interface BiAccessPlan {
  /** Statements to run on the server, in order, without trailing semicolons. */
  readonly statements: readonly string[];
  /** The SQL script: the statements with comments (the membership preview, warnings). */
  readonly script: string;
  /** Per scoped analyst (ClickHouse user name): the branches they see today (preview; the server derives it live). */
  readonly membership: ReadonlyMap<string, readonly string[]>;
  readonly warnings: readonly string[];
}

const ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The ClickHouse user name of a platform user: `bi_` + the name, lower-cased, other characters as `_`. */
export function biUserName(username: string): string {
  return `bi_${username.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
}

/**
 * The platform's own access entities named `bi_…` (deploy/clickhouse/bi-access.sql, apply-bi.sh):
 * the views' definer, Grafana's reader, the roles and the profile. The generator never creates,
 * grants to or drops them: dropping `bi_definer` would break every `bi.*` view. A platform user
 * whose name maps to one of them (`definer`, `grafana`, `analyst`…) gets no BI account.
 */
export const BI_RESERVED_NAMES: ReadonlySet<string> = new Set(['bi_definer', 'bi_grafana', 'bi_analyst', 'bi_group_analyst', 'bi_readonly']);

const isEnabledAnalyst = (user: BiAnalyst): boolean => !user.disabled && (user.role ?? 'analyst') === 'analyst';

const quote = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const ident = (name: string): string => `\`${name.replace(/`/g, '``')}\``;

/** The region of each branch on `date` (latest assignment effective on or before it). */
export function regionsOn(org: BiOrgStructure, date: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [branchId, assignments] of org.branches) {
    const current = [...assignments]
      .filter((a) => a.effectiveFrom <= date)
      .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))
      .at(-1);
    if (current) out.set(branchId, current.regionId);
  }
  return out;
}

/** The branches an analyst sees in the branch-only views today: those granted and those now in a granted region. */
export function analystBranchesOn(analyst: Pick<BiAnalyst, 'regions' | 'branches'>, org: BiOrgStructure, date: string): string[] {
  const regionOf = regionsOn(org, date);
  const inRegions = [...regionOf].filter(([, region]) => analyst.regions.includes(region)).map(([branch]) => branch);
  return [...new Set([...analyst.branches, ...inRegions])].sort();
}

export function biAccessPlan(analysts: readonly BiAnalyst[], org: BiOrgStructure, options: BiAccessOptions): BiAccessPlan {
  if (!ID.test(options.database)) throw new RangeError(`database name ${JSON.stringify(options.database)} is not a plain identifier`);
  if (!Number.isSafeInteger(options.generation) || options.generation <= 0) throw new RangeError('generation must be a positive integer');
  const warnings: string[] = [];
  const statements: string[] = [];
  const lines: string[] = [
    '-- BI analysts generated by scripts/bi-access.ts (npm run bi:access) from the platform users (role analyst;',
    '-- every other user, and a disabled analyst, has their bi_ user dropped)',
    `-- and the org structure in the event store; generation ${options.generation}, membership as of ${options.today}.`,
    '-- Apply AFTER deploy/clickhouse/bi-access.sql and bi-views.sql. Idempotent: re-run whenever an analyst is',
    '-- added, disabled or re-scoped. A branch moving to another region needs no re-run (the row policies read',
    '-- the assignments the projector keeps current).',
    '',
  ];
  const emit = (sql: string) => {
    statements.push(sql);
    lines.push(`${sql};`, '');
  };
  const scopes: [string, string, string][] = [];
  const membership = new Map<string, readonly string[]>();
  const seen = new Map<string, string>();
  // Enabled analysts first: a revoked user never drops the account of an analyst whose name maps to the same one.
  const byName = (a: BiAnalyst, b: BiAnalyst) => a.username.localeCompare(b.username);
  const ordered = [...analysts.filter(isEnabledAnalyst).sort(byName), ...analysts.filter((a) => !isEnabledAnalyst(a)).sort(byName)];
  const dropped = new Set<string>();
  const enabled = new Set<string>();
  for (const analyst of ordered) {
    const user = biUserName(analyst.username);
    if (BI_RESERVED_NAMES.has(user)) {
      // Never dropped nor granted to: it is the platform's own (a DROP of bi_definer would break every bi.* view).
      if (isEnabledAnalyst(analyst))
        warnings.push(
          `analyst ${analyst.username} maps to ${user}, a ClickHouse account or role of the platform itself: skipped (rename the user to give them BI access)`,
        );
      else lines.push(`-- ${analyst.username}: maps to ${user}, reserved for the platform: left alone`, '');
      continue;
    }
    const clash = seen.get(user);
    if (clash !== undefined) {
      if (isEnabledAnalyst(analyst))
        warnings.push(`users ${clash} and ${analyst.username} map to the same ClickHouse user ${user}: ${analyst.username} skipped`);
      else lines.push(`-- ${analyst.username}: maps to ${user} of ${clash}: left alone`, '');
      continue;
    }
    seen.set(user, analyst.username);
    if (!isEnabledAnalyst(analyst)) {
      lines.push(`-- ${analyst.username}: ${analyst.disabled ? 'disabled' : `role ${analyst.role ?? '?'}, not an analyst`}`);
      emit(`DROP USER IF EXISTS ${ident(user)}`);
      dropped.add(user);
      continue;
    }
    enabled.add(user);
    for (const region of analyst.regions)
      if (!org.regions.has(region)) warnings.push(`${analyst.username}: region ${region} is not defined in the org structure`);
    for (const branch of analyst.branches) if (!org.branches.has(branch)) warnings.push(`${analyst.username}: branch ${branch} is not in the org structure`);
    const auth = options.ldapServer ? `IDENTIFIED WITH ldap SERVER ${quote(options.ldapServer)}` : 'IDENTIFIED WITH no_password HOST NONE';
    const all = analyst.regions.length === 0 && analyst.branches.length === 0;
    if (all) {
      lines.push(`-- ${analyst.username}: every branch (head-office analyst)`);
    } else {
      const branches = analystBranchesOn(analyst, org, options.today);
      membership.set(user, branches);
      lines.push(
        `-- ${analyst.username}: regions [${analyst.regions.join(', ')}], branches [${analyst.branches.join(', ')}]; today that is ${branches.join(', ') || 'no branch'}`,
      );
    }
    emit(`CREATE USER IF NOT EXISTS ${ident(user)} ${auth} SETTINGS PROFILE 'bi_readonly'`);
    if (all) {
      emit(`GRANT bi_group_analyst TO ${ident(user)}`);
    } else {
      emit(`GRANT bi_analyst TO ${ident(user)}`);
      emit(`REVOKE bi_group_analyst FROM ${ident(user)}`);
      for (const region of [...new Set(analyst.regions)].sort()) scopes.push([user, 'region', region]);
      for (const branch of [...new Set(analyst.branches)].sort()) scopes.push([user, 'branch', branch]);
    }
  }
  const stale = [...new Set(options.existingUsers ?? [])]
    .filter((user) => user.startsWith('bi_') && !BI_RESERVED_NAMES.has(user) && !enabled.has(user) && !dropped.has(user))
    .sort();
  if (stale.length > 0) lines.push('-- On the server but no enabled analyst of the platform (deleted, renamed, or another role):');
  for (const user of stale) emit(`DROP USER IF EXISTS ${ident(user)}`);
  for (const w of warnings) lines.push(`-- WARNING: ${w}`);
  if (warnings.length > 0) lines.push('');
  const g = options.generation;
  const rows = [[`''`, `'generation'`, `''`].join(', '), ...scopes.map(([user, kind, id]) => [quote(user), quote(kind), quote(id)].join(', '))];
  lines.push('-- The scopes the row policies read: one generation in one INSERT, then the older ones removed.');
  emit(
    `INSERT INTO ${options.database}.bi_analyst_scopes (generation, analyst, scope_kind, scope_id) VALUES\n${rows.map((r) => `    (${g}, ${r})`).join(',\n')}`,
  );
  emit(`DELETE FROM ${options.database}.bi_analyst_scopes WHERE generation < ${g}`);
  return { statements, script: lines.join('\n'), membership, warnings };
}

/** The org structure from the org events of the store, in store order. */
export function orgStructureFromEvents(events: readonly { readonly type: string; readonly payload: Record<string, unknown> }[]): BiOrgStructure {
  const regions = new Set<string>();
  const branches = new Map<string, { effectiveFrom: string; regionId: string }[]>();
  for (const { type, payload } of events) {
    if (type === 'RegionDefined' && typeof payload.regionId === 'string') regions.add(payload.regionId);
    if (type === 'BranchOpened' && typeof payload.branchId === 'string' && !branches.has(payload.branchId)) branches.set(payload.branchId, []);
    if (
      type === 'BranchRegionAssigned' &&
      typeof payload.branchId === 'string' &&
      typeof payload.regionId === 'string' &&
      typeof payload.effectiveFrom === 'string'
    ) {
      const list = branches.get(payload.branchId) ?? [];
      // A later assignment with the same effective date corrects the earlier one.
      const kept = list.filter((a) => a.effectiveFrom !== payload.effectiveFrom);
      kept.push({ effectiveFrom: payload.effectiveFrom, regionId: payload.regionId });
      branches.set(payload.branchId, kept);
    }
  }
  return { regions, branches };
}
