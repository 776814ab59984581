import { StreamCommandResult } from '@app/event-store';
import { commandContextOf, CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { CloseBranchCommand } from './close-branch.command';
import { CloseBranchRequest } from './close-branch.request.dto';

export const closeBranchRoute = defineCommandRoute<CloseBranchRequest, StreamCommandResult>({
  name: 'CloseBranch',
  context: 'org',
  dto: CloseBranchRequest,
  path: '/api/v1/org/branches/:branchId/closure',
  successStatus: 201,
  toCommand: (dto, params, context) =>
    new CloseBranchCommand(
      { type: 'CloseBranch', eventId: randomUUID(), occurredAt: new Date().toISOString(), branchId: params.branchId ?? '', ...dto },
      context,
    ),
});

@ApiTags('org')
@Controller('api/v1/org/branches')
export class CloseBranchController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':branchId/closure')
  @ApiCreatedResponse({ description: 'The branch was closed' })
  @ApiConflictResponse({ description: 'The branch is not open' })
  close(
    @Param('branchId') branchId: string,
    @Body() body: CloseBranchRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    return this.dispatcher.respond(response, closeBranchRoute, body, { branchId }, commandContextOf(request, 'org'));
  }
}
