import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { DeliverVehicleCommand } from './deliver-vehicle.command';
import { DeliverVehicleRequest } from './deliver-vehicle.request.dto';

export const deliverVehicleRoute = defineCommandRoute<DeliverVehicleRequest, StreamCommandResult>({
  name: 'DeliverVehicle',
  context: 'sales',
  dto: DeliverVehicleRequest,
  path: '/api/v1/sales/vehicle-sales/:vehicleSaleId/delivery',
  successStatus: 201,
  docs: {
    summary: 'Record the delivery of a vehicle sale (VehicleDelivered); its revenue is recognised now',
    success: 'The delivery was recorded',
    badRequest: 'Unknown or closed branch, money not in the branch currency, a sale of another branch, or another order than the signed one',
    conflict: 'Already delivered, the order was cancelled',
    params: { vehicleSaleId: 'The vehicle sale id (one per vehicle sold), chosen by the dealer system' },
    stream: 'the sale',
  },
  toCommand: (body, params, context) =>
    new DeliverVehicleCommand(
      {
        type: 'DeliverVehicle',
        eventId: randomUUID(),
        vehicleSaleId: params.vehicleSaleId ?? '',
        branchId: body.branchId,
        orderId: body.orderId ?? null,
        vin: body.vin,
        model: body.model,
        condition: body.condition,
        consultantId: body.consultantId,
        customerId: body.customerId ?? null,
        customerArea: body.customerArea ?? null,
        invoice: { ...body.invoice },
        cost: { ...body.cost },
        occurredAt: new Date(body.occurredAt).toISOString(),
      },
      context,
    ),
});
