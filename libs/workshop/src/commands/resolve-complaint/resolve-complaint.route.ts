import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { utc, WORKSHOP_BAD_REQUEST } from '../route-helpers';
import { ResolveComplaintCommand } from './resolve-complaint.command';
import { ResolveComplaintRequest } from './resolve-complaint.request.dto';

export const resolveComplaintRoute = defineCommandRoute<ResolveComplaintRequest, StreamCommandResult>({
  name: 'ResolveComplaint',
  context: 'workshop',
  dto: ResolveComplaintRequest,
  path: '/api/v1/workshop/complaints/:complaintId/resolution',
  successStatus: 201,
  docs: {
    summary: 'Resolve a logged complaint',
    success: 'The resolution was recorded',
    badRequest: WORKSHOP_BAD_REQUEST,
    notFound: 'The complaint was never logged',
    conflict: 'The complaint was resolved before',
    params: { complaintId: 'The complaint id' },
    stream: 'the complaint',
  },
  toCommand: (body, params, context) =>
    new ResolveComplaintCommand(
      {
        type: 'ResolveComplaint',
        eventId: randomUUID(),
        occurredAt: utc(body.occurredAt),
        branchId: body.branchId,
        complaintId: params.complaintId ?? '',
        resolution: body.resolution,
        compensation: body.compensation ? { ...body.compensation } : null,
      },
      context,
    ),
});
