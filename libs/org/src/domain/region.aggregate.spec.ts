import { DeciderSpecification } from '@app/contracts/testing';
import { at } from './org-command.spec-helper';
import { decideRegion, evolveRegion, initialRegion } from './region.aggregate';

const given = DeciderSpecification.for({ decide: decideRegion, evolve: evolveRegion, initialState: initialRegion, streamId: 'region-EAST' });
const define = (name = 'East China') => ({ type: 'DefineRegion' as const, ...at(), regionId: 'EAST', name });

describe('Region', () => {
  it('is defined with its name, group-wide', () => {
    given()
      .when(define())
      .then([{ type: 'RegionDefined', branchId: '*', payload: { regionId: 'EAST', name: 'East China' } }]);
  });

  it('changes nothing when defined again with the same name', () => {
    given(decideRegion(define(), initialRegion)).when(define()).thenNothingHappened();
  });

  it('is renamed by a definition with another name', () => {
    given(decideRegion(define(), initialRegion))
      .when(define('East & Central'))
      .then([{ payload: { name: 'East & Central' } }]);
  });
});
