import { StreamCommandResult } from '@app/event-store';
import { CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { respondWithVersion, utc, WORKSHOP_BASE_PATH, WorkshopCommandDocs } from '../command-http';
import { OpenRepairOrderCommand } from './open-repair-order.command';
import { OpenRepairOrderRequest } from './open-repair-order.request.dto';

export const openRepairOrderRoute = defineCommandRoute<OpenRepairOrderRequest, StreamCommandResult>({
  name: 'OpenRepairOrder',
  context: 'workshop',
  dto: OpenRepairOrderRequest,
  path: '/api/v1/workshop/repair-orders/:repairOrderId',
  successStatus: 201,
  toCommand: (body, params, context) =>
    new OpenRepairOrderCommand(
      {
        type: 'OpenRepairOrder',
        eventId: randomUUID(),
        occurredAt: utc(body.occurredAt),
        branchId: body.branchId,
        repairOrderId: params.repairOrderId ?? '',
        intakeVisitId: body.intakeVisitId,
        vin: body.vin,
        mileageKm: body.mileageKm,
        advisorId: body.advisorId,
        jobType: body.jobType,
        payer: body.payer,
        appointmentId: body.appointmentId ?? null,
        customerId: body.customerId ?? null,
        complaint: body.complaint ?? null,
      },
      context,
    ),
});

@ApiTags('workshop')
@Controller(`${WORKSHOP_BASE_PATH}/repair-orders`)
export class OpenRepairOrderController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':repairOrderId')
  @ApiParam({ name: 'repairOrderId', description: '1 to 64 letters, digits, ".", "_", ":" or "-"' })
  @WorkshopCommandDocs({
    summary: 'Open a repair order at vehicle intake',
    created: 'The RO was opened',
    conflict: 'The RO was opened before',
    unprocessable: 'The appointment named was never booked, or was booked at another branch',
  })
  open(
    @Param('repairOrderId') repairOrderId: string,
    @Body() body: OpenRepairOrderRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    return respondWithVersion(this.dispatcher, request, response, openRepairOrderRoute, body, { repairOrderId });
  }
}
