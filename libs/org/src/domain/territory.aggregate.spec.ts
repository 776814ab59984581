import { UnknownBranchError } from '@app/contracts';
import { DeciderSpecification, decideInTurn, foldEvents } from '@app/contracts/testing';
import { at } from './org-command.spec-helper';
import { EffectiveBeforeOpeningError } from './org-event';
import { AssignTerritory, decideTerritory, evolveTerritory, initialTerritory, TerritoryFacts, territoryOwnerOn } from './territory.aggregate';

const facts: TerritoryFacts = { branchOpenedOn: '2025-01-01' };
const territory = { decide: decideTerritory, evolve: evolveTerritory, initialState: initialTerritory, streamId: 'territory-SH-PUDONG' };
const given = DeciderSpecification.for(territory);
const assign = (branchId: string | null, effectiveFrom: string): AssignTerritory => ({
  type: 'AssignTerritory',
  ...at(),
  area: 'SH-PUDONG',
  branchId,
  effectiveFrom,
});

describe('Territory assignment', () => {
  it("assigns an area to a branch's territory from a date, on the owner's envelope", () => {
    given()
      .when(assign('SH-01', '2026-01-01'), facts)
      .then([{ type: 'TerritoryAssigned', branchId: 'SH-01', payload: { area: 'SH-PUDONG', branchId: 'SH-01', effectiveFrom: '2026-01-01' } }]);
  });

  it('keeps the history: an area handed to another branch, then to none', () => {
    const events = decideInTurn(territory, [assign('SH-01', '2026-01-01'), assign('SH-02', '2026-04-01'), assign(null, '2026-07-01')], facts);
    expect(events[2]).toMatchObject({ branchId: '*', payload: { branchId: null } });
    const state = foldEvents(territory, events);
    expect(['2025-12-31', '2026-03-31', '2026-04-01', '2026-07-01'].map((d) => territoryOwnerOn(state, d))).toEqual([null, 'SH-01', 'SH-02', null]);
  });

  it('corrects an assignment with a later one at the same date, and ignores a repeat', () => {
    const first = decideInTurn(territory, [assign('SH-01', '2026-01-01')], facts);
    given(first).when(assign('SH-01', '2026-01-01'), facts).thenNothingHappened();
    const { state } = given(first)
      .when(assign('SH-02', '2026-01-01'), facts)
      .then([{ payload: { branchId: 'SH-02' } }]);
    expect(territoryOwnerOn(state, '2026-02-01')).toBe('SH-02');
  });

  it('refuses an unknown branch and a date before the branch opened; an area owned by no branch needs neither', () => {
    given().when(assign('NOPE-01', '2026-01-01'), { branchOpenedOn: null }).thenThrows(UnknownBranchError);
    given().when(assign('SH-01', '2024-12-31'), facts).thenThrows(EffectiveBeforeOpeningError);
    given()
      .when(assign(null, '2020-01-01'), { branchOpenedOn: null })
      .then([{ payload: { branchId: null } }]);
  });
});
