import { Department, EmployeeRole } from './events/org.events';

/** An employee's assignment in force on a date (EmployeeAssigned). */
export interface EmployeeAssignmentInfo {
  readonly employeeId: string;
  readonly branchId: string;
  readonly department: Department;
  readonly role: EmployeeRole;
  /** First business date of the assignment. */
  readonly effectiveFrom: string;
}

/**
 * Head office's employees as the command side sees them: the assignment (branch, department, role)
 * in force on a business date, as EmployeeAssigned recorded it.
 */
export abstract class EmployeeDirectory {
  /** The assignment in force on `date` (`YYYY-MM-DD`), or null when the employee had none then. */
  abstract assignmentOn(employeeId: string, date: string): Promise<EmployeeAssignmentInfo | null>;
}
