import { StreamCommandResult } from '@app/event-store';
import { commandContextOf, CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { DefineRegionCommand } from './define-region.command';
import { DefineRegionRequest } from './define-region.request.dto';

export const defineRegionRoute = defineCommandRoute<DefineRegionRequest, StreamCommandResult>({
  name: 'DefineRegion',
  context: 'org',
  dto: DefineRegionRequest,
  path: '/api/v1/org/regions',
  successStatus: 201,
  toCommand: (dto, _params, context) =>
    new DefineRegionCommand({ type: 'DefineRegion', eventId: randomUUID(), occurredAt: new Date().toISOString(), regionId: dto.regionId, name: dto.name }, context),
});

@ApiTags('org')
@Controller('api/v1/org/regions')
export class DefineRegionController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  @ApiCreatedResponse({ description: 'The region was defined or renamed (no event when the name is unchanged)' })
  @ApiBadRequestResponse({ description: 'Invalid fields' })
  define(@Body() body: DefineRegionRequest, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<StreamCommandResult> {
    return this.dispatcher.respond(response, defineRegionRoute, body, {}, commandContextOf(request, 'org'));
  }
}
