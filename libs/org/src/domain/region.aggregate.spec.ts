import { decideRegion, evolveRegion, initialRegion, RegionState } from './region.aggregate';
import { at, fold } from './given.spec-helper';
import { NewEvent } from '@app/contracts';

const given = (...events: NewEvent[]): RegionState => fold(initialRegion, evolveRegion, 'region-EAST', events);
const define = (name = 'East China') => ({ type: 'DefineRegion' as const, ...at(), regionId: 'EAST', name });

describe('Region', () => {
  it('is defined with its name, group-wide', () => {
    expect(decideRegion(define(), given())).toMatchObject([{ type: 'RegionDefined', branchId: '*', payload: { regionId: 'EAST', name: 'East China' } }]);
  });

  it('changes nothing when defined again with the same name', () => {
    expect(decideRegion(define(), given(...decideRegion(define(), initialRegion)))).toEqual([]);
  });

  it('is renamed by a definition with another name', () => {
    const state = given(...decideRegion(define(), initialRegion));
    expect(decideRegion(define('East & Central'), state)).toMatchObject([{ payload: { name: 'East & Central' } }]);
  });
});
