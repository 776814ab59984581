import { UnknownBranchError } from '@app/contracts';
import { DeciderSpecification, decideInTurn } from '@app/contracts/testing';
import { AssignEmployee, assignmentOn, decideEmployee, evolveEmployee, initialEmployee, RoleNotInDepartmentError } from './employee.aggregate';
import { at } from './org-command.spec-helper';
import { EffectiveBeforeOpeningError } from './org-event';

const facts = { branchOpenedOn: '2025-01-01' };
const employee = { decide: decideEmployee, evolve: evolveEmployee, initialState: initialEmployee, streamId: 'employee-E-1' };
const given = DeciderSpecification.for(employee);
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
    given()
      .when(assign(), facts)
      .then([
        {
          type: 'EmployeeAssigned',
          branchId: 'SH-01',
          payload: { employeeId: 'E-1', department: 'sales', role: 'sales_consultant', effectiveFrom: '2026-01-01' },
        },
      ]);
  });

  it('keeps the history: a transfer applies from its date on', () => {
    const { state } = given(decideInTurn(employee, [assign()], facts))
      .when(assign({ branchId: 'SH-02', effectiveFrom: '2026-04-01' }), facts)
      .then([{ type: 'EmployeeAssigned', payload: { branchId: 'SH-02' } }]);
    expect(assignmentOn(state, '2026-03-31')?.branchId).toBe('SH-01');
    expect(assignmentOn(state, '2026-04-01')?.branchId).toBe('SH-02');
    expect(assignmentOn(state, '2025-12-31')).toBeNull();
  });

  it('ignores the same assignment again', () => {
    given(decideEmployee(assign(), initialEmployee, facts))
      .when(assign(), facts)
      .thenNothingHappened();
  });

  it('refuses a role outside its department', () => {
    given()
      .when(assign({ department: 'service', role: 'sales_consultant' }), facts)
      .thenThrows(RoleNotInDepartmentError);
    given()
      .when(assign({ department: 'parts', role: 'technician' }), facts)
      .thenThrows(RoleNotInDepartmentError);
    given()
      .when(assign({ department: 'parts', role: 'manager' }), facts)
      .then([{ type: 'EmployeeAssigned' }]);
  });

  it('refuses an unknown branch and a date before the branch opened', () => {
    given().when(assign(), { branchOpenedOn: null }).thenThrows(UnknownBranchError);
    given()
      .when(assign({ effectiveFrom: '2024-06-30' }), facts)
      .thenThrows(EffectiveBeforeOpeningError);
  });
});
