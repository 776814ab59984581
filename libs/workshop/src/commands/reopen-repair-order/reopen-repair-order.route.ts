import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { utc, WORKSHOP_BAD_REQUEST } from '../route-helpers';
import { ReopenRepairOrderCommand } from './reopen-repair-order.command';
import { ReopenRepairOrderRequest } from './reopen-repair-order.request.dto';

export const reopenRepairOrderRoute = defineCommandRoute<ReopenRepairOrderRequest, StreamCommandResult>({
  name: 'ReopenRepairOrder',
  context: 'workshop',
  dto: ReopenRepairOrderRequest,
  path: '/api/v1/workshop/repair-orders/:repairOrderId/reopening',
  successStatus: 201,
  docs: {
    summary: 'Reopen a closed repair order, reversing the revenue of its last close',
    success: 'The RO was reopened',
    badRequest: WORKSHOP_BAD_REQUEST,
    notFound: 'The RO is not known',
    conflict: 'The RO is not closed',
    params: { repairOrderId: 'The repair order (RO) id' },
    stream: 'the repair order',
  },
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
