import { UnknownBranchError } from '@app/contracts';
import { DeciderSpecification, decideInTurn, foldEvents } from '@app/contracts/testing';
import { AssignBranchRegion, BranchRegionFacts, decideBranchRegion, evolveBranchRegion, initialBranchRegion, regionOn } from './branch-region.aggregate';
import { at } from './org-command.spec-helper';
import { EffectiveBeforeOpeningError, UnknownRegionError } from './org-event';

const facts: BranchRegionFacts = { regionDefined: true, branchOpenedOn: '2025-01-01' };
const branchRegion = { decide: decideBranchRegion, evolve: evolveBranchRegion, initialState: initialBranchRegion, streamId: 'branch-region-SH-01' };
const given = DeciderSpecification.for(branchRegion);
const assign = (regionId: string, effectiveFrom: string): AssignBranchRegion => ({
  type: 'AssignBranchRegion',
  ...at(),
  branchId: 'SH-01',
  regionId,
  effectiveFrom,
});

describe('Branch region assignment', () => {
  it('assigns a branch to a region from a date, on the branch envelope', () => {
    given()
      .when(assign('EAST', '2026-01-01'), facts)
      .then([{ type: 'BranchRegionAssigned', branchId: 'SH-01', payload: { branchId: 'SH-01', regionId: 'EAST', effectiveFrom: '2026-01-01' } }]);
  });

  it('keeps the history: a branch that moves on the 15th is in the old region before and the new one from then', () => {
    const { state } = given(decideInTurn(branchRegion, [assign('EAST', '2026-01-01')], facts))
      .when(assign('SOUTH', '2026-03-15'), facts)
      .then([{ type: 'BranchRegionAssigned', payload: { regionId: 'SOUTH' } }]);
    expect(regionOn(state, '2025-12-31')).toBeNull();
    expect(regionOn(state, '2026-03-14')).toBe('EAST');
    expect(regionOn(state, '2026-03-15')).toBe('SOUTH');
  });

  it('corrects an assignment with a later one at the same date, and ignores a repeat', () => {
    const first = decideInTurn(branchRegion, [assign('EAST', '2026-01-01')], facts);
    given(first).when(assign('EAST', '2026-01-01'), facts).thenNothingHappened();
    const { state } = given(first)
      .when(assign('NORTH', '2026-01-01'), facts)
      .then([{ payload: { regionId: 'NORTH' } }]);
    expect(regionOn(state, '2026-02-01')).toBe('NORTH');
  });

  it('accepts a back-dated assignment between two others', () => {
    const events = decideInTurn(branchRegion, [assign('EAST', '2026-01-01'), assign('SOUTH', '2026-06-01'), assign('NORTH', '2026-03-01')], facts);
    const state = foldEvents(branchRegion, events);
    expect(['2026-02-01', '2026-04-01', '2026-07-01'].map((d) => regionOn(state, d))).toEqual(['EAST', 'NORTH', 'SOUTH']);
  });

  it('refuses an unknown region, an unknown branch and a date before the branch opened', () => {
    given()
      .when(assign('NOPE', '2026-01-01'), { ...facts, regionDefined: false })
      .thenThrows(UnknownRegionError);
    given()
      .when(assign('EAST', '2026-01-01'), { ...facts, branchOpenedOn: null })
      .thenThrows(UnknownBranchError);
    given().when(assign('EAST', '2024-12-31'), facts).thenThrows(EffectiveBeforeOpeningError);
  });
});
