import { StreamCommandResult } from '@app/event-store';
import { CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { respondWithVersion, utc, WORKSHOP_BASE_PATH, WorkshopCommandDocs } from '../command-http';
import { LogComplaintCommand } from './log-complaint.command';
import { LogComplaintRequest } from './log-complaint.request.dto';

export const logComplaintRoute = defineCommandRoute<LogComplaintRequest, StreamCommandResult>({
  name: 'LogComplaint',
  context: 'workshop',
  dto: LogComplaintRequest,
  path: '/api/v1/workshop/complaints/:complaintId',
  successStatus: 201,
  toCommand: (body, params, context) =>
    new LogComplaintCommand(
      {
        type: 'LogComplaint',
        eventId: randomUUID(),
        occurredAt: utc(body.occurredAt),
        branchId: body.branchId,
        complaintId: params.complaintId ?? '',
        kind: body.kind,
        channel: body.channel,
        repairOrderId: body.repairOrderId ?? null,
        vehicleSaleId: body.vehicleSaleId ?? null,
        customerId: body.customerId ?? null,
        description: body.description,
      },
      context,
    ),
});

@ApiTags('workshop')
@Controller(`${WORKSHOP_BASE_PATH}/complaints`)
export class LogComplaintController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':complaintId')
  @ApiParam({ name: 'complaintId', description: '1 to 64 letters, digits, ".", "_", ":" or "-"' })
  @WorkshopCommandDocs({
    summary: 'Log a customer complaint',
    created: 'The complaint was logged',
    conflict: 'The complaint was logged before',
    unprocessable: 'The RO named is not known, or belongs to another branch',
  })
  log(
    @Param('complaintId') complaintId: string,
    @Body() body: LogComplaintRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    return respondWithVersion(this.dispatcher, request, response, logComplaintRoute, body, { complaintId });
  }
}
