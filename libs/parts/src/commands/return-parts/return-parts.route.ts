import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { PARTS_BAD_REQUEST, PARTS_STOCK_LEDGER } from '../route-helpers';
import { ReturnPartsCommand } from './return-parts.command';
import { ReturnPartsRequest } from './return-parts.request.dto';

export const returnPartsRoute = defineCommandRoute<ReturnPartsRequest, StreamCommandResult>({
  name: 'ReturnParts',
  context: 'parts',
  dto: ReturnPartsRequest,
  path: '/api/v1/parts/returns/:returnId',
  successStatus: 201,
  docs: {
    summary: 'Record parts returned by a customer or to a supplier',
    success: 'The return was recorded',
    badRequest: PARTS_BAD_REQUEST,
    conflict: 'Return id already recorded, more than is left on the original document (RETURN_EXCEEDS_ORIGINAL), or a part is short in stock',
    unprocessable: 'The original sale or receipt is not recorded at the branch (ORIGINAL_DOCUMENT_NOT_FOUND)',
    params: { returnId: 'Return id, unique within the branch' },
    stream: PARTS_STOCK_LEDGER,
  },
  toCommand: (body, params, context) =>
    new ReturnPartsCommand(
      {
        type: 'ReturnParts',
        eventId: randomUUID(),
        occurredAt: new Date(body.occurredAt).toISOString(),
        branchId: body.branchId,
        returnId: params.returnId ?? '',
        direction: body.direction,
        originalDocumentId: body.originalDocumentId,
        reason: body.reason ?? null,
        lines: body.lines.map((l) => ({ partNumber: l.partNumber, quantity: l.quantity, amount: { ...l.amount }, cost: { ...l.cost } })),
      },
      context,
    ),
});
