import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { utc, WORKSHOP_BAD_REQUEST } from '../route-helpers';
import { PostLabourLineCommand } from './post-labour-line.command';
import { PostLabourLineRequest } from './post-labour-line.request.dto';

export const postLabourLineRoute = defineCommandRoute<PostLabourLineRequest, StreamCommandResult>({
  name: 'PostLabourLine',
  context: 'workshop',
  dto: PostLabourLineRequest,
  path: '/api/v1/workshop/repair-orders/:repairOrderId/labour-lines',
  successStatus: 201,
  docs: {
    summary: 'Post a labour line to an open repair order',
    success: 'The labour line was posted',
    badRequest: WORKSHOP_BAD_REQUEST,
    notFound: 'The RO is not known',
    conflict: 'The RO is closed, or has a line with this id',
    unprocessable: 'The correction names no root labour line of this RO in this category, or would take it below zero',
    params: { repairOrderId: 'The repair order (RO) id' },
    stream: 'the repair order',
  },
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
