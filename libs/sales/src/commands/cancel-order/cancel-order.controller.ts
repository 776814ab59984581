import { StreamCommandResult } from '@app/event-store';
import { commandContextOf, CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { CancelOrderCommand } from './cancel-order.command';
import { CancelOrderRequest } from './cancel-order.request.dto';

export const cancelOrderRoute = defineCommandRoute<CancelOrderRequest, StreamCommandResult>({
  name: 'CancelOrder',
  context: 'sales',
  dto: CancelOrderRequest,
  path: '/api/v1/sales/vehicle-sales/:vehicleSaleId/cancellation',
  successStatus: 201,
  toCommand: (body, params, context) =>
    new CancelOrderCommand(
      {
        type: 'CancelOrder',
        eventId: randomUUID(),
        vehicleSaleId: params.vehicleSaleId ?? '',
        branchId: body.branchId,
        reason: body.reason,
        occurredAt: new Date(body.occurredAt).toISOString(),
      },
      context,
    ),
});

@ApiTags('sales')
@Controller('api/v1/sales/vehicle-sales')
export class CancelOrderController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':vehicleSaleId/cancellation')
  @ApiOperation({ summary: 'Cancel the signed order of a vehicle sale before delivery (OrderCancelled)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'Expected stream version of the sale' })
  @ApiCreatedResponse({ description: 'The cancellation was recorded' })
  @ApiBadRequestResponse({ description: 'Invalid fields, an unknown or closed branch, or a sale of another branch' })
  @ApiNotFoundResponse({ description: 'No such vehicle sale' })
  @ApiConflictResponse({ description: 'No signed order, already cancelled, already delivered, or the sale changed since the given version' })
  async cancel(
    @Param('vehicleSaleId') vehicleSaleId: string,
    @Body() body: CancelOrderRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    const result = await this.dispatcher.respond(response, cancelOrderRoute, body, { vehicleSaleId }, commandContextOf(request, 'sales'));
    response.setHeader('ETag', `"${result.streamVersion}"`);
    return result;
  }
}
