import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { ReturnVehicleCommand } from './return-vehicle.command';
import { ReturnVehicleRequest } from './return-vehicle.request.dto';

export const returnVehicleRoute = defineCommandRoute<ReturnVehicleRequest, StreamCommandResult>({
  name: 'ReturnVehicle',
  context: 'sales',
  dto: ReturnVehicleRequest,
  path: '/api/v1/sales/vehicle-sales/:vehicleSaleId/return',
  successStatus: 201,
  docs: {
    summary: 'Record the return (退车) of a delivered vehicle (VehicleReturned); the delivery is not rewritten',
    success: 'The return was recorded',
    badRequest: 'An unknown or closed branch, money not in the sale currency, a sale of another branch, or a return before the delivery',
    notFound: 'No such vehicle sale',
    conflict: 'Not delivered, already returned',
    unprocessable: 'Reversed amounts above the delivery invoice or cost',
    params: { vehicleSaleId: 'The vehicle sale id (one per vehicle sold), chosen by the dealer system' },
    stream: 'the sale',
  },
  toCommand: (body, params, context) =>
    new ReturnVehicleCommand(
      {
        type: 'ReturnVehicle',
        eventId: randomUUID(),
        vehicleSaleId: params.vehicleSaleId ?? '',
        branchId: body.branchId,
        reason: body.reason,
        invoiceReversed: { ...body.invoiceReversed },
        costReversed: { ...body.costReversed },
        occurredAt: new Date(body.occurredAt).toISOString(),
      },
      context,
    ),
});
