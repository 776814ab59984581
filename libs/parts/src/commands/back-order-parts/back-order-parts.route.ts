import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { PARTS_BAD_REQUEST, PARTS_STOCK_LEDGER } from '../route-helpers';
import { BackOrderPartsCommand } from './back-order-parts.command';
import { BackOrderPartsRequest } from './back-order-parts.request.dto';

export const backOrderPartsRoute = defineCommandRoute<BackOrderPartsRequest, StreamCommandResult>({
  name: 'BackOrderParts',
  context: 'parts',
  dto: BackOrderPartsRequest,
  path: '/api/v1/parts/back-orders/:backOrderId',
  successStatus: 201,
  docs: {
    summary: 'Record a request the stores could not serve in full from stock (a back-order: a miss of the parts fill rate)',
    success: 'The back-order was recorded',
    badRequest: `${PARTS_BAD_REQUEST}; a workshop back-order without its repair order, a counter back-order without the customer type, or as much served as requested`,
    conflict: 'Back-order id already recorded',
    params: { backOrderId: 'Back-order id, unique within the branch' },
    stream: PARTS_STOCK_LEDGER,
  },
  toCommand: (body, params, context) =>
    new BackOrderPartsCommand(
      {
        type: 'BackOrderParts',
        eventId: randomUUID(),
        occurredAt: new Date(body.occurredAt).toISOString(),
        branchId: body.branchId,
        backOrderId: params.backOrderId ?? '',
        channel: body.channel,
        repairOrderId: body.repairOrderId ?? null,
        customerType: body.customerType ?? null,
        partNumber: body.partNumber,
        genuine: body.genuine,
        quantityRequested: body.quantityRequested,
        quantityServed: body.quantityServed ?? '0',
      },
      context,
    ),
});
