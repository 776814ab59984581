import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { SignOrderCommand } from './sign-order.command';
import { SignOrderRequest } from './sign-order.request.dto';

export const signOrderRoute = defineCommandRoute<SignOrderRequest, StreamCommandResult>({
  name: 'SignOrder',
  context: 'sales',
  dto: SignOrderRequest,
  path: '/api/v1/sales/vehicle-sales/:vehicleSaleId/order',
  successStatus: 201,
  docs: {
    summary: 'Record the signed order of a vehicle sale (OrderSigned)',
    success: 'The order was recorded',
    badRequest: 'An unknown or closed branch, money not in the branch currency, an unknown lead, or a deposit above the price',
    conflict: 'The sale already has an order',
    params: { vehicleSaleId: 'The vehicle sale id (one per vehicle sold), chosen by the dealer system' },
    stream: 'the sale',
  },
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
