import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { AssignTerritoryCommand } from './assign-territory.command';
import { AssignTerritoryRequest } from './assign-territory.request.dto';
import { orgIdParamProblem } from '../shared/org-validation';

export const assignTerritoryRoute = defineCommandRoute<AssignTerritoryRequest, StreamCommandResult>({
  name: 'AssignTerritory',
  context: 'org',
  dto: AssignTerritoryRequest,
  path: '/api/v1/org/territories/:area/assignments',
  successStatus: 201,
  checkParam: orgIdParamProblem,
  etag: false,
  docs: {
    summary: "Assign a customer market area to a branch's territory from a date on (TerritoryAssigned)",
    success: 'Deals with customers of the area are credited to the branch from effectiveFrom on (no event when that assignment exists)',
    badRequest: 'Unknown or closed branch, or a date before the branch opened',
    params: { area: 'The market area code (as deliveries name it in customerArea): 1 to 64 letters, digits, ".", "_" or "-"' },
    stream: "the area's territory assignments",
  },
  toCommand: (dto, params, context) =>
    new AssignTerritoryCommand(
      {
        type: 'AssignTerritory',
        eventId: randomUUID(),
        occurredAt: new Date().toISOString(),
        area: params.area ?? '',
        branchId: dto.branchId ?? null,
        effectiveFrom: dto.effectiveFrom,
      },
      context,
    ),
});
