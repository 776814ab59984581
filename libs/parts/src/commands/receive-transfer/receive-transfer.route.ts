import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { PARTS_BAD_REQUEST, PARTS_STOCK_LEDGER } from '../route-helpers';
import { ReceiveTransferCommand } from './receive-transfer.command';
import { ReceiveTransferRequest } from './receive-transfer.request.dto';

export const receiveTransferRoute = defineCommandRoute<ReceiveTransferRequest, StreamCommandResult>({
  name: 'ReceiveTransfer',
  context: 'parts',
  dto: ReceiveTransferRequest,
  path: '/api/v1/parts/transfers/:transferId/receipt',
  successStatus: 201,
  docs: {
    summary: 'Record the receipt of a transfer at its destination branch',
    success: "The receipt was recorded on the receiver's ledger",
    badRequest: PARTS_BAD_REQUEST,
    conflict: 'The transfer was already received (TRANSFER_ALREADY_RECEIVED)',
    unprocessable:
      'The transfer was not dispatched (TRANSFER_NOT_DISPATCHED), not to this branch (TRANSFER_WRONG_DESTINATION), or more arrived than was dispatched (TRANSFER_RECEIPT_EXCEEDS_DISPATCH)',
    params: { transferId: 'The transfer id the sending branch dispatched' },
    stream: PARTS_STOCK_LEDGER,
  },
  toCommand: (body, params, context) =>
    new ReceiveTransferCommand(
      {
        type: 'ReceiveTransfer',
        eventId: randomUUID(),
        occurredAt: new Date(body.occurredAt).toISOString(),
        branchId: body.branchId,
        transferId: params.transferId ?? '',
        fromBranchId: body.fromBranchId,
        lines: body.lines.map((l) => ({ partNumber: l.partNumber, quantity: l.quantity })),
      },
      context,
    ),
});
