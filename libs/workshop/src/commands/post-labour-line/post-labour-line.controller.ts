import { StreamCommandResult } from '@app/event-store';
import { CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { respondWithVersion, utc, WORKSHOP_BASE_PATH, WorkshopCommandDocs } from '../command-http';
import { PostLabourLineCommand } from './post-labour-line.command';
import { PostLabourLineRequest } from './post-labour-line.request.dto';

export const postLabourLineRoute = defineCommandRoute<PostLabourLineRequest, StreamCommandResult>({
  name: 'PostLabourLine',
  context: 'workshop',
  dto: PostLabourLineRequest,
  path: '/api/v1/workshop/repair-orders/:repairOrderId/labour-lines',
  successStatus: 201,
  toCommand: (body, params, context) =>
    new PostLabourLineCommand(
      {
        type: 'PostLabourLine',
        eventId: randomUUID(),
        occurredAt: utc(body.occurredAt),
        branchId: body.branchId,
        repairOrderId: params.repairOrderId ?? '',
        lineId: body.lineId,
        correctsLineId: body.correctsLineId ?? null,
        category: body.category,
        operation: body.operation ?? null,
        soldHours: body.soldHours,
        clockedHours: body.clockedHours,
        rate: body.rate,
        technicianId: body.technicianId,
        payer: body.payer,
        amount: { ...body.amount },
      },
      context,
    ),
});

@ApiTags('workshop')
@Controller(`${WORKSHOP_BASE_PATH}/repair-orders`)
export class PostLabourLineController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':repairOrderId/labour-lines')
  @ApiParam({ name: 'repairOrderId', description: '1 to 64 letters, digits, ".", "_", ":" or "-"' })
  @WorkshopCommandDocs({
    summary: 'Post a labour line to an open repair order',
    created: 'The labour line was posted',
    conflict: 'The RO is closed, or has a line with this id',
    notFound: 'The RO is not known',
    unprocessable: 'The correction names no root labour line of this RO in this category, or would take it below zero',
  })
  post(
    @Param('repairOrderId') repairOrderId: string,
    @Body() body: PostLabourLineRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    return respondWithVersion(this.dispatcher, request, response, postLabourLineRoute, body, { repairOrderId });
  }
}
