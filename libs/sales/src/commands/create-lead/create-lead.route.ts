import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { CreateLeadCommand } from './create-lead.command';
import { CreateLeadRequest } from './create-lead.request.dto';

export const createLeadRoute = defineCommandRoute<CreateLeadRequest, StreamCommandResult>({
  name: 'CreateLead',
  context: 'sales',
  dto: CreateLeadRequest,
  path: '/api/v1/sales/leads/:leadId',
  successStatus: 201,
  docs: {
    summary: 'Record a new lead (LeadCreated)',
    success: 'The lead was recorded',
    badRequest: 'An unknown or closed branch, or a referrer on a lead whose source is not referral',
    conflict: 'A lead with this id exists',
    params: { leadId: 'The lead id, chosen by the dealer system' },
    stream: 'the lead',
  },
  toCommand: (body, params, context) =>
    new CreateLeadCommand(
      {
        type: 'CreateLead',
        eventId: randomUUID(),
        leadId: params.leadId ?? '',
        branchId: body.branchId,
        source: body.source,
        segment: body.segment,
        consultantId: body.consultantId,
        modelOfInterest: body.modelOfInterest ?? null,
        customerId: body.customerId ?? null,
        referrerCustomerId: body.referrerCustomerId ?? null,
        occurredAt: new Date(body.occurredAt).toISOString(),
      },
      context,
    ),
});
