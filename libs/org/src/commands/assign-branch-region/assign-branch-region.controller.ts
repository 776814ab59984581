import { StreamCommandResult } from '@app/event-store';
import { commandContextOf, CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { OrgIdParamPipe } from '../shared/org-validation';
import { AssignBranchRegionCommand } from './assign-branch-region.command';
import { AssignBranchRegionRequest } from './assign-branch-region.request.dto';

export const assignBranchRegionRoute = defineCommandRoute<AssignBranchRegionRequest, StreamCommandResult>({
  name: 'AssignBranchRegion',
  context: 'org',
  dto: AssignBranchRegionRequest,
  path: '/api/v1/org/branches/:branchId/region-assignments',
  successStatus: 201,
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

@ApiTags('org')
@Controller('api/v1/org/branches')
export class AssignBranchRegionController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':branchId/region-assignments')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  @ApiCreatedResponse({ description: 'The branch belongs to the region from effectiveFrom on (no event when that assignment exists)' })
  @ApiBadRequestResponse({ description: 'Invalid fields, unknown or closed branch, unknown region, or a date before the branch opened' })
  assign(
    @Param('branchId', new OrgIdParamPipe('branchId')) branchId: string,
    @Body() body: AssignBranchRegionRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    return this.dispatcher.respond(response, assignBranchRegionRoute, body, { branchId }, commandContextOf(request, 'org'));
  }
}
