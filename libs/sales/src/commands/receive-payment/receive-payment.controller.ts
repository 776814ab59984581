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
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { ReceivePaymentCommand } from './receive-payment.command';
import { ReceivePaymentRequest } from './receive-payment.request.dto';

export const receivePaymentRoute = defineCommandRoute<ReceivePaymentRequest, StreamCommandResult>({
  name: 'ReceivePayment',
  context: 'sales',
  dto: ReceivePaymentRequest,
  path: '/api/v1/sales/vehicle-sales/:vehicleSaleId/payments',
  successStatus: 201,
  requiresIdempotencyKey: true,
  toCommand: (body, params, context) =>
    new ReceivePaymentCommand(
      {
        type: 'ReceivePayment',
        eventId: randomUUID(),
        vehicleSaleId: params.vehicleSaleId ?? '',
        branchId: body.branchId,
        kind: body.kind,
        amount: { ...body.amount },
        occurredAt: new Date(body.occurredAt).toISOString(),
      },
      context,
    ),
});

@ApiTags('sales')
@Controller('api/v1/sales/vehicle-sales')
export class ReceivePaymentController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':vehicleSaleId/payments')
  @ApiOperation({ summary: 'Record money received for a vehicle sale, or a refund (PaymentReceived)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'Required: a payment has no id of its own, so the key is what makes a retry after a timeout return the first answer instead of recording the money twice',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'Expected stream version of the sale' })
  @ApiCreatedResponse({ description: 'The payment was recorded' })
  @ApiBadRequestResponse({ description: 'No Idempotency-Key (IDEMPOTENCY_KEY_REQUIRED), invalid fields, an unknown or closed branch, money not in the branch currency, or a sale of another branch' })
  @ApiNotFoundResponse({ description: 'No such vehicle sale' })
  @ApiConflictResponse({ description: 'The order was cancelled (only refunds), or the sale changed since the given version' })
  @ApiUnprocessableEntityResponse({ description: 'A refund above what was received and not yet refunded' })
  async receive(
    @Param('vehicleSaleId') vehicleSaleId: string,
    @Body() body: ReceivePaymentRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    const result = await this.dispatcher.respond(response, receivePaymentRoute, body, { vehicleSaleId }, commandContextOf(request, 'sales'));
    response.setHeader('ETag', `"${result.streamVersion}"`);
    return result;
  }
}
