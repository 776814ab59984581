import { StreamCommandResult } from '@app/event-store';
import { CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { respondWithVersion, utc, WORKSHOP_BASE_PATH, WorkshopCommandDocs } from '../command-http';
import { ResolveComplaintCommand } from './resolve-complaint.command';
import { ResolveComplaintRequest } from './resolve-complaint.request.dto';

export const resolveComplaintRoute = defineCommandRoute<ResolveComplaintRequest, StreamCommandResult>({
  name: 'ResolveComplaint',
  context: 'workshop',
  dto: ResolveComplaintRequest,
  path: '/api/v1/workshop/complaints/:complaintId/resolution',
  successStatus: 201,
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

@ApiTags('workshop')
@Controller(`${WORKSHOP_BASE_PATH}/complaints`)
export class ResolveComplaintController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':complaintId/resolution')
  @ApiParam({ name: 'complaintId', description: '1 to 64 letters, digits, ".", "_", ":" or "-"' })
  @WorkshopCommandDocs({
    summary: 'Resolve a logged complaint',
    created: 'The resolution was recorded',
    conflict: 'The complaint was resolved before',
    notFound: 'The complaint was never logged',
  })
  resolve(
    @Param('complaintId') complaintId: string,
    @Body() body: ResolveComplaintRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    return respondWithVersion(this.dispatcher, request, response, resolveComplaintRoute, body, { complaintId });
  }
}
