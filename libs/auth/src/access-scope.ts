import { CLICKHOUSE_CLIENT, ClickHouseClient } from '@app/clickhouse';
import { OutOfScopeException, Principal } from '@app/platform-kit';
import { Inject, Injectable } from '@nestjs/common';

/** What a principal may read: everything, or these regions and branches. */
export type ResolvedScope =
  | { readonly all: true }
  | {
      readonly all: false;
      /** Regions named in the token: region-level figures of these only. */
      readonly regions: readonly string[];
      /** The token's branches plus every branch currently in one of its regions; sorted. */
      readonly branches: readonly string[];
    };

export { OutOfScopeException };

/**
 * The branches of the given regions by today's structure: for each branch, the assignment with
 * the latest effective date that has taken effect (an assignment dated in the future does not
 * move the branch yet). Deduplicated facts (FINAL); regions are a bound parameter.
 */
const BRANCHES_OF_REGIONS = `
SELECT branch_id AS branchId
  FROM (
        SELECT branch_id, argMax(region_id, valid_from) AS current_region
          FROM org_branch_region_assignments FINAL
         WHERE valid_from <= today()
         GROUP BY branch_id
       )
 WHERE current_region IN {regions:Array(String)}
 ORDER BY branchId`;

/**
 * Resolves a principal's scope and checks requests against it. Head office, and an analyst whose
 * token names no region or branch, see everything. Otherwise the scope is the token's branches
 * plus the branches currently in its regions (org_branch_region_assignments in ClickHouse);
 * region-level figures only for the token's regions; group-level figures only for "all".
 */
@Injectable()
export class AccessScope {
  constructor(@Inject(CLICKHOUSE_CLIENT) private readonly clickhouse: ClickHouseClient) {}

  async resolve(principal: Principal): Promise<ResolvedScope> {
    switch (principal.role) {
      case 'head-office':
        return { all: true };
      case 'analyst':
        if (principal.regions.length === 0 && principal.branches.length === 0) return { all: true };
        return this.limitedTo(principal);
      case 'region-manager':
      case 'branch-manager':
      case 'sales-staff':
      case 'service-staff':
      case 'parts-staff':
      case 'integration':
        return this.limitedTo(principal);
    }
  }

  assertBranch(scope: ResolvedScope, branchId: string): void {
    if (scope.all || scope.branches.includes(branchId)) return;
    throw new OutOfScopeException(`branch ${branchId} is outside your access scope`);
  }

  assertRegion(scope: ResolvedScope, regionId: string): void {
    if (scope.all || scope.regions.includes(regionId)) return;
    throw new OutOfScopeException(`region ${regionId} is outside your access scope`);
  }

  assertGroup(scope: ResolvedScope): void {
    if (scope.all) return;
    throw new OutOfScopeException('group-level figures are for head office only');
  }

  /** `undefined` = no restriction; otherwise only rows of these branches may be returned (may be empty). */
  branchFilter(scope: ResolvedScope): readonly string[] | undefined {
    return scope.all ? undefined : scope.branches;
  }

  private async limitedTo(principal: Principal): Promise<ResolvedScope> {
    const inRegions =
      principal.regions.length === 0
        ? []
        : (await this.clickhouse.query<{ branchId: string }>(BRANCHES_OF_REGIONS, { regions: principal.regions })).map((r) => r.branchId);
    const branches = [...new Set([...principal.branches, ...inRegions])].sort();
    return { all: false, regions: [...principal.regions], branches };
  }
}
