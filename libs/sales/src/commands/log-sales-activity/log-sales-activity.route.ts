import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { LogSalesActivityCommand } from './log-sales-activity.command';
import { LogSalesActivityRequest } from './log-sales-activity.request.dto';

export const logSalesActivityRoute = defineCommandRoute<LogSalesActivityRequest, StreamCommandResult>({
  name: 'LogSalesActivity',
  context: 'sales',
  dto: LogSalesActivityRequest,
  path: '/api/v1/sales/activities/:activityId',
  successStatus: 201,
  docs: {
    summary: "Log a sales consultant's call or visit (SalesActivityLogged: sales activity against quota)",
    success: 'The activity was logged',
    badRequest: 'An unknown or closed branch, or no consultantId from a caller other than a sales consultant logging their own activity',
    conflict: 'An activity with this id was logged before',
    unprocessable: 'The consultant is not a sales consultant of the branch on the business date of the activity (NOT_A_SALES_CONSULTANT)',
    params: { activityId: 'The activity id, chosen by the dealer system' },
    stream: 'the activity',
  },
  toCommand: (body, params, context) =>
    new LogSalesActivityCommand(
      {
        type: 'LogSalesActivity',
        eventId: randomUUID(),
        activityId: params.activityId ?? '',
        branchId: body.branchId,
        consultantId: body.consultantId ?? null,
        kind: body.kind,
        leadId: body.leadId ?? null,
        customerId: body.customerId ?? null,
        note: body.note ?? null,
        occurredAt: new Date(body.occurredAt).toISOString(),
      },
      context,
    ),
});
