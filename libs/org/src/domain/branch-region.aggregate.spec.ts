import { NewEvent, UnknownBranchError } from '@app/contracts';
import { AssignBranchRegion, BranchRegionFacts, BranchRegionState, decideBranchRegion, evolveBranchRegion, initialBranchRegion, regionOn } from './branch-region.aggregate';
import { at, fold } from './given.spec-helper';
import { EffectiveBeforeOpeningError, UnknownRegionError } from './org-event';

const facts: BranchRegionFacts = { regionDefined: true, branchOpenedOn: '2025-01-01' };
const given = (...events: NewEvent[]): BranchRegionState => fold(initialBranchRegion, evolveBranchRegion, 'branch-region-SH-01', events);
const assign = (regionId: string, effectiveFrom: string): AssignBranchRegion => ({ type: 'AssignBranchRegion', ...at(), branchId: 'SH-01', regionId, effectiveFrom });

describe('Branch region assignment', () => {
  it('assigns a branch to a region from a date, on the branch envelope', () => {
    expect(decideBranchRegion(assign('EAST', '2026-01-01'), given(), facts)).toMatchObject([
      { type: 'BranchRegionAssigned', branchId: 'SH-01', payload: { branchId: 'SH-01', regionId: 'EAST', effectiveFrom: '2026-01-01' } },
    ]);
  });

  it('keeps the history: a branch that moves on the 15th is in the old region before and the new one from then', () => {
    const first = decideBranchRegion(assign('EAST', '2026-01-01'), given(), facts);
    const moved = decideBranchRegion(assign('SOUTH', '2026-03-15'), given(...first), facts);
    const state = given(...first, ...moved);
    expect(regionOn(state, '2025-12-31')).toBeNull();
    expect(regionOn(state, '2026-03-14')).toBe('EAST');
    expect(regionOn(state, '2026-03-15')).toBe('SOUTH');
  });

  it('corrects an assignment with a later one at the same date, and ignores a repeat', () => {
    const first = decideBranchRegion(assign('EAST', '2026-01-01'), given(), facts);
    expect(decideBranchRegion(assign('EAST', '2026-01-01'), given(...first), facts)).toEqual([]);
    const corrected = decideBranchRegion(assign('NORTH', '2026-01-01'), given(...first), facts);
    expect(regionOn(given(...first, ...corrected), '2026-02-01')).toBe('NORTH');
  });

  it('accepts a back-dated assignment between two others', () => {
    const events = [
      ...decideBranchRegion(assign('EAST', '2026-01-01'), given(), facts),
    ];
    events.push(...decideBranchRegion(assign('SOUTH', '2026-06-01'), given(...events), facts));
    events.push(...decideBranchRegion(assign('NORTH', '2026-03-01'), given(...events), facts));
    const state = given(...events);
    expect(['2026-02-01', '2026-04-01', '2026-07-01'].map((d) => regionOn(state, d))).toEqual(['EAST', 'NORTH', 'SOUTH']);
  });

  it('refuses an unknown region, an unknown branch and a date before the branch opened', () => {
    expect(() => decideBranchRegion(assign('NOPE', '2026-01-01'), given(), { ...facts, regionDefined: false })).toThrow(UnknownRegionError);
    expect(() => decideBranchRegion(assign('EAST', '2026-01-01'), given(), { ...facts, branchOpenedOn: null })).toThrow(UnknownBranchError);
    expect(() => decideBranchRegion(assign('EAST', '2024-12-31'), given(), facts)).toThrow(EffectiveBeforeOpeningError);
  });
});
