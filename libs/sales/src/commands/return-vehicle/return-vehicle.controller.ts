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
import { ReturnVehicleCommand } from './return-vehicle.command';
import { ReturnVehicleRequest } from './return-vehicle.request.dto';

export const returnVehicleRoute = defineCommandRoute<ReturnVehicleRequest, StreamCommandResult>({
  name: 'ReturnVehicle',
  context: 'sales',
  dto: ReturnVehicleRequest,
  path: '/api/v1/sales/vehicle-sales/:vehicleSaleId/return',
  successStatus: 201,
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

@ApiTags('sales')
@Controller('api/v1/sales/vehicle-sales')
export class ReturnVehicleController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':vehicleSaleId/return')
  @ApiOperation({ summary: 'Record the return (退车) of a delivered vehicle (VehicleReturned); the delivery is not rewritten' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'Expected stream version of the sale' })
  @ApiCreatedResponse({ description: 'The return was recorded' })
  @ApiBadRequestResponse({
    description: 'Invalid fields, an unknown or closed branch, money not in the sale currency, a sale of another branch, or a return before the delivery',
  })
  @ApiNotFoundResponse({ description: 'No such vehicle sale' })
  @ApiConflictResponse({ description: 'Not delivered, already returned, or the sale changed since the given version' })
  @ApiUnprocessableEntityResponse({ description: 'Reversed amounts above the delivery invoice or cost' })
  async returnVehicle(
    @Param('vehicleSaleId') vehicleSaleId: string,
    @Body() body: ReturnVehicleRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    const result = await this.dispatcher.respond(response, returnVehicleRoute, body, { vehicleSaleId }, commandContextOf(request, 'sales'));
    response.setHeader('ETag', `"${result.streamVersion}"`);
    return result;
  }
}
