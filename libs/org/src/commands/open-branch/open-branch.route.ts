import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { OpenBranchCommand } from './open-branch.command';
import { OpenBranchRequest } from './open-branch.request.dto';

export const openBranchRoute = defineCommandRoute<OpenBranchRequest, StreamCommandResult>({
  name: 'OpenBranch',
  context: 'org',
  dto: OpenBranchRequest,
  path: '/api/v1/org/branches',
  successStatus: 201,
  etag: false,
  docs: {
    summary: 'Open a branch (BranchOpened) with its brands, currency, time zone and business-day cutoff',
    success: 'The branch was opened',
    conflict: 'A branch with this id was opened before',
    stream: 'the branch',
  },
  toCommand: (dto, _params, context) =>
    new OpenBranchCommand({ type: 'OpenBranch', eventId: randomUUID(), occurredAt: new Date().toISOString(), ...dto }, context),
});
