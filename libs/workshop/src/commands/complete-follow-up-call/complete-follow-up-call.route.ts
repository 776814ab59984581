import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { utc, WORKSHOP_BAD_REQUEST } from '../route-helpers';
import { CompleteFollowUpCallCommand } from './complete-follow-up-call.command';
import { CompleteFollowUpCallRequest } from './complete-follow-up-call.request.dto';

export const completeFollowUpCallRoute = defineCommandRoute<CompleteFollowUpCallRequest, StreamCommandResult>({
  name: 'CompleteFollowUpCall',
  context: 'workshop',
  dto: CompleteFollowUpCallRequest,
  path: '/api/v1/workshop/follow-up-calls/:followUpCallId',
  successStatus: 201,
  docs: {
    summary: 'Record a follow-up call to the customer of a closed repair order',
    success: 'The call was recorded',
    badRequest: WORKSHOP_BAD_REQUEST,
    conflict: 'A call with this id was recorded before',
    unprocessable: 'The RO is not known, belongs to another branch, or had not been closed by the time of the call',
    params: { followUpCallId: 'The follow-up call id' },
    stream: 'the follow-up call',
  },
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
