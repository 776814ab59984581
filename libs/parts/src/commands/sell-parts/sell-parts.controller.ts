import { StreamCommandResult } from '@app/event-store';
import { commandContextOf, CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { ApiPartsCommand } from '../parts-api';
import { SellPartsCommand } from './sell-parts.command';
import { SellPartsRequest } from './sell-parts.request.dto';

export const sellPartsRoute = defineCommandRoute<SellPartsRequest, StreamCommandResult>({
  name: 'SellParts',
  context: 'parts',
  dto: SellPartsRequest,
  path: '/api/v1/parts/counter-sales/:saleId',
  successStatus: 201,
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
        lines: body.lines.map((l) => ({ partNumber: l.partNumber, quantity: l.quantity, genuine: l.genuine, amount: { ...l.amount }, cost: { ...l.cost } })),
      },
      context,
    ),
});

@ApiTags('parts')
@Controller('api/v1/parts/counter-sales')
export class SellPartsController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':saleId')
  @ApiParam({ name: 'saleId', description: 'Counter sale id, unique within the branch' })
  @ApiPartsCommand({
    summary: 'Record a parts counter sale (not parts issued to a repair order)',
    created: 'The sale was recorded',
    conflict: 'Sale id already recorded, or a part is short in stock (INSUFFICIENT_STOCK)',
  })
  async sellParts(
    @Param('saleId') saleId: string,
    @Body() body: SellPartsRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    const result = await this.dispatcher.respond(response, sellPartsRoute, body, { saleId }, commandContextOf(request, 'parts'));
    response.setHeader('ETag', `"${result.streamVersion}"`);
    return result;
  }
}
