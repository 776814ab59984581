import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { DefineRegionCommand } from './define-region.command';
import { DefineRegionRequest } from './define-region.request.dto';

export const defineRegionRoute = defineCommandRoute<DefineRegionRequest, StreamCommandResult>({
  name: 'DefineRegion',
  context: 'org',
  dto: DefineRegionRequest,
  path: '/api/v1/org/regions',
  successStatus: 201,
  etag: false,
  docs: {
    summary: 'Define a region, or rename it (RegionDefined)',
    success: 'The region was defined or renamed (no event when the name is unchanged)',
    stream: 'the region',
  },
  toCommand: (dto, _params, context) =>
    new DefineRegionCommand(
      { type: 'DefineRegion', eventId: randomUUID(), occurredAt: new Date().toISOString(), regionId: dto.regionId, name: dto.name },
      context,
    ),
});
