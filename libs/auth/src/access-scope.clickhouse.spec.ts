/**
 * Scope resolution on the ClickHouse engine (embedded unless CLICKHOUSE_URL is set): the
 * repository's migrations, branch → region rows in org_branch_region_assignments, and the
 * AccessScope checks over them.
 */
import { ClickHouseClient, clickHouseConfigFromEnv, createClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { useTestClickHouse } from '@app/testing';
import { HttpException } from '@nestjs/common';
import { AccessScope, ResolvedScope } from './access-scope';
import type { Principal, Role } from './principal';
import { assignBranchRegions } from './testing';

function isoDate(daysFromToday: number): string {
  return new Date(Date.now() + daysFromToday * 86_400_000).toISOString().slice(0, 10);
}

function principal(role: Role, regions: string[] = [], branches: string[] = []): Principal {
  return { kind: 'user', subject: `s-${role}`, role, regions, branches, contexts: [] };
}

function forbidden(check: () => void): unknown {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(HttpException);
    return { status: (error as HttpException).getStatus(), body: (error as HttpException).getResponse() };
  }
  throw new Error('expected a 403');
}

describe('AccessScope on the ClickHouse engine', () => {
  let client: ClickHouseClient;
  let access: AccessScope;

  beforeAll(async () => {
    useTestClickHouse();
    client = await createClickHouseClient(clickHouseConfigFromEnv(process.env));
    await runClickHouseMigrations(client, MIGRATIONS_DIR, { logger: { log: () => undefined, warn: () => undefined } });
    await assignBranchRegions(client, [
      { branchId: 'SH-01', regionId: 'EAST', validFrom: '2025-01-01' },
      { branchId: 'SH-02', regionId: 'EAST', validFrom: '2025-01-01' },
      { branchId: 'HZ-01', regionId: 'EAST', validFrom: '2025-01-01' },
      // HZ-01 moved to SOUTH a month ago: EAST's manager no longer sees it.
      { branchId: 'HZ-01', regionId: 'SOUTH', validFrom: isoDate(-30) },
      { branchId: 'GZ-01', regionId: 'SOUTH', validFrom: '2025-01-01' },
      // SH-02 moves to NORTH next month: until then it is still EAST's.
      { branchId: 'SH-02', regionId: 'NORTH', validFrom: isoDate(40) },
      { branchId: 'BJ-01', regionId: 'WEST', validFrom: '2025-06-01' },
    ]);
    // A corrected assignment (same branch and date, a later event) replaces the first one.
    await assignBranchRegions(client, [{ branchId: 'BJ-01', regionId: 'NORTH', validFrom: '2025-06-01' }]);
    access = new AccessScope(client);
  });

  afterAll(async () => {
    await client?.close();
  });

  it('gives head office, and an analyst without region or branch claims, everything', async () => {
    await expect(access.resolve(principal('head-office', ['EAST'], ['SH-01']))).resolves.toEqual({ all: true });
    await expect(access.resolve(principal('analyst'))).resolves.toEqual({ all: true });
  });

  it('gives a region manager the branches currently in the region (latest assignment that took effect)', async () => {
    await expect(access.resolve(principal('region-manager', ['EAST']))).resolves.toEqual({ all: false, regions: ['EAST'], branches: ['SH-01', 'SH-02'] });
    await expect(access.resolve(principal('region-manager', ['SOUTH']))).resolves.toEqual({ all: false, regions: ['SOUTH'], branches: ['GZ-01', 'HZ-01'] });
    await expect(access.resolve(principal('region-manager', ['NORTH', 'WEST']))).resolves.toEqual({
      all: false,
      regions: ['NORTH', 'WEST'],
      branches: ['BJ-01'],
    });
    await expect(access.resolve(principal('region-manager', ['MOON']))).resolves.toEqual({ all: false, regions: ['MOON'], branches: [] });
  });

  it('adds explicit branches to the regions, and limits branch managers and scoped analysts to their claims', async () => {
    await expect(access.resolve(principal('region-manager', ['SOUTH'], ['SH-01']))).resolves.toEqual({
      all: false,
      regions: ['SOUTH'],
      branches: ['GZ-01', 'HZ-01', 'SH-01'],
    });
    await expect(access.resolve(principal('branch-manager', [], ['SH-01']))).resolves.toEqual({ all: false, regions: [], branches: ['SH-01'] });
    await expect(access.resolve(principal('analyst', [], ['GZ-01', 'XX-99']))).resolves.toEqual({ all: false, regions: [], branches: ['GZ-01', 'XX-99'] });
    await expect(access.resolve(principal('analyst', ['EAST']))).resolves.toEqual({ all: false, regions: ['EAST'], branches: ['SH-01', 'SH-02'] });
  });

  it('checks branches, regions and the group level against the scope (403 OUT_OF_SCOPE)', async () => {
    const east = await access.resolve(principal('region-manager', ['EAST']));
    expect(() => access.assertBranch(east, 'SH-01')).not.toThrow();
    expect(() => access.assertRegion(east, 'EAST')).not.toThrow();
    expect(forbidden(() => access.assertBranch(east, 'HZ-01'))).toEqual({
      status: 403,
      body: { statusCode: 403, code: 'OUT_OF_SCOPE', message: 'branch HZ-01 is outside your access scope' },
    });
    expect(forbidden(() => access.assertRegion(east, 'SOUTH'))).toMatchObject({
      status: 403,
      body: { code: 'OUT_OF_SCOPE', message: 'region SOUTH is outside your access scope' },
    });
    expect(forbidden(() => access.assertGroup(east))).toMatchObject({ status: 403, body: { code: 'OUT_OF_SCOPE' } });

    // A branch manager whose branch lies in EAST still may not read EAST's region figures.
    const branch = await access.resolve(principal('branch-manager', [], ['SH-01']));
    expect(forbidden(() => access.assertRegion(branch, 'EAST'))).toMatchObject({ status: 403 });
    expect(forbidden(() => access.assertBranch(branch, 'SH-02'))).toMatchObject({ status: 403 });

    const all: ResolvedScope = { all: true };
    expect(() => access.assertBranch(all, 'ANY')).not.toThrow();
    expect(() => access.assertRegion(all, 'ANY')).not.toThrow();
    expect(() => access.assertGroup(all)).not.toThrow();
  });

  it('gives the branch filter for queries: none for everything, else the allowed branches (possibly none)', async () => {
    expect(access.branchFilter({ all: true })).toBeUndefined();
    expect(access.branchFilter(await access.resolve(principal('region-manager', ['EAST'])))).toEqual(['SH-01', 'SH-02']);
    expect(access.branchFilter(await access.resolve(principal('region-manager', ['MOON'])))).toEqual([]);
  });
});
