import { StreamCommandResult } from '@app/event-store';
import { CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { respondWithVersion, utc, WORKSHOP_BASE_PATH, WorkshopCommandDocs } from '../command-http';
import { DecideWarrantyClaimCommand } from './decide-warranty-claim.command';
import { DecideWarrantyClaimRequest } from './decide-warranty-claim.request.dto';

export const decideWarrantyClaimRoute = defineCommandRoute<DecideWarrantyClaimRequest, StreamCommandResult>({
  name: 'DecideWarrantyClaim',
  context: 'workshop',
  dto: DecideWarrantyClaimRequest,
  path: '/api/v1/workshop/warranty-claims/:warrantyClaimId/decision',
  successStatus: 201,
  toCommand: (body, params, context) =>
    new DecideWarrantyClaimCommand(
      {
        type: 'DecideWarrantyClaim',
        eventId: randomUUID(),
        occurredAt: utc(body.occurredAt),
        branchId: body.branchId,
        warrantyClaimId: params.warrantyClaimId ?? '',
        decision: body.decision,
        approved: body.approved ? { ...body.approved } : null,
        reason: body.reason ?? null,
      },
      context,
    ),
});

@ApiTags('workshop')
@Controller(`${WORKSHOP_BASE_PATH}/warranty-claims`)
export class DecideWarrantyClaimController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':warrantyClaimId/decision')
  @ApiParam({ name: 'warrantyClaimId', description: '1 to 64 letters, digits, ".", "_", ":" or "-"' })
  @WorkshopCommandDocs({
    summary: 'Record the manufacturer\'s decision on a submitted warranty claim',
    created: 'The decision was recorded',
    conflict: 'The claim was decided before',
    notFound: 'The claim was never submitted',
  })
  decide(
    @Param('warrantyClaimId') warrantyClaimId: string,
    @Body() body: DecideWarrantyClaimRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    return respondWithVersion(this.dispatcher, request, response, decideWarrantyClaimRoute, body, { warrantyClaimId });
  }
}
