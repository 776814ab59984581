import { DeciderSpecification, decideInTurn } from '@app/contracts/testing';
import { at } from './org-command.spec-helper';
import { InvalidOrgDataError } from './org-event';
import {
  currentTarget,
  decideTarget,
  evolveTarget,
  initialTarget,
  normalizeTargetCell,
  PlanTarget,
  ReviseTarget,
  SetTarget,
  StaleTargetVersionError,
  TargetAlreadySetError,
  TargetCell,
  TargetNotSetError,
  targetStreamId,
  TargetUnchangedError,
} from './target.aggregate';

const cell: TargetCell = {
  kpi: 'service_revenue',
  periodKind: 'month',
  period: '2026-01',
  grain: 'branch',
  grainId: 'SH-01',
  model: null,
  segment: null,
  kind: 'quota',
};
const target = { decide: decideTarget, evolve: evolveTarget, initialState: initialTarget, streamId: targetStreamId(cell) };
const given = DeciderSpecification.for(target);
const set = (value = '1500000.00', c: TargetCell = cell): SetTarget => ({ type: 'SetTarget', ...at(), cell: c, value, unit: 'CNY' });
const revise = (value: string, supersedesVersion: number): ReviseTarget => ({
  type: 'ReviseTarget',
  ...at(),
  cell,
  value,
  unit: 'CNY',
  supersedesVersion,
  reason: 'mid-year review',
});
const plan = (value: string): PlanTarget => ({ type: 'PlanTarget', ...at(), cell, value, unit: 'CNY', reason: 'plan import plan.xlsx' });

describe('Target cell', () => {
  it('is set as version 1 on the branch envelope', () => {
    given()
      .when(set())
      .then([{ type: 'TargetSet', branchId: 'SH-01', payload: { ...cell, value: '1500000.00', unit: 'CNY', version: 1 } }]);
  });

  it('puts group, region and person targets on the group-wide envelope and department targets on their branch', () => {
    const region = normalizeTargetCell({ ...cell, grain: 'region', grainId: 'EAST' });
    const group = normalizeTargetCell({ ...cell, grain: 'group', grainId: '' });
    const department = normalizeTargetCell({ ...cell, grain: 'department', grainId: 'SH-01:service' });
    expect(group.grainId).toBe('group');
    given()
      .when(set('1', region))
      .then([{ branchId: '*' }]);
    given()
      .when(set('1', group))
      .then([{ branchId: '*' }]);
    given()
      .when(set('1', department))
      .then([{ branchId: 'SH-01' }]);
  });

  it('is a different cell (another stream) per kind, model and segment', () => {
    const ids = new Set([
      targetStreamId(cell),
      targetStreamId({ ...cell, kind: 'stretch' }),
      targetStreamId({ ...cell, model: 'Lavida' }),
      targetStreamId({ ...cell, segment: 'insurance' }),
      targetStreamId({ ...cell, period: '2026-02' }),
    ]);
    expect(ids.size).toBe(5);
  });

  it('changes nothing when set again with the same value, and refuses another value (revise it)', () => {
    const v1 = decideTarget(set(), initialTarget);
    given(v1).when(set('1500000')).thenNothingHappened();
    given(v1).when(set('1600000.00')).thenThrows(TargetAlreadySetError);
  });

  it('is revised to a new version naming the one it supersedes, keeping every version', () => {
    const v1 = decideTarget(set(), initialTarget);
    const { state } = given(v1)
      .when(revise('1400000.00', 1))
      .then([{ type: 'TargetRevised', payload: { value: '1400000.00', version: 2, supersedesVersion: 1, reason: 'mid-year review' } }]);
    expect(state.versions.map((v) => [v.version, v.value])).toEqual([
      [1, '1500000.00'],
      [2, '1400000.00'],
    ]);
    expect(currentTarget(state)?.version).toBe(2);
  });

  it('refuses a revision of an unset cell, of a version no longer in force, and one that changes nothing', () => {
    given().when(revise('1', 1)).thenThrows(TargetNotSetError);
    const history = decideInTurn(target, [set(), revise('1400000.00', 1)]);
    given(history).when(revise('1300000.00', 1)).thenThrows(StaleTargetVersionError);
    given(history).when(revise('1400000', 2)).thenThrows(TargetUnchangedError);
  });

  it('from a plan: sets a new cell, revises a changed one, and leaves an equal one alone', () => {
    given()
      .when(plan('10'))
      .then([{ type: 'TargetSet' }]);
    const v1 = decideTarget(plan('10'), initialTarget);
    given(v1).when(plan('10.000')).thenNothingHappened();
    given(v1)
      .when(plan('12'))
      .then([{ type: 'TargetRevised', payload: { version: 2, supersedesVersion: 1, reason: 'plan import plan.xlsx' } }]);
  });

  it('refuses a period that does not match its kind', () => {
    given()
      .when(set('1', { ...cell, periodKind: 'quarter', period: '2026-01' }))
      .thenThrows(InvalidOrgDataError);
  });
});
