import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { CompleteTestDriveCommand } from './complete-test-drive.command';
import { CompleteTestDriveRequest } from './complete-test-drive.request.dto';

export const completeTestDriveRoute = defineCommandRoute<CompleteTestDriveRequest, StreamCommandResult>({
  name: 'CompleteTestDrive',
  context: 'sales',
  dto: CompleteTestDriveRequest,
  path: '/api/v1/sales/leads/:leadId/test-drives',
  successStatus: 201,
  requiresIdempotencyKey: true,
  docs: {
    summary: 'Record a completed test drive of a lead (TestDriveCompleted)',
    success: 'The test drive was recorded',
    badRequest: 'An unknown or closed branch, or a lead of another branch',
    notFound: 'No lead with this id',
    params: { leadId: 'The lead id, chosen by the dealer system' },
    stream: 'the lead',
    idempotencyKey:
      'Required: a test drive has no id of its own, so the key is what makes a retry after a timeout return the first answer instead of counting the test drive twice',
  },
  toCommand: (body, params, context) =>
    new CompleteTestDriveCommand(
      {
        type: 'CompleteTestDrive',
        eventId: randomUUID(),
        leadId: params.leadId ?? '',
        branchId: body.branchId,
        model: body.model,
        consultantId: body.consultantId,
        occurredAt: new Date(body.occurredAt).toISOString(),
      },
      context,
    ),
});
