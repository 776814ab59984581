import { StreamCommandResult } from '@app/event-store';
import { commandContextOf, CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { ApiPartsCommand } from '../parts-api';
import { ReceivePartsCommand } from './receive-parts.command';
import { ReceivePartsRequest } from './receive-parts.request.dto';

export const receivePartsRoute = defineCommandRoute<ReceivePartsRequest, StreamCommandResult>({
  name: 'ReceiveParts',
  context: 'parts',
  dto: ReceivePartsRequest,
  path: '/api/v1/parts/receipts/:receiptId',
  successStatus: 201,
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

@ApiTags('parts')
@Controller('api/v1/parts/receipts')
export class ReceivePartsController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':receiptId')
  @ApiParam({ name: 'receiptId', description: 'Goods receipt id, unique within the branch' })
  @ApiPartsCommand({
    summary: 'Record parts received from a supplier',
    created: 'The receipt was recorded',
    conflict: 'Receipt id already recorded',
  })
  async receiveParts(
    @Param('receiptId') receiptId: string,
    @Body() body: ReceivePartsRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    const result = await this.dispatcher.respond(response, receivePartsRoute, body, { receiptId }, commandContextOf(request, 'parts'));
    response.setHeader('ETag', `"${result.streamVersion}"`);
    return result;
  }
}
