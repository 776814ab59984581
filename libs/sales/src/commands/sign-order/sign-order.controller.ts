import { StreamCommandResult } from '@app/event-store';
import { commandContextOf, CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { SignOrderCommand } from './sign-order.command';
import { SignOrderRequest } from './sign-order.request.dto';

export const signOrderRoute = defineCommandRoute<SignOrderRequest, StreamCommandResult>({
  name: 'SignOrder',
  context: 'sales',
  dto: SignOrderRequest,
  path: '/api/v1/sales/vehicle-sales/:vehicleSaleId/order',
  successStatus: 201,
  toCommand: (body, params, context) =>
    new SignOrderCommand(
      {
        type: 'SignOrder',
        eventId: randomUUID(),
        vehicleSaleId: params.vehicleSaleId ?? '',
        branchId: body.branchId,
        orderId: body.orderId,
        leadId: body.leadId ?? null,
        model: body.model,
        condition: body.condition,
        listPrice: { ...body.listPrice },
        transactionPrice: { ...body.transactionPrice },
        deposit: { ...body.deposit },
        finance: body.finance,
        consultantId: body.consultantId,
        customerId: body.customerId,
        occurredAt: new Date(body.occurredAt).toISOString(),
      },
      context,
    ),
});

@ApiTags('sales')
@Controller('api/v1/sales/vehicle-sales')
export class SignOrderController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':vehicleSaleId/order')
  @ApiOperation({ summary: 'Record the signed order of a vehicle sale (OrderSigned)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'Expected stream version, e.g. "0" for a new sale' })
  @ApiCreatedResponse({ description: 'The order was recorded' })
  @ApiBadRequestResponse({
    description: 'Invalid fields, an unknown or closed branch, money not in the branch currency, an unknown lead, or a deposit above the price',
  })
  @ApiConflictResponse({ description: 'The sale already has an order, or it changed since the given version' })
  async sign(
    @Param('vehicleSaleId') vehicleSaleId: string,
    @Body() body: SignOrderRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    const result = await this.dispatcher.respond(response, signOrderRoute, body, { vehicleSaleId }, commandContextOf(request, 'sales'));
    response.setHeader('ETag', `"${result.streamVersion}"`);
    return result;
  }
}
