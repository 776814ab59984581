import { NewEvent, UnknownBranchError } from '@app/contracts';
import { AssignEmployee, assignmentOn, decideEmployee, EmployeeState, evolveEmployee, initialEmployee, RoleNotInDepartmentError } from './employee.aggregate';
import { at, fold } from './given.spec-helper';
import { EffectiveBeforeOpeningError } from './org-event';

const facts = { branchOpenedOn: '2025-01-01' };
const given = (...events: NewEvent[]): EmployeeState => fold(initialEmployee, evolveEmployee, 'employee-E-1', events);
const assign = (overrides: Partial<AssignEmployee> = {}): AssignEmployee => ({
  type: 'AssignEmployee',
  ...at(),
  employeeId: 'E-1',
  branchId: 'SH-01',
  department: 'sales',
  role: 'sales_consultant',
  effectiveFrom: '2026-01-01',
  ...overrides,
});

describe('Employee assignment', () => {
  it('assigns an employee to a branch, department and role from a date', () => {
    expect(decideEmployee(assign(), given(), facts)).toMatchObject([
      { type: 'EmployeeAssigned', branchId: 'SH-01', payload: { employeeId: 'E-1', department: 'sales', role: 'sales_consultant', effectiveFrom: '2026-01-01' } },
    ]);
  });

  it('keeps the history: a transfer applies from its date on', () => {
    const first = decideEmployee(assign(), given(), facts);
    const moved = decideEmployee(assign({ branchId: 'SH-02', effectiveFrom: '2026-04-01' }), given(...first), facts);
    const state = given(...first, ...moved);
    expect(assignmentOn(state, '2026-03-31')?.branchId).toBe('SH-01');
    expect(assignmentOn(state, '2026-04-01')?.branchId).toBe('SH-02');
    expect(assignmentOn(state, '2025-12-31')).toBeNull();
  });

  it('ignores the same assignment again', () => {
    expect(decideEmployee(assign(), given(...decideEmployee(assign(), initialEmployee, facts)), facts)).toEqual([]);
  });

  it('refuses a role outside its department', () => {
    expect(() => decideEmployee(assign({ department: 'service', role: 'sales_consultant' }), given(), facts)).toThrow(RoleNotInDepartmentError);
    expect(() => decideEmployee(assign({ department: 'parts', role: 'technician' }), given(), facts)).toThrow(RoleNotInDepartmentError);
    expect(decideEmployee(assign({ department: 'parts', role: 'manager' }), given(), facts)).toHaveLength(1);
  });

  it('refuses an unknown branch and a date before the branch opened', () => {
    expect(() => decideEmployee(assign(), given(), { branchOpenedOn: null })).toThrow(UnknownBranchError);
    expect(() => decideEmployee(assign({ effectiveFrom: '2024-06-30' }), given(), facts)).toThrow(EffectiveBeforeOpeningError);
  });
});
