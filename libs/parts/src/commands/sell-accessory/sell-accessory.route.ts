import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { PARTS_BAD_REQUEST } from '../route-helpers';
import { SellAccessoryCommand } from './sell-accessory.command';
import { SellAccessoryRequest } from './sell-accessory.request.dto';

export const sellAccessoryRoute = defineCommandRoute<SellAccessoryRequest, StreamCommandResult>({
  name: 'SellAccessory',
  context: 'parts',
  dto: SellAccessoryRequest,
  path: '/api/v1/parts/accessory-sales/:accessorySaleId',
  successStatus: 201,
  docs: {
    summary: 'Record an accessory sale',
    success: 'The accessory sale was recorded',
    badRequest: PARTS_BAD_REQUEST,
    conflict: 'Accessory sale already recorded',
    params: { accessorySaleId: 'Accessory sale id' },
    stream: 'the accessory sale',
  },
  toCommand: (body, params, context) =>
    new SellAccessoryCommand(
      {
        type: 'SellAccessory',
        eventId: randomUUID(),
        occurredAt: new Date(body.occurredAt).toISOString(),
        branchId: body.branchId,
        accessorySaleId: params.accessorySaleId ?? '',
        accessoryCode: body.accessoryCode,
        description: body.description,
        quantity: body.quantity,
        amount: { ...body.amount },
        cost: { ...body.cost },
        vehicleSaleId: body.vehicleSaleId ?? null,
      },
      context,
    ),
});
