import { StreamCommandResult } from '@app/event-store';
import { CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { respondWithVersion, utc, WORKSHOP_BASE_PATH, WorkshopCommandDocs } from '../command-http';
import { RegisterComebackCommand } from './register-comeback.command';
import { RegisterComebackRequest } from './register-comeback.request.dto';

export const registerComebackRoute = defineCommandRoute<RegisterComebackRequest, StreamCommandResult>({
  name: 'RegisterComeback',
  context: 'workshop',
  dto: RegisterComebackRequest,
  path: '/api/v1/workshop/repair-orders/:repairOrderId/comeback',
  successStatus: 201,
  toCommand: (body, params, context) =>
    new RegisterComebackCommand(
      {
        type: 'RegisterComeback',
        eventId: randomUUID(),
        occurredAt: utc(body.occurredAt),
        branchId: body.branchId,
        repairOrderId: params.repairOrderId ?? '',
        originalRepairOrderId: body.originalRepairOrderId,
        faultDescription: body.faultDescription,
      },
      context,
    ),
});

@ApiTags('workshop')
@Controller(`${WORKSHOP_BASE_PATH}/repair-orders`)
export class RegisterComebackController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':repairOrderId/comeback')
  @ApiParam({ name: 'repairOrderId', description: '1 to 64 letters, digits, ".", "_", ":" or "-"' })
  @WorkshopCommandDocs({
    summary: 'Register a repair order (open, reopened or closed) as a comeback (rework) of an earlier closed RO of the same vehicle',
    created: 'The comeback link was recorded',
    conflict: 'The new RO is already linked',
    notFound: 'The new RO is not known',
    unprocessable: 'The original RO is unknown, not closed now, of another vehicle, or was not yet closed when the new RO was opened',
  })
  register(
    @Param('repairOrderId') repairOrderId: string,
    @Body() body: RegisterComebackRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    return respondWithVersion(this.dispatcher, request, response, registerComebackRoute, body, { repairOrderId });
  }
}
