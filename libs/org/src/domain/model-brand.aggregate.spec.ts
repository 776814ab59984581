import { DeciderSpecification, decideInTurn, foldEvents } from '@app/contracts/testing';
import { at } from './org-command.spec-helper';
import { AssignModelBrand, decideModelBrand, evolveModelBrand, initialModelBrand, modelBrandOn } from './model-brand.aggregate';
import { InvalidOrgDataError } from './org-event';

const catalogue = { decide: decideModelBrand, evolve: evolveModelBrand, initialState: initialModelBrand, streamId: 'model-brand-Tiguan L' };
const given = DeciderSpecification.for(catalogue);
const assign = (brand: string | null, effectiveFrom: string, model = 'Tiguan L'): AssignModelBrand => ({
  type: 'AssignModelBrand',
  ...at(),
  model,
  brand,
  effectiveFrom,
});

describe('Model brand assignment', () => {
  it('assigns a model to a brand from a date, on the group-wide envelope', () => {
    given()
      .when(assign('Volkswagen', '2020-01-01'))
      .then([{ type: 'ModelBrandAssigned', branchId: '*', payload: { model: 'Tiguan L', brand: 'Volkswagen', effectiveFrom: '2020-01-01' } }]);
  });

  it('keeps the history: a model moved to another brand, then to none', () => {
    const events = decideInTurn(catalogue, [assign('Volkswagen', '2020-01-01'), assign('Jetta', '2026-04-01'), assign(null, '2026-07-01')]);
    expect(events[2]).toMatchObject({ branchId: '*', payload: { brand: null } });
    const state = foldEvents(catalogue, events);
    expect(['2019-12-31', '2026-03-31', '2026-04-01', '2026-07-01'].map((d) => modelBrandOn(state, d))).toEqual([null, 'Volkswagen', 'Jetta', null]);
  });

  it('corrects an assignment with a later one at the same date, and ignores a repeat', () => {
    const first = decideInTurn(catalogue, [assign('Volkswagen', '2020-01-01')]);
    given(first).when(assign('Volkswagen', '2020-01-01')).thenNothingHappened();
    const { state } = given(first)
      .when(assign('SVW', '2020-01-01'))
      .then([{ payload: { brand: 'SVW' } }]);
    expect(modelBrandOn(state, '2026-02-01')).toBe('SVW');
  });

  it('refuses a brand called like the value of the models without one', () => {
    given().when(assign('Unassigned', '2020-01-01')).thenThrows(InvalidOrgDataError);
  });
});
