import { StreamCommandResult } from '@app/event-store';
import { CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { respondWithVersion, utc, WORKSHOP_BASE_PATH, WorkshopCommandDocs } from '../command-http';
import { CompleteFollowUpCallCommand } from './complete-follow-up-call.command';
import { CompleteFollowUpCallRequest } from './complete-follow-up-call.request.dto';

export const completeFollowUpCallRoute = defineCommandRoute<CompleteFollowUpCallRequest, StreamCommandResult>({
  name: 'CompleteFollowUpCall',
  context: 'workshop',
  dto: CompleteFollowUpCallRequest,
  path: '/api/v1/workshop/follow-up-calls/:followUpCallId',
  successStatus: 201,
  toCommand: (body, params, context) =>
    new CompleteFollowUpCallCommand(
      {
        type: 'CompleteFollowUpCall',
        eventId: randomUUID(),
        occurredAt: utc(body.occurredAt),
        branchId: body.branchId,
        followUpCallId: params.followUpCallId ?? '',
        repairOrderId: body.repairOrderId,
        callerId: body.callerId,
        reached: body.reached,
        outcome: body.outcome,
        notes: body.notes ?? null,
      },
      context,
    ),
});

@ApiTags('workshop')
@Controller(`${WORKSHOP_BASE_PATH}/follow-up-calls`)
export class CompleteFollowUpCallController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':followUpCallId')
  @ApiParam({ name: 'followUpCallId', description: '1 to 64 letters, digits, ".", "_", ":" or "-"' })
  @WorkshopCommandDocs({
    summary: 'Record a follow-up call to the customer of a closed repair order',
    created: 'The call was recorded',
    conflict: 'A call with this id was recorded before',
    unprocessable: 'The RO is not known, belongs to another branch, or had not been closed by the time of the call',
  })
  complete(
    @Param('followUpCallId') followUpCallId: string,
    @Body() body: CompleteFollowUpCallRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    return respondWithVersion(this.dispatcher, request, response, completeFollowUpCallRoute, body, { followUpCallId });
  }
}
