import { StreamCommandResult } from '@app/event-store';
import { commandContextOf, CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { OpenBranchCommand } from './open-branch.command';
import { OpenBranchRequest } from './open-branch.request.dto';

export const openBranchRoute = defineCommandRoute<OpenBranchRequest, StreamCommandResult>({
  name: 'OpenBranch',
  context: 'org',
  dto: OpenBranchRequest,
  path: '/api/v1/org/branches',
  successStatus: 201,
  toCommand: (dto, _params, context) =>
    new OpenBranchCommand({ type: 'OpenBranch', eventId: randomUUID(), occurredAt: new Date().toISOString(), ...dto }, context),
});

@ApiTags('org')
@Controller('api/v1/org/branches')
export class OpenBranchController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ description: 'The branch was opened' })
  @ApiConflictResponse({ description: 'A branch with this id was opened before' })
  open(@Body() body: OpenBranchRequest, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<StreamCommandResult> {
    return this.dispatcher.respond(response, openBranchRoute, body, {}, commandContextOf(request, 'org'));
  }
}
