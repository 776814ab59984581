import { buildEvent, Department, DomainError, DomainEvent, EmployeeAssigned, EmployeeRole, EventEnvelope, NewEvent, UnknownBranchError } from '@app/contracts';
import { EffectiveBeforeOpeningError, OrgCommandBase, invalidOrgData } from './org-event';

export interface EmployeeAssignment {
  readonly effectiveFrom: string;
  readonly branchId: string;
  readonly department: Department;
  readonly role: EmployeeRole;
}

/** An employee's assignment history, one per effective date. */
export interface EmployeeState {
  readonly assignments: readonly EmployeeAssignment[];
}

export const initialEmployee: EmployeeState = { assignments: [] };

export interface AssignEmployee extends OrgCommandBase, EmployeeAssignment {
  readonly type: 'AssignEmployee';
  readonly employeeId: string;
}

export type EmployeeCommand = AssignEmployee;

export interface EmployeeFacts {
  /** null when the branch was never opened. */
  readonly branchOpenedOn: string | null;
}

/** The departments a role can work in: consultants sell, advisors and technicians work in service. */
export const ROLE_DEPARTMENTS: Readonly<Record<EmployeeRole, readonly Department[]>> = {
  sales_consultant: ['sales'],
  service_advisor: ['service'],
  technician: ['service'],
  manager: ['sales', 'service', 'parts', 'admin'],
  other: ['sales', 'service', 'parts', 'admin'],
};

export class RoleNotInDepartmentError extends DomainError {
  readonly code = 'ROLE_NOT_IN_DEPARTMENT';
  readonly kind = 'invalid';
  constructor(role: EmployeeRole, department: Department) {
    super(`a ${role} works in ${ROLE_DEPARTMENTS[role].join(' or ')}, not in ${department}`);
  }
}

export function employeeStreamId(employeeId: string): string {
  return `employee-${employeeId}`;
}

/** The assignment in force on a date. */
export function assignmentOn(state: EmployeeState, date: string): EmployeeAssignment | null {
  let found: EmployeeAssignment | null = null;
  for (const a of state.assignments) if (a.effectiveFrom <= date) found = a;
  return found;
}

export function decideEmployee(command: EmployeeCommand, state: EmployeeState, facts: EmployeeFacts): NewEvent[] {
  switch (command.type) {
    case 'AssignEmployee': {
      if (facts.branchOpenedOn === null) throw new UnknownBranchError(command.branchId);
      if (command.effectiveFrom < facts.branchOpenedOn) {
        throw new EffectiveBeforeOpeningError(command.branchId, command.effectiveFrom, facts.branchOpenedOn);
      }
      if (!ROLE_DEPARTMENTS[command.role].includes(command.department)) throw new RoleNotInDepartmentError(command.role, command.department);
      const same = state.assignments.find((a) => a.effectiveFrom === command.effectiveFrom);
      if (same && same.branchId === command.branchId && same.department === command.department && same.role === command.role) return [];
      return [
        buildEvent(
          EmployeeAssigned,
          command,
          {
            employeeId: command.employeeId,
            branchId: command.branchId,
            department: command.department,
            role: command.role,
            effectiveFrom: command.effectiveFrom,
          },
          invalidOrgData,
        ),
      ];
    }
    default: {
      const unhandled: never = command.type;
      throw new Error(`unhandled command ${JSON.stringify(unhandled)}`);
    }
  }
}

export function evolveEmployee(state: EmployeeState, envelope: EventEnvelope): EmployeeState {
  const event = envelope as DomainEvent;
  switch (event.type) {
    case 'EmployeeAssigned': {
      const { effectiveFrom, branchId, department, role } = event.payload;
      const assignments = [...state.assignments.filter((a) => a.effectiveFrom !== effectiveFrom), { effectiveFrom, branchId, department, role }];
      return { assignments: assignments.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)) };
    }
    default:
      return state;
  }
}
