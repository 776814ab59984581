import { StreamCommandResult } from '@app/event-store';
import { commandContextOf, CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { ApiPartsCommand } from '../parts-api';
import { ReceiveTransferCommand } from './receive-transfer.command';
import { ReceiveTransferRequest } from './receive-transfer.request.dto';

export const receiveTransferRoute = defineCommandRoute<ReceiveTransferRequest, StreamCommandResult>({
  name: 'ReceiveTransfer',
  context: 'parts',
  dto: ReceiveTransferRequest,
  path: '/api/v1/parts/transfers/:transferId/receipt',
  successStatus: 201,
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

@ApiTags('parts')
@Controller('api/v1/parts/transfers')
export class ReceiveTransferController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':transferId/receipt')
  @ApiParam({ name: 'transferId', description: 'The transfer id the sending branch dispatched' })
  @ApiPartsCommand({
    summary: 'Record the receipt of a transfer at its destination branch',
    created: "The receipt was recorded on the receiver's ledger",
    conflict: 'The transfer was already received (TRANSFER_ALREADY_RECEIVED)',
    unprocessable: 'The transfer was not dispatched (TRANSFER_NOT_DISPATCHED), not to this branch (TRANSFER_WRONG_DESTINATION), or more arrived than was dispatched (TRANSFER_RECEIPT_EXCEEDS_DISPATCH); or the Idempotency-Key was used for a different request',
  })
  async receiveTransfer(
    @Param('transferId') transferId: string,
    @Body() body: ReceiveTransferRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    const result = await this.dispatcher.respond(response, receiveTransferRoute, body, { transferId }, commandContextOf(request, 'parts'));
    response.setHeader('ETag', `"${result.streamVersion}"`);
    return result;
  }
}
