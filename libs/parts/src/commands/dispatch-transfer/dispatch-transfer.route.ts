import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { PARTS_BAD_REQUEST, PARTS_STOCK_LEDGER } from '../route-helpers';
import { DispatchTransferCommand } from './dispatch-transfer.command';
import { DispatchTransferRequest } from './dispatch-transfer.request.dto';

export const dispatchTransferRoute = defineCommandRoute<DispatchTransferRequest, StreamCommandResult>({
  name: 'DispatchTransfer',
  context: 'parts',
  dto: DispatchTransferRequest,
  path: '/api/v1/parts/transfers/:transferId/dispatch',
  successStatus: 201,
  docs: {
    summary: 'Record parts dispatched to another branch (not revenue)',
    success: "The dispatch was recorded on the sender's ledger",
    badRequest: PARTS_BAD_REQUEST,
    conflict: 'Transfer id already dispatched, or a part is short in stock (INSUFFICIENT_STOCK)',
    params: { transferId: 'Transfer id, unique for the sending branch' },
    stream: PARTS_STOCK_LEDGER,
  },
  toCommand: (body, params, context) =>
    new DispatchTransferCommand(
      {
        type: 'DispatchTransfer',
        eventId: randomUUID(),
        occurredAt: new Date(body.occurredAt).toISOString(),
        branchId: body.branchId,
        transferId: params.transferId ?? '',
        toBranchId: body.toBranchId,
        lines: body.lines.map((l) => ({ partNumber: l.partNumber, quantity: l.quantity, value: { ...l.value } })),
      },
      context,
    ),
});
