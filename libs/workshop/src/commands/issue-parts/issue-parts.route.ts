import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { utc, WORKSHOP_BAD_REQUEST } from '../route-helpers';
import { IssuePartsToRepairOrderCommand } from './issue-parts.command';
import { IssuePartsRequest } from './issue-parts.request.dto';

export const issuePartsToRepairOrderRoute = defineCommandRoute<IssuePartsRequest, StreamCommandResult>({
  name: 'IssuePartsToRepairOrder',
  context: 'workshop',
  dto: IssuePartsRequest,
  path: '/api/v1/workshop/repair-orders/:repairOrderId/parts-issues',
  successStatus: 201,
  docs: {
    summary: 'Issue parts to an open repair order (a negative quantity returns them to stores)',
    success: 'The parts issue was recorded',
    badRequest: WORKSHOP_BAD_REQUEST,
    notFound: 'The RO is not known',
    conflict: 'The RO is closed, or has a line with this id',
    unprocessable: 'The return exceeds what was issued for this part number on this RO',
    params: { repairOrderId: 'The repair order (RO) id' },
    stream: 'the repair order',
  },
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
        ...(body.backOrderId === undefined ? {} : { backOrderId: body.backOrderId }),
      },
      context,
    ),
});
