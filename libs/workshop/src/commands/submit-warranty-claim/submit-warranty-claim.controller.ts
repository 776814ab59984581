import { StreamCommandResult } from '@app/event-store';
import { CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { respondWithVersion, utc, WORKSHOP_BASE_PATH, WorkshopCommandDocs } from '../command-http';
import { SubmitWarrantyClaimCommand } from './submit-warranty-claim.command';
import { SubmitWarrantyClaimRequest } from './submit-warranty-claim.request.dto';

export const submitWarrantyClaimRoute = defineCommandRoute<SubmitWarrantyClaimRequest, StreamCommandResult>({
  name: 'SubmitWarrantyClaim',
  context: 'workshop',
  dto: SubmitWarrantyClaimRequest,
  path: '/api/v1/workshop/warranty-claims/:warrantyClaimId',
  successStatus: 201,
  toCommand: (body, params, context) =>
    new SubmitWarrantyClaimCommand(
      {
        type: 'SubmitWarrantyClaim',
        eventId: randomUUID(),
        occurredAt: utc(body.occurredAt),
        branchId: body.branchId,
        warrantyClaimId: params.warrantyClaimId ?? '',
        repairOrderId: body.repairOrderId,
        manufacturerClaimNumber: body.manufacturerClaimNumber ?? null,
        claimed: { ...body.claimed },
      },
      context,
    ),
});

@ApiTags('workshop')
@Controller(`${WORKSHOP_BASE_PATH}/warranty-claims`)
export class SubmitWarrantyClaimController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':warrantyClaimId')
  @ApiParam({ name: 'warrantyClaimId', description: '1 to 64 letters, digits, ".", "_", ":" or "-"' })
  @WorkshopCommandDocs({
    summary: 'Submit a warranty claim for work on a repair order',
    created: 'The claim was submitted',
    conflict: 'The claim was submitted before',
    unprocessable: 'The RO is not known, or belongs to another branch',
  })
  submit(
    @Param('warrantyClaimId') warrantyClaimId: string,
    @Body() body: SubmitWarrantyClaimRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    return respondWithVersion(this.dispatcher, request, response, submitWarrantyClaimRoute, body, { warrantyClaimId });
  }
}
