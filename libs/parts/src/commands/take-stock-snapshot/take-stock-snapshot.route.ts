import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { PARTS_BAD_REQUEST, PARTS_STOCK_LEDGER } from '../route-helpers';
import { TakeStockSnapshotCommand } from './take-stock-snapshot.command';
import { TakeStockSnapshotRequest } from './take-stock-snapshot.request.dto';

export const takeStockSnapshotRoute = defineCommandRoute<TakeStockSnapshotRequest, StreamCommandResult>({
  name: 'TakeStockSnapshot',
  context: 'parts',
  dto: TakeStockSnapshotRequest,
  path: '/api/v1/parts/stock-snapshots/:month',
  successStatus: 201,
  docs: {
    summary: "Record a branch's month-end parts stock (one per branch and month)",
    success: 'The snapshot was recorded',
    badRequest: PARTS_BAD_REQUEST,
    conflict: "The month's snapshot was already taken (STOCK_SNAPSHOT_ALREADY_TAKEN)",
    params: { month: 'The month whose end the snapshot shows, YYYY-MM' },
    stream: PARTS_STOCK_LEDGER,
  },
  toCommand: (body, params, context) =>
    new TakeStockSnapshotCommand(
      {
        type: 'TakeStockSnapshot',
        eventId: randomUUID(),
        occurredAt: new Date(body.occurredAt).toISOString(),
        branchId: body.branchId,
        month: params.month ?? '',
        partCount: body.partCount,
        totalQuantity: body.totalQuantity,
        totalValue: { ...body.totalValue },
        agedStock: {
          days0To90: { ...body.agedStock.days0To90 },
          days91To180: { ...body.agedStock.days91To180 },
          days181To365: { ...body.agedStock.days181To365 },
          over365Days: { ...body.agedStock.over365Days },
        },
      },
      context,
    ),
});
