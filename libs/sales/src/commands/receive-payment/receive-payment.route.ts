import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
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
  docs: {
    summary: 'Record money received for a vehicle sale, or a refund (PaymentReceived)',
    success: 'The payment was recorded',
    badRequest: 'An unknown or closed branch, money not in the branch currency, or a sale of another branch',
    notFound: 'No such vehicle sale',
    conflict: 'The order was cancelled (only refunds)',
    unprocessable: 'A refund above what was received and not yet refunded',
    params: { vehicleSaleId: 'The vehicle sale id (one per vehicle sold), chosen by the dealer system' },
    stream: 'the sale',
    idempotencyKey:
      'Required: a payment has no id of its own, so the key is what makes a retry after a timeout return the first answer instead of recording the money twice',
  },
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
