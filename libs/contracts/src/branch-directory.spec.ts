import { BranchClosedError, BranchDirectory, BranchInfo, CurrencyMismatchError, UnknownBranchError } from './branch-directory';

class FixedDirectory extends BranchDirectory {
  constructor(private readonly branches: readonly BranchInfo[]) {
    super();
  }
  async find(branchId: string): Promise<BranchInfo> {
    const branch = this.branches.find((b) => b.branchId === branchId);
    if (!branch) throw new UnknownBranchError(branchId);
    return branch;
  }
}

const base = { name: 'x', currency: 'CNY', cutoffMinutes: 0, openedOn: '2025-01-01' } as const;
const directory = new FixedDirectory([
  { ...base, branchId: 'OPEN', timeZone: 'Asia/Shanghai', closedOn: null, status: 'open' },
  { ...base, branchId: 'GONE', timeZone: 'Asia/Shanghai', closedOn: '2025-12-31', status: 'closed' },
  { ...base, branchId: 'LATE', timeZone: 'Asia/Shanghai', cutoffMinutes: 240, closedOn: '2025-12-31', status: 'closed' },
]);

describe('BranchDirectory', () => {
  it('takes events of a closed branch up to its closing day (a late sync), none after', async () => {
    await expect(directory.requireTradingAt('GONE', '2025-12-31T15:59:59Z')).resolves.toMatchObject({ branchId: 'GONE' });
    await expect(directory.requireTradingAt('GONE', '2025-12-31T16:00:00Z')).rejects.toBeInstanceOf(BranchClosedError);
    // 01:00 on 1 Jan with a 04:00 cut-off is still business day 31 Dec.
    await expect(directory.requireTradingAt('LATE', '2025-12-31T17:00:00Z')).resolves.toMatchObject({ branchId: 'LATE' });
  });

  it('checks currencies and unknown branches as before', async () => {
    await expect(directory.requireTradingAt('OPEN', '2026-05-01T00:00:00Z', 'CNY')).resolves.toMatchObject({ branchId: 'OPEN' });
    await expect(directory.requireTradingAt('OPEN', '2026-05-01T00:00:00Z', 'EUR')).rejects.toBeInstanceOf(CurrencyMismatchError);
    await expect(directory.requireTradingAt('NOPE', '2026-05-01T00:00:00Z')).rejects.toBeInstanceOf(UnknownBranchError);
  });

  it('requires an open branch for head-office changes', async () => {
    await expect(directory.requireOpen('GONE')).rejects.toBeInstanceOf(BranchClosedError);
  });
});
