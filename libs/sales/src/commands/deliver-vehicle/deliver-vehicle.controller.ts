import { StreamCommandResult } from '@app/event-store';
import { commandContextOf, CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { DeliverVehicleCommand } from './deliver-vehicle.command';
import { DeliverVehicleRequest } from './deliver-vehicle.request.dto';

export const deliverVehicleRoute = defineCommandRoute<DeliverVehicleRequest, StreamCommandResult>({
  name: 'DeliverVehicle',
  context: 'sales',
  dto: DeliverVehicleRequest,
  path: '/api/v1/sales/vehicle-sales/:vehicleSaleId/delivery',
  successStatus: 201,
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
        invoice: { ...body.invoice },
        cost: { ...body.cost },
        occurredAt: new Date(body.occurredAt).toISOString(),
      },
      context,
    ),
});

@ApiTags('sales')
@Controller('api/v1/sales/vehicle-sales')
export class DeliverVehicleController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':vehicleSaleId/delivery')
  @ApiOperation({ summary: 'Record the delivery of a vehicle sale (VehicleDelivered); its revenue is recognised now' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'Expected stream version, e.g. "0" for a new sale' })
  @ApiCreatedResponse({ description: 'The delivery was recorded' })
  @ApiBadRequestResponse({
    description: 'Invalid fields, unknown or closed branch, money not in the branch currency, a sale of another branch, or another order than the signed one',
  })
  @ApiConflictResponse({ description: 'Already delivered, the order was cancelled, or the sale changed since the given version' })
  async deliver(
    @Param('vehicleSaleId') vehicleSaleId: string,
    @Body() body: DeliverVehicleRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    const result = await this.dispatcher.respond(response, deliverVehicleRoute, body, { vehicleSaleId }, commandContextOf(request, 'sales'));
    response.setHeader('ETag', `"${result.streamVersion}"`);
    return result;
  }
}
