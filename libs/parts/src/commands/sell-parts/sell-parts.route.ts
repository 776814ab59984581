import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { PARTS_BAD_REQUEST, PARTS_STOCK_LEDGER } from '../route-helpers';
import { SellPartsCommand } from './sell-parts.command';
import { SellPartsRequest } from './sell-parts.request.dto';

export const sellPartsRoute = defineCommandRoute<SellPartsRequest, StreamCommandResult>({
  name: 'SellParts',
  context: 'parts',
  dto: SellPartsRequest,
  path: '/api/v1/parts/counter-sales/:saleId',
  successStatus: 201,
  docs: {
    summary: 'Record a parts counter sale (not parts issued to a repair order)',
    success: 'The sale was recorded',
    badRequest: PARTS_BAD_REQUEST,
    conflict: 'Sale id already recorded, or a part is short in stock (INSUFFICIENT_STOCK)',
    unprocessable:
      'A line names a back-order the branch has not recorded (BACK_ORDER_NOT_FOUND), or sells more against it than is left of the request (BACK_ORDER_EXCEEDED)',
    params: { saleId: 'Counter sale id, unique within the branch' },
    stream: PARTS_STOCK_LEDGER,
  },
  toCommand: (body, params, context) =>
    new SellPartsCommand(
      {
        type: 'SellParts',
        eventId: randomUUID(),
        occurredAt: new Date(body.occurredAt).toISOString(),
        branchId: body.branchId,
        saleId: params.saleId ?? '',
        customerType: body.customerType,
        customerId: body.customerId ?? null,
        lines: body.lines.map((l) => ({
          partNumber: l.partNumber,
          quantity: l.quantity,
          genuine: l.genuine,
          amount: { ...l.amount },
          cost: { ...l.cost },
          ...(l.backOrderId === undefined ? {} : { backOrderId: l.backOrderId }),
        })),
      },
      context,
    ),
});
