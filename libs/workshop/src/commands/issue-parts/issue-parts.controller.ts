import { StreamCommandResult } from '@app/event-store';
import { CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { respondWithVersion, utc, WORKSHOP_BASE_PATH, WorkshopCommandDocs } from '../command-http';
import { IssuePartsToRepairOrderCommand } from './issue-parts.command';
import { IssuePartsRequest } from './issue-parts.request.dto';

export const issuePartsToRepairOrderRoute = defineCommandRoute<IssuePartsRequest, StreamCommandResult>({
  name: 'IssuePartsToRepairOrder',
  context: 'workshop',
  dto: IssuePartsRequest,
  path: '/api/v1/workshop/repair-orders/:repairOrderId/parts-issues',
  successStatus: 201,
  toCommand: (body, params, context) =>
    new IssuePartsToRepairOrderCommand(
      {
        type: 'IssuePartsToRepairOrder',
        eventId: randomUUID(),
        occurredAt: utc(body.occurredAt),
        branchId: body.branchId,
        repairOrderId: params.repairOrderId ?? '',
        lineId: body.lineId,
        partNumber: body.partNumber,
        description: body.description ?? null,
        quantity: body.quantity,
        genuine: body.genuine,
        unitPrice: body.unitPrice,
        payer: body.payer,
        amount: { ...body.amount },
        cost: { ...body.cost },
      },
      context,
    ),
});

@ApiTags('workshop')
@Controller(`${WORKSHOP_BASE_PATH}/repair-orders`)
export class IssuePartsController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':repairOrderId/parts-issues')
  @ApiParam({ name: 'repairOrderId', description: '1 to 64 letters, digits, ".", "_", ":" or "-"' })
  @WorkshopCommandDocs({
    summary: 'Issue parts to an open repair order (a negative quantity returns them to stores)',
    created: 'The parts issue was recorded',
    conflict: 'The RO is closed, or has a line with this id',
    notFound: 'The RO is not known',
    unprocessable: 'The return exceeds what was issued for this part number on this RO',
  })
  issue(
    @Param('repairOrderId') repairOrderId: string,
    @Body() body: IssuePartsRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    return respondWithVersion(this.dispatcher, request, response, issuePartsToRepairOrderRoute, body, { repairOrderId });
  }
}
