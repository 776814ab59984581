import { StreamCommandResult } from '@app/event-store';
import { commandContextOf, CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { CompleteTestDriveCommand } from './complete-test-drive.command';
import { CompleteTestDriveRequest } from './complete-test-drive.request.dto';

export const completeTestDriveRoute = defineCommandRoute<CompleteTestDriveRequest, StreamCommandResult>({
  name: 'CompleteTestDrive',
  context: 'sales',
  dto: CompleteTestDriveRequest,
  path: '/api/v1/sales/leads/:leadId/test-drives',
  successStatus: 201,
  requiresIdempotencyKey: true,
  toCommand: (body, params, context) =>
    new CompleteTestDriveCommand(
      {
        type: 'CompleteTestDrive',
        eventId: randomUUID(),
        leadId: params.leadId ?? '',
        branchId: body.branchId,
        model: body.model,
        consultantId: body.consultantId,
        occurredAt: new Date(body.occurredAt).toISOString(),
      },
      context,
    ),
});

@ApiTags('sales')
@Controller('api/v1/sales/leads')
export class CompleteTestDriveController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':leadId/test-drives')
  @ApiOperation({ summary: 'Record a completed test drive of a lead (TestDriveCompleted)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'Required: a test drive has no id of its own, so the key is what makes a retry after a timeout return the first answer instead of counting the test drive twice',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'Expected stream version of the lead' })
  @ApiCreatedResponse({ description: 'The test drive was recorded' })
  @ApiBadRequestResponse({ description: 'No Idempotency-Key (IDEMPOTENCY_KEY_REQUIRED), invalid fields, an unknown or closed branch, or a lead of another branch' })
  @ApiNotFoundResponse({ description: 'No lead with this id' })
  @ApiConflictResponse({ description: 'The lead changed since the given version' })
  async complete(
    @Param('leadId') leadId: string,
    @Body() body: CompleteTestDriveRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    const result = await this.dispatcher.respond(response, completeTestDriveRoute, body, { leadId }, commandContextOf(request, 'sales'));
    response.setHeader('ETag', `"${result.streamVersion}"`);
    return result;
  }
}
