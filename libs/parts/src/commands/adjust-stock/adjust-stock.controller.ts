import { StreamCommandResult } from '@app/event-store';
import { commandContextOf, CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { ApiPartsCommand } from '../parts-api';
import { AdjustStockCommand } from './adjust-stock.command';
import { AdjustStockRequest } from './adjust-stock.request.dto';

export const adjustStockRoute = defineCommandRoute<AdjustStockRequest, StreamCommandResult>({
  name: 'AdjustStock',
  context: 'parts',
  dto: AdjustStockRequest,
  path: '/api/v1/parts/stock-adjustments/:adjustmentId',
  successStatus: 201,
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

@ApiTags('parts')
@Controller('api/v1/parts/stock-adjustments')
export class AdjustStockController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':adjustmentId')
  @ApiParam({ name: 'adjustmentId', description: 'Adjustment id, unique within the branch' })
  @ApiPartsCommand({
    summary: 'Record a stock correction (count, damage, write-off)',
    created: 'The adjustment was recorded',
    conflict: 'Adjustment id already recorded, or stock would go below zero (INSUFFICIENT_STOCK)',
  })
  async adjustStock(
    @Param('adjustmentId') adjustmentId: string,
    @Body() body: AdjustStockRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    const result = await this.dispatcher.respond(response, adjustStockRoute, body, { adjustmentId }, commandContextOf(request, 'parts'));
    response.setHeader('ETag', `"${result.streamVersion}"`);
    return result;
  }
}
