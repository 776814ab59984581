import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { PARTS_BAD_REQUEST, PARTS_STOCK_LEDGER } from '../route-helpers';
import { ReceivePartsCommand } from './receive-parts.command';
import { ReceivePartsRequest } from './receive-parts.request.dto';

export const receivePartsRoute = defineCommandRoute<ReceivePartsRequest, StreamCommandResult>({
  name: 'ReceiveParts',
  context: 'parts',
  dto: ReceivePartsRequest,
  path: '/api/v1/parts/receipts/:receiptId',
  successStatus: 201,
  docs: {
    summary: 'Record parts received from a supplier',
    success: 'The receipt was recorded',
    badRequest: PARTS_BAD_REQUEST,
    conflict: 'Receipt id already recorded',
    params: { receiptId: 'Goods receipt id, unique within the branch' },
    stream: PARTS_STOCK_LEDGER,
  },
  toCommand: (body, params, context) =>
    new ReceivePartsCommand(
      {
        type: 'ReceiveParts',
        eventId: randomUUID(),
        occurredAt: new Date(body.occurredAt).toISOString(),
        branchId: body.branchId,
        receiptId: params.receiptId ?? '',
        supplierId: body.supplierId,
        purchaseOrderRef: body.purchaseOrderRef ?? null,
        partNumber: body.partNumber,
        quantity: body.quantity,
        genuine: body.genuine,
        cost: { ...body.cost },
      },
      context,
    ),
});
