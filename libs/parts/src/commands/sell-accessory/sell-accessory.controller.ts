import { StreamCommandResult } from '@app/event-store';
import { commandContextOf, CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { ApiPartsCommand } from '../parts-api';
import { SellAccessoryCommand } from './sell-accessory.command';
import { SellAccessoryRequest } from './sell-accessory.request.dto';

export const sellAccessoryRoute = defineCommandRoute<SellAccessoryRequest, StreamCommandResult>({
  name: 'SellAccessory',
  context: 'parts',
  dto: SellAccessoryRequest,
  path: '/api/v1/parts/accessory-sales/:accessorySaleId',
  successStatus: 201,
  toCommand: (body, params, context) =>
    new SellAccessoryCommand(
      {
        type: 'SellAccessory',
        eventId: randomUUID(),
        occurredAt: new Date(body.occurredAt).toISOString(),
        branchId: body.branchId,
        accessorySaleId: params.accessorySaleId ?? '',
        accessoryCode: body.accessoryCode,
        description: body.description,
        quantity: body.quantity,
        amount: { ...body.amount },
        cost: { ...body.cost },
        vehicleSaleId: body.vehicleSaleId ?? null,
      },
      context,
    ),
});

@ApiTags('parts')
@Controller('api/v1/parts/accessory-sales')
export class SellAccessoryController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':accessorySaleId')
  @ApiParam({ name: 'accessorySaleId', description: 'Accessory sale id' })
  @ApiPartsCommand({
    summary: 'Record an accessory sale',
    created: 'The accessory sale was recorded',
    stream: 'the accessory sale',
    conflict: 'Accessory sale already recorded',
  })
  async sellAccessory(
    @Param('accessorySaleId') accessorySaleId: string,
    @Body() body: SellAccessoryRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    const result = await this.dispatcher.respond(response, sellAccessoryRoute, body, { accessorySaleId }, commandContextOf(request, 'parts'));
    response.setHeader('ETag', `"${result.streamVersion}"`);
    return result;
  }
}
