import { ClickHouseClient } from '@app/clickhouse';

export interface BranchUnit {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  /** IANA time zone of its business dates (and the default zone of its packs' times). */
  readonly timeZone: string;
  /** The region the branch belongs to today ('' = none). */
  readonly regionId: string;
  readonly openedOn: string;
}

export interface OrgUnits {
  readonly regions: ReadonlyMap<string, string>;
  readonly branches: ReadonlyMap<string, BranchUnit>;
}

/** Names of regions and branches (head-office data in ClickHouse), with each branch's current region. */
export async function loadOrgUnits(client: ClickHouseClient): Promise<OrgUnits> {
  const [regions, branches] = await Promise.all([
    client.query<{ region_id: string; name: string }>(
      `SELECT region_id, argMax(name, global_position) AS name FROM org_regions FINAL GROUP BY region_id ORDER BY region_id`,
    ),
    client.query<{ branch_id: string; name: string; currency: string; time_zone: string; region_id: string; opened_on: string }>(
      `SELECT b.branch_id AS branch_id, b.name AS name, toString(b.currency) AS currency, toString(b.time_zone) AS time_zone, ifNull(a.region_id, '') AS region_id, toString(b.opened_on) AS opened_on
         FROM (SELECT branch_id, argMax(name, global_position) AS name, argMax(currency, global_position) AS currency, argMax(time_zone, global_position) AS time_zone, min(opened_on) AS opened_on
                 FROM org_branches FINAL GROUP BY branch_id) AS b
         LEFT JOIN (SELECT branch_id, argMax(region_id, valid_from) AS region_id FROM org_branch_region_assignments FINAL WHERE valid_from <= today() GROUP BY branch_id) AS a
           ON a.branch_id = b.branch_id
        ORDER BY branch_id`,
    ),
  ]);
  return {
    regions: new Map(regions.map((r) => [r.region_id, r.name])),
    branches: new Map(
      branches.map((b) => [
        b.branch_id,
        { id: b.branch_id, name: b.name, currency: b.currency, timeZone: b.time_zone, regionId: b.region_id, openedOn: b.opened_on },
      ]),
    ),
  };
}

/** The branches of a region on a date (as-of assignment). */
export async function branchesOfRegionOn(client: ClickHouseClient, regionId: string, date: string): Promise<string[]> {
  return [...(await branchRegionsOn(client, date))]
    .filter(([, region]) => region === regionId)
    .map(([branch]) => branch)
    .sort();
}

/** Every branch's region on a date (as-of assignment): branch id → region id. */
export async function branchRegionsOn(client: ClickHouseClient, date: string): Promise<Map<string, string>> {
  const rows = await client.query<{ branch_id: string; region_id: string }>(
    `SELECT branch_id, argMax(region_id, valid_from) AS region_id FROM org_branch_region_assignments FINAL WHERE valid_from <= {date:Date} GROUP BY branch_id`,
    { date },
  );
  return new Map(rows.map((r) => [r.branch_id, r.region_id]));
}

/** The region of a branch on a date ('' = none). */
export async function regionOfBranchOn(client: ClickHouseClient, branchId: string, date: string): Promise<string> {
  return (await branchRegionsOn(client, date)).get(branchId) ?? '';
}

/**
 * The people in a role at the end of [from, to] (as-of assignment): employee id → the branch they
 * work in then, for branches open during the span (a closed branch's staff keep their last
 * assignment: there is no event for leaving). A league table lists them even without a figure (a
 * consultant with a quota and no sale yet).
 */
export async function staffOn(client: ClickHouseClient, role: string, from: string, to: string): Promise<Map<string, string>> {
  const rows = await client.query<{ employee_id: string; branch_id: string }>(
    `SELECT e.employee_id AS employee_id, e.branch_id AS branch_id
       FROM (SELECT employee_id, argMax(branch_id, valid_from) AS branch_id, argMax(role, valid_from) AS role
               FROM org_employee_assignments FINAL WHERE valid_from <= {to:Date} GROUP BY employee_id) AS e
      INNER JOIN (SELECT branch_id, min(opened_on) AS opened_on FROM org_branches FINAL GROUP BY branch_id) AS b ON b.branch_id = e.branch_id
       LEFT JOIN (SELECT branch_id, toNullable(min(closed_on)) AS closed_on FROM org_branch_closures FINAL GROUP BY branch_id) AS c ON c.branch_id = e.branch_id
      WHERE e.role = {role:String} AND b.opened_on <= {to:Date} AND (c.closed_on IS NULL OR c.closed_on >= {from:Date})`,
    { from, to, role },
  );
  return new Map(rows.map((r) => [r.employee_id, r.branch_id]));
}

/**
 * The time zone of a set of branches: theirs when they all share one, else UTC. A region's or the
 * group's pack shows its times in it, and a scheduled region or group pack is due at 07:00 in it
 * (docs/adr/0023-scheduled-pack-delivery.md).
 */
export function sharedTimeZone(units: OrgUnits, branchIds: Iterable<string>): string {
  const zones = new Set([...branchIds].map((id) => units.branches.get(id)?.timeZone || 'UTC'));
  return zones.size === 1 ? [...zones][0]! : 'UTC';
}
