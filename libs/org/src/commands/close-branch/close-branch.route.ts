import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { CloseBranchCommand } from './close-branch.command';
import { CloseBranchRequest } from './close-branch.request.dto';

export const closeBranchRoute = defineCommandRoute<CloseBranchRequest, StreamCommandResult>({
  name: 'CloseBranch',
  context: 'org',
  dto: CloseBranchRequest,
  path: '/api/v1/org/branches/:branchId/closure',
  successStatus: 201,
  etag: false,
  docs: {
    summary: 'Close a branch (BranchClosed): no facts are recorded for it after the closing day',
    success: 'The branch was closed',
    conflict: 'The branch is not open',
    params: { branchId: 'The branch id: 1 to 64 letters, digits, ".", "_" or "-"' },
    stream: 'the branch',
  },
  toCommand: (dto, params, context) =>
    new CloseBranchCommand(
      { type: 'CloseBranch', eventId: randomUUID(), occurredAt: new Date().toISOString(), branchId: params.branchId ?? '', ...dto },
      context,
    ),
});
