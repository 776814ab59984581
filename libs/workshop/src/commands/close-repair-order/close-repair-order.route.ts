import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { utc, WORKSHOP_BAD_REQUEST } from '../route-helpers';
import { CloseRepairOrderCommand } from './close-repair-order.command';
import { CloseRepairOrderRequest } from './close-repair-order.request.dto';

export const closeRepairOrderRoute = defineCommandRoute<CloseRepairOrderRequest, StreamCommandResult>({
  name: 'CloseRepairOrder',
  context: 'workshop',
  dto: CloseRepairOrderRequest,
  path: '/api/v1/workshop/repair-orders/:repairOrderId/closure',
  successStatus: 201,
  docs: {
    summary: "Close a repair order: hands the vehicle back and recognises the RO's revenue",
    success: 'The RO was closed; the event carries its totals',
    badRequest: WORKSHOP_BAD_REQUEST,
    notFound: 'The RO is not known',
    conflict: 'The RO is already closed',
    params: { repairOrderId: 'The repair order (RO) id' },
    stream: 'the repair order',
  },
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
