import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { CancelOrderCommand } from './cancel-order.command';
import { CancelOrderRequest } from './cancel-order.request.dto';

export const cancelOrderRoute = defineCommandRoute<CancelOrderRequest, StreamCommandResult>({
  name: 'CancelOrder',
  context: 'sales',
  dto: CancelOrderRequest,
  path: '/api/v1/sales/vehicle-sales/:vehicleSaleId/cancellation',
  successStatus: 201,
  docs: {
    summary: 'Cancel the signed order of a vehicle sale before delivery (OrderCancelled)',
    success: 'The cancellation was recorded',
    badRequest: 'An unknown or closed branch, or a sale of another branch',
    notFound: 'No such vehicle sale',
    conflict: 'No signed order, already cancelled, already delivered',
    params: { vehicleSaleId: 'The vehicle sale id (one per vehicle sold), chosen by the dealer system' },
    stream: 'the sale',
  },
  toCommand: (body, params, context) =>
    new CancelOrderCommand(
      {
        type: 'CancelOrder',
        eventId: randomUUID(),
        vehicleSaleId: params.vehicleSaleId ?? '',
        branchId: body.branchId,
        reason: body.reason,
        occurredAt: new Date(body.occurredAt).toISOString(),
      },
      context,
    ),
});
