import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { utc, WORKSHOP_BAD_REQUEST } from '../route-helpers';
import { RegisterComebackCommand } from './register-comeback.command';
import { RegisterComebackRequest } from './register-comeback.request.dto';

export const registerComebackRoute = defineCommandRoute<RegisterComebackRequest, StreamCommandResult>({
  name: 'RegisterComeback',
  context: 'workshop',
  dto: RegisterComebackRequest,
  path: '/api/v1/workshop/repair-orders/:repairOrderId/comeback',
  successStatus: 201,
  docs: {
    summary: 'Register a repair order (open, reopened or closed) as a comeback (rework) of an earlier closed RO of the same vehicle',
    success: 'The comeback link was recorded',
    badRequest: WORKSHOP_BAD_REQUEST,
    notFound: 'The new RO is not known',
    conflict: 'The new RO is already linked',
    unprocessable: 'The original RO is unknown, not closed now, of another vehicle, or was not yet closed when the new RO was opened',
    params: { repairOrderId: 'The repair order (RO) id' },
    stream: 'the repair order',
  },
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
