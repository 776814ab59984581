import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { utc, WORKSHOP_BAD_REQUEST } from '../route-helpers';
import { DecideWarrantyClaimCommand } from './decide-warranty-claim.command';
import { DecideWarrantyClaimRequest } from './decide-warranty-claim.request.dto';

export const decideWarrantyClaimRoute = defineCommandRoute<DecideWarrantyClaimRequest, StreamCommandResult>({
  name: 'DecideWarrantyClaim',
  context: 'workshop',
  dto: DecideWarrantyClaimRequest,
  path: '/api/v1/workshop/warranty-claims/:warrantyClaimId/decision',
  successStatus: 201,
  docs: {
    summary: "Record the manufacturer's decision on a submitted warranty claim",
    success: 'The decision was recorded',
    badRequest: WORKSHOP_BAD_REQUEST,
    notFound: 'The claim was never submitted',
    conflict: 'The claim was decided before',
    params: { warrantyClaimId: 'The warranty claim id' },
    stream: 'the warranty claim',
  },
  toCommand: (body, params, context) =>
    new DecideWarrantyClaimCommand(
      {
        type: 'DecideWarrantyClaim',
        eventId: randomUUID(),
        occurredAt: utc(body.occurredAt),
        branchId: body.branchId,
        warrantyClaimId: params.warrantyClaimId ?? '',
        decision: body.decision,
        approved: body.approved ? { ...body.approved } : null,
        reason: body.reason ?? null,
      },
      context,
    ),
});
