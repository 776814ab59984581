import { StreamCommandResult } from '@app/event-store';
import { CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { respondWithVersion, utc, WORKSHOP_BASE_PATH, WorkshopCommandDocs } from '../command-http';
import { ReopenRepairOrderCommand } from './reopen-repair-order.command';
import { ReopenRepairOrderRequest } from './reopen-repair-order.request.dto';

export const reopenRepairOrderRoute = defineCommandRoute<ReopenRepairOrderRequest, StreamCommandResult>({
  name: 'ReopenRepairOrder',
  context: 'workshop',
  dto: ReopenRepairOrderRequest,
  path: '/api/v1/workshop/repair-orders/:repairOrderId/reopening',
  successStatus: 201,
  toCommand: (body, params, context) =>
    new ReopenRepairOrderCommand(
      {
        type: 'ReopenRepairOrder',
        eventId: randomUUID(),
        occurredAt: utc(body.occurredAt),
        branchId: body.branchId,
        repairOrderId: params.repairOrderId ?? '',
        reason: body.reason,
      },
      context,
    ),
});

@ApiTags('workshop')
@Controller(`${WORKSHOP_BASE_PATH}/repair-orders`)
export class ReopenRepairOrderController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':repairOrderId/reopening')
  @ApiParam({ name: 'repairOrderId', description: '1 to 64 letters, digits, ".", "_", ":" or "-"' })
  @WorkshopCommandDocs({
    summary: 'Reopen a closed repair order, reversing the revenue of its last close',
    created: 'The RO was reopened',
    conflict: 'The RO is not closed',
    notFound: 'The RO is not known',
  })
  reopen(
    @Param('repairOrderId') repairOrderId: string,
    @Body() body: ReopenRepairOrderRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    return respondWithVersion(this.dispatcher, request, response, reopenRepairOrderRoute, body, { repairOrderId });
  }
}
