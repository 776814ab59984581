import { requestMetadata, parseIfMatch } from '@app/platform-kit';
import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { DeliverVehicleCommand, DeliverVehicleResult } from './deliver-vehicle.command';
import { DeliverVehicleRequest } from './deliver-vehicle.request.dto';

@ApiTags('sales')
@Controller('api/v1/sales/vehicle-sales')
export class DeliverVehicleController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':vehicleSaleId/delivery')
  @HttpCode(201)
  @ApiHeader({ name: 'If-Match', required: false, description: 'Expected stream version, e.g. "0" for a new sale' })
  @ApiCreatedResponse({ description: 'The delivery was recorded' })
  @ApiConflictResponse({ description: 'Already delivered, or the sale changed since the given version' })
  async deliver(
    @Param('vehicleSaleId') vehicleSaleId: string,
    @Body() body: DeliverVehicleRequest,
    @Headers() headers: Record<string, string | undefined>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DeliverVehicleResult> {
    const result = await this.commandBus.execute(
      new DeliverVehicleCommand(
        {
          type: 'DeliverVehicle',
          eventId: randomUUID(),
          vehicleSaleId,
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
        requestMetadata(headers),
        parseIfMatch(headers['if-match']),
      ),
    );
    response.setHeader('ETag', `"${result.streamVersion}"`);
    return result;
  }
}
