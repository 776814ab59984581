import { NewEvent } from '@app/contracts';
import { at, fold } from './given.spec-helper';
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
  TargetState,
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
const given = (...events: NewEvent[]): TargetState => fold(initialTarget, evolveTarget, targetStreamId(cell), events);
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
    expect(decideTarget(set(), given())).toMatchObject([
      { type: 'TargetSet', branchId: 'SH-01', payload: { ...cell, value: '1500000.00', unit: 'CNY', version: 1 } },
    ]);
  });

  it('puts group, region and person targets on the group-wide envelope and department targets on their branch', () => {
    const region = normalizeTargetCell({ ...cell, grain: 'region', grainId: 'EAST' });
    const group = normalizeTargetCell({ ...cell, grain: 'group', grainId: '' });
    const department = normalizeTargetCell({ ...cell, grain: 'department', grainId: 'SH-01:service' });
    expect(group.grainId).toBe('group');
    expect(decideTarget(set('1', region), initialTarget)[0]?.branchId).toBe('*');
    expect(decideTarget(set('1', group), initialTarget)[0]?.branchId).toBe('*');
    expect(decideTarget(set('1', department), initialTarget)[0]?.branchId).toBe('SH-01');
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
    const state = given(...decideTarget(set(), initialTarget));
    expect(decideTarget(set('1500000'), state)).toEqual([]);
    expect(() => decideTarget(set('1600000.00'), state)).toThrow(TargetAlreadySetError);
  });

  it('is revised to a new version naming the one it supersedes, keeping every version', () => {
    const v1 = decideTarget(set(), initialTarget);
    const v2 = decideTarget(revise('1400000.00', 1), given(...v1));
    expect(v2).toMatchObject([{ type: 'TargetRevised', payload: { value: '1400000.00', version: 2, supersedesVersion: 1, reason: 'mid-year review' } }]);
    const state = given(...v1, ...v2);
    expect(state.versions.map((v) => [v.version, v.value])).toEqual([
      [1, '1500000.00'],
      [2, '1400000.00'],
    ]);
    expect(currentTarget(state)?.version).toBe(2);
  });

  it('refuses a revision of an unset cell, of a version no longer in force, and one that changes nothing', () => {
    expect(() => decideTarget(revise('1', 1), given())).toThrow(TargetNotSetError);
    const v1 = decideTarget(set(), initialTarget);
    const v2 = decideTarget(revise('1400000.00', 1), given(...v1));
    expect(() => decideTarget(revise('1300000.00', 1), given(...v1, ...v2))).toThrow(StaleTargetVersionError);
    expect(() => decideTarget(revise('1400000', 2), given(...v1, ...v2))).toThrow(TargetUnchangedError);
  });

  it('from a plan: sets a new cell, revises a changed one, and leaves an equal one alone', () => {
    expect(decideTarget(plan('10'), given())).toMatchObject([{ type: 'TargetSet' }]);
    const v1 = decideTarget(plan('10'), initialTarget);
    expect(decideTarget(plan('10.000'), given(...v1))).toEqual([]);
    expect(decideTarget(plan('12'), given(...v1))).toMatchObject([
      { type: 'TargetRevised', payload: { version: 2, supersedesVersion: 1, reason: 'plan import plan.xlsx' } },
    ]);
  });

  it('refuses a period that does not match its kind', () => {
    expect(() => decideTarget(set('1', { ...cell, periodKind: 'quarter', period: '2026-01' }), initialTarget)).toThrow(InvalidOrgDataError);
  });
});
