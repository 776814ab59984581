import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { utc, WORKSHOP_BAD_REQUEST } from '../route-helpers';
import { LogComplaintCommand } from './log-complaint.command';
import { LogComplaintRequest } from './log-complaint.request.dto';

export const logComplaintRoute = defineCommandRoute<LogComplaintRequest, StreamCommandResult>({
  name: 'LogComplaint',
  context: 'workshop',
  dto: LogComplaintRequest,
  path: '/api/v1/workshop/complaints/:complaintId',
  successStatus: 201,
  docs: {
    summary: 'Log a customer complaint',
    success: 'The complaint was logged',
    badRequest: WORKSHOP_BAD_REQUEST,
    conflict: 'The complaint was logged before',
    unprocessable: 'The RO named is not known, or belongs to another branch',
    params: { complaintId: 'The complaint id' },
    stream: 'the complaint',
  },
  toCommand: (body, params, context) =>
    new LogComplaintCommand(
      {
        type: 'LogComplaint',
        eventId: randomUUID(),
        occurredAt: utc(body.occurredAt),
        branchId: body.branchId,
        complaintId: params.complaintId ?? '',
        kind: body.kind,
        channel: body.channel,
        repairOrderId: body.repairOrderId ?? null,
        vehicleSaleId: body.vehicleSaleId ?? null,
        customerId: body.customerId ?? null,
        description: body.description,
      },
      context,
    ),
});
