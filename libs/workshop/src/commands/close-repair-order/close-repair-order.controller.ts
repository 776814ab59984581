import { StreamCommandResult } from '@app/event-store';
import { CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { respondWithVersion, utc, WORKSHOP_BASE_PATH, WorkshopCommandDocs } from '../command-http';
import { CloseRepairOrderCommand } from './close-repair-order.command';
import { CloseRepairOrderRequest } from './close-repair-order.request.dto';

export const closeRepairOrderRoute = defineCommandRoute<CloseRepairOrderRequest, StreamCommandResult>({
  name: 'CloseRepairOrder',
  context: 'workshop',
  dto: CloseRepairOrderRequest,
  path: '/api/v1/workshop/repair-orders/:repairOrderId/closure',
  successStatus: 201,
  toCommand: (body, params, context) =>
    new CloseRepairOrderCommand(
      {
        type: 'CloseRepairOrder',
        eventId: randomUUID(),
        occurredAt: utc(body.occurredAt),
        branchId: body.branchId,
        repairOrderId: params.repairOrderId ?? '',
        sublet: body.sublet ? { ...body.sublet } : null,
      },
      context,
    ),
});

@ApiTags('workshop')
@Controller(`${WORKSHOP_BASE_PATH}/repair-orders`)
export class CloseRepairOrderController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':repairOrderId/closure')
  @ApiParam({ name: 'repairOrderId', description: '1 to 64 letters, digits, ".", "_", ":" or "-"' })
  @WorkshopCommandDocs({
    summary: 'Close a repair order: hands the vehicle back and recognises the RO\'s revenue',
    created: 'The RO was closed; the event carries its totals',
    conflict: 'The RO is already closed',
    notFound: 'The RO is not known',
  })
  close(
    @Param('repairOrderId') repairOrderId: string,
    @Body() body: CloseRepairOrderRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    return respondWithVersion(this.dispatcher, request, response, closeRepairOrderRoute, body, { repairOrderId });
  }
}
