import { StreamCommandResult } from '@app/event-store';
import { commandContextOf, CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { OrgIdParamPipe } from '../shared/org-validation';
import { AssignEmployeeCommand } from './assign-employee.command';
import { AssignEmployeeRequest } from './assign-employee.request.dto';

export const assignEmployeeRoute = defineCommandRoute<AssignEmployeeRequest, StreamCommandResult>({
  name: 'AssignEmployee',
  context: 'org',
  dto: AssignEmployeeRequest,
  path: '/api/v1/org/employees/:employeeId/assignments',
  successStatus: 201,
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

@ApiTags('org')
@Controller('api/v1/org/employees')
export class AssignEmployeeController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':employeeId/assignments')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  @ApiCreatedResponse({ description: 'The employee works in the branch, department and role from effectiveFrom on' })
  @ApiBadRequestResponse({ description: 'Invalid fields, unknown or closed branch, a role outside its department, or a date before the branch opened' })
  assign(
    @Param('employeeId', new OrgIdParamPipe('employeeId')) employeeId: string,
    @Body() body: AssignEmployeeRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    return this.dispatcher.respond(response, assignEmployeeRoute, body, { employeeId }, commandContextOf(request, 'org'));
  }
}
