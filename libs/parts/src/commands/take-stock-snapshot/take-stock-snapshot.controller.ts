import { StreamCommandResult } from '@app/event-store';
import { commandContextOf, CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { ApiPartsCommand } from '../parts-api';
import { TakeStockSnapshotCommand } from './take-stock-snapshot.command';
import { TakeStockSnapshotRequest } from './take-stock-snapshot.request.dto';

export const takeStockSnapshotRoute = defineCommandRoute<TakeStockSnapshotRequest, StreamCommandResult>({
  name: 'TakeStockSnapshot',
  context: 'parts',
  dto: TakeStockSnapshotRequest,
  path: '/api/v1/parts/stock-snapshots/:month',
  successStatus: 201,
  toCommand: (body, params, context) =>
    new TakeStockSnapshotCommand(
      {
        type: 'TakeStockSnapshot',
        eventId: randomUUID(),
        occurredAt: new Date(body.occurredAt).toISOString(),
        branchId: body.branchId,
        month: params.month ?? '',
        partCount: body.partCount,
        totalQuantity: body.totalQuantity,
        totalValue: { ...body.totalValue },
        agedStock: {
          days0To90: { ...body.agedStock.days0To90 },
          days91To180: { ...body.agedStock.days91To180 },
          days181To365: { ...body.agedStock.days181To365 },
          over365Days: { ...body.agedStock.over365Days },
        },
      },
      context,
    ),
});

@ApiTags('parts')
@Controller('api/v1/parts/stock-snapshots')
export class TakeStockSnapshotController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':month')
  @ApiParam({ name: 'month', description: 'The month whose end the snapshot shows, YYYY-MM' })
  @ApiPartsCommand({
    summary: "Record a branch's month-end parts stock (one per branch and month)",
    created: 'The snapshot was recorded',
    conflict: "The month's snapshot was already taken (STOCK_SNAPSHOT_ALREADY_TAKEN)",
  })
  async takeStockSnapshot(
    @Param('month') month: string,
    @Body() body: TakeStockSnapshotRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    const result = await this.dispatcher.respond(response, takeStockSnapshotRoute, body, { month }, commandContextOf(request, 'parts'));
    response.setHeader('ETag', `"${result.streamVersion}"`);
    return result;
  }
}
