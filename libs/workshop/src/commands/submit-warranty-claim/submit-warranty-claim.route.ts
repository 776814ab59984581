import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { utc, WORKSHOP_BAD_REQUEST } from '../route-helpers';
import { SubmitWarrantyClaimCommand } from './submit-warranty-claim.command';
import { SubmitWarrantyClaimRequest } from './submit-warranty-claim.request.dto';

export const submitWarrantyClaimRoute = defineCommandRoute<SubmitWarrantyClaimRequest, StreamCommandResult>({
  name: 'SubmitWarrantyClaim',
  context: 'workshop',
  dto: SubmitWarrantyClaimRequest,
  path: '/api/v1/workshop/warranty-claims/:warrantyClaimId',
  successStatus: 201,
  docs: {
    summary: 'Submit a warranty claim for work on a repair order',
    success: 'The claim was submitted',
    badRequest: WORKSHOP_BAD_REQUEST,
    conflict: 'The claim was submitted before',
    unprocessable: 'The RO is not known, or belongs to another branch',
    params: { warrantyClaimId: 'The warranty claim id' },
    stream: 'the warranty claim',
  },
  toCommand: (body, params, context) =>
    new SubmitWarrantyClaimCommand(
      {
        type: 'SubmitWarrantyClaim',
        eventId: randomUUID(),
        occurredAt: utc(body.occurredAt),
        branchId: body.branchId,
        warrantyClaimId: params.warrantyClaimId ?? '',
        repairOrderId: body.repairOrderId,
        manufacturerClaimNumber: body.manufacturerClaimNumber ?? null,
        claimed: { ...body.claimed },
      },
      context,
    ),
});
