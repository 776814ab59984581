import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { orgIdParamProblem } from '../shared/org-validation';
import { AssignBranchRegionCommand } from './assign-branch-region.command';
import { AssignBranchRegionRequest } from './assign-branch-region.request.dto';

export const assignBranchRegionRoute = defineCommandRoute<AssignBranchRegionRequest, StreamCommandResult>({
  name: 'AssignBranchRegion',
  context: 'org',
  dto: AssignBranchRegionRequest,
  path: '/api/v1/org/branches/:branchId/region-assignments',
  successStatus: 201,
  checkParam: orgIdParamProblem,
  etag: false,
  docs: {
    summary: 'Assign a branch to a region from a date on (BranchAssignedToRegion)',
    success: 'The branch belongs to the region from effectiveFrom on (no event when that assignment exists)',
    badRequest: 'Unknown or closed branch, unknown region, or a date before the branch opened',
    params: { branchId: 'The branch id: 1 to 64 letters, digits, ".", "_" or "-"' },
    stream: "the branch's region assignments",
  },
  toCommand: (dto, params, context) =>
    new AssignBranchRegionCommand(
      {
        type: 'AssignBranchRegion',
        eventId: randomUUID(),
        occurredAt: new Date().toISOString(),
        branchId: params.branchId ?? '',
        regionId: dto.regionId,
        effectiveFrom: dto.effectiveFrom,
      },
      context,
    ),
});
