import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { PARTS_BAD_REQUEST, PARTS_STOCK_LEDGER } from '../route-helpers';
import { AdjustStockCommand } from './adjust-stock.command';
import { AdjustStockRequest } from './adjust-stock.request.dto';

export const adjustStockRoute = defineCommandRoute<AdjustStockRequest, StreamCommandResult>({
  name: 'AdjustStock',
  context: 'parts',
  dto: AdjustStockRequest,
  path: '/api/v1/parts/stock-adjustments/:adjustmentId',
  successStatus: 201,
  docs: {
    summary: 'Record a stock correction (count, damage, write-off)',
    success: 'The adjustment was recorded',
    badRequest: PARTS_BAD_REQUEST,
    conflict: 'Adjustment id already recorded, or stock would go below zero (INSUFFICIENT_STOCK)',
    params: { adjustmentId: 'Adjustment id, unique within the branch' },
    stream: PARTS_STOCK_LEDGER,
  },
  toCommand: (body, params, context) =>
    new AdjustStockCommand(
      {
        type: 'AdjustStock',
        eventId: randomUUID(),
        occurredAt: new Date(body.occurredAt).toISOString(),
        branchId: body.branchId,
        adjustmentId: params.adjustmentId ?? '',
        reason: body.reason,
        partNumber: body.partNumber,
        quantityDelta: body.quantityDelta,
        value: { ...body.value },
        note: body.note ?? null,
      },
      context,
    ),
});
