import { StreamCommandResult } from '@app/event-store';
import { commandContextOf, CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { targetCellOf } from '../shared/target-cell.dto';
import { SetTargetCommand } from './set-target.command';
import { SetTargetRequest } from './set-target.request.dto';

export const setTargetRoute = defineCommandRoute<SetTargetRequest, StreamCommandResult>({
  name: 'SetTarget',
  context: 'org',
  dto: SetTargetRequest,
  path: '/api/v1/org/targets',
  successStatus: 201,
  toCommand: (dto, _params, context) =>
    new SetTargetCommand(
      { type: 'SetTarget', eventId: randomUUID(), occurredAt: new Date().toISOString(), cell: targetCellOf(dto), value: dto.value, unit: dto.unit },
      context,
    ),
});

@ApiTags('org')
@Controller('api/v1/org/targets')
export class SetTargetController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  @ApiCreatedResponse({ description: 'Version 1 of the target cell (no event when the cell already has this value)' })
  @ApiBadRequestResponse({ description: 'Invalid fields, or an unknown region, branch or employee' })
  @ApiConflictResponse({ description: 'The cell is set to another value: revise it' })
  set(@Body() body: SetTargetRequest, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<StreamCommandResult> {
    return this.dispatcher.respond(response, setTargetRoute, body, {}, commandContextOf(request, 'org'));
  }
}
