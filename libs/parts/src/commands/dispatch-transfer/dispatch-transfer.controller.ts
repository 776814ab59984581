import { StreamCommandResult } from '@app/event-store';
import { commandContextOf, CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { ApiPartsCommand } from '../parts-api';
import { DispatchTransferCommand } from './dispatch-transfer.command';
import { DispatchTransferRequest } from './dispatch-transfer.request.dto';

export const dispatchTransferRoute = defineCommandRoute<DispatchTransferRequest, StreamCommandResult>({
  name: 'DispatchTransfer',
  context: 'parts',
  dto: DispatchTransferRequest,
  path: '/api/v1/parts/transfers/:transferId/dispatch',
  successStatus: 201,
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

@ApiTags('parts')
@Controller('api/v1/parts/transfers')
export class DispatchTransferController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':transferId/dispatch')
  @ApiParam({ name: 'transferId', description: 'Transfer id, unique for the sending branch' })
  @ApiPartsCommand({
    summary: 'Record parts dispatched to another branch (not revenue)',
    created: "The dispatch was recorded on the sender's ledger",
    conflict: 'Transfer id already dispatched, or a part is short in stock (INSUFFICIENT_STOCK)',
  })
  async dispatchTransfer(
    @Param('transferId') transferId: string,
    @Body() body: DispatchTransferRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    const result = await this.dispatcher.respond(response, dispatchTransferRoute, body, { transferId }, commandContextOf(request, 'parts'));
    response.setHeader('ETag', `"${result.streamVersion}"`);
    return result;
  }
}
