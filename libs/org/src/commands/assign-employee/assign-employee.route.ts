import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { orgIdParamProblem } from '../shared/org-validation';
import { AssignEmployeeCommand } from './assign-employee.command';
import { AssignEmployeeRequest } from './assign-employee.request.dto';

export const assignEmployeeRoute = defineCommandRoute<AssignEmployeeRequest, StreamCommandResult>({
  name: 'AssignEmployee',
  context: 'org',
  dto: AssignEmployeeRequest,
  path: '/api/v1/org/employees/:employeeId/assignments',
  successStatus: 201,
  checkParam: orgIdParamProblem,
  etag: false,
  docs: {
    summary: 'Assign an employee to a branch, department and role from a date on (EmployeeAssigned)',
    success: 'The employee works in the branch, department and role from effectiveFrom on',
    badRequest: 'Unknown or closed branch, a role outside its department, or a date before the branch opened',
    params: { employeeId: 'The employee id: 1 to 64 letters, digits, ".", "_" or "-"' },
    stream: 'the employee',
  },
  toCommand: (dto, params, context) =>
    new AssignEmployeeCommand(
      {
        type: 'AssignEmployee',
        eventId: randomUUID(),
        occurredAt: new Date().toISOString(),
        employeeId: params.employeeId ?? '',
        branchId: dto.branchId,
        department: dto.department,
        role: dto.role,
        effectiveFrom: dto.effectiveFrom,
      },
      context,
    ),
});
