import { StreamCommandResult } from '@app/event-store';
import { commandContextOf, CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiParam, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { ClosePeriodCommand } from './close-period.command';
import { ClosePeriodRequest } from './close-period.request.dto';

export const closePeriodRoute = defineCommandRoute<ClosePeriodRequest, StreamCommandResult>({
  name: 'ClosePeriod',
  context: 'org',
  dto: ClosePeriodRequest,
  path: '/api/v1/org/periods/:period/close',
  successStatus: 201,
  toCommand: (dto, params, context) =>
    new ClosePeriodCommand(
      { type: 'ClosePeriod', eventId: randomUUID(), occurredAt: new Date().toISOString(), period: params.period ?? '', reason: dto.reason ?? null },
      context,
    ),
});

@ApiTags('org')
@Controller('api/v1/org/periods')
export class ClosePeriodController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':period/close')
  @ApiParam({ name: 'period', example: '2026-01', description: 'The month to close, YYYY-MM' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  @ApiCreatedResponse({ description: 'The month is closed: reports show its "as closed" figures beside restatements' })
  @ApiBadRequestResponse({ description: 'Not a month (INVALID_PERIOD)' })
  @ApiConflictResponse({ description: 'Already closed (PERIOD_ALREADY_CLOSED) or not ended yet (PERIOD_NOT_ENDED)' })
  close(
    @Param('period') period: string,
    @Body() body: ClosePeriodRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    return this.dispatcher.respond(response, closePeriodRoute, body, { period }, commandContextOf(request, 'org'));
  }
}
