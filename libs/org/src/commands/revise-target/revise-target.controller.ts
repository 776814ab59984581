import { StreamCommandResult } from '@app/event-store';
import { commandContextOf, CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { targetCellOf } from '../shared/target-cell.dto';
import { ReviseTargetCommand } from './revise-target.command';
import { ReviseTargetRequest } from './revise-target.request.dto';

export const reviseTargetRoute = defineCommandRoute<ReviseTargetRequest, StreamCommandResult>({
  name: 'ReviseTarget',
  context: 'org',
  dto: ReviseTargetRequest,
  path: '/api/v1/org/targets/revisions',
  successStatus: 201,
  toCommand: (dto, _params, context) =>
    new ReviseTargetCommand(
      {
        type: 'ReviseTarget',
        eventId: randomUUID(),
        occurredAt: new Date().toISOString(),
        cell: targetCellOf(dto),
        value: dto.value,
        unit: dto.unit,
        supersedesVersion: dto.supersedesVersion,
        reason: dto.reason ?? null,
      },
      context,
    ),
});

@ApiTags('org')
@Controller('api/v1/org/targets/revisions')
export class ReviseTargetController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  @ApiCreatedResponse({ description: 'A new version of the target cell; the superseded one is kept' })
  @ApiBadRequestResponse({ description: 'Invalid fields, or the value and unit are those of the version in force' })
  @ApiNotFoundResponse({ description: 'The cell was never set' })
  @ApiConflictResponse({ description: 'Another version than supersedesVersion is in force' })
  revise(@Body() body: ReviseTargetRequest, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<StreamCommandResult> {
    return this.dispatcher.respond(response, reviseTargetRoute, body, {}, commandContextOf(request, 'org'));
  }
}
