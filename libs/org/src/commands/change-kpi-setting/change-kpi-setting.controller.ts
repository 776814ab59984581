import { StreamCommandResult } from '@app/event-store';
import { commandContextOf, CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { ChangeKpiSettingCommand } from './change-kpi-setting.command';
import { ChangeKpiSettingRequest } from './change-kpi-setting.request.dto';

export const changeKpiSettingRoute = defineCommandRoute<ChangeKpiSettingRequest, StreamCommandResult>({
  name: 'ChangeKpiSetting',
  context: 'org',
  dto: ChangeKpiSettingRequest,
  path: '/api/v1/org/kpi-settings',
  successStatus: 201,
  toCommand: (dto, _params, context) =>
    new ChangeKpiSettingCommand(
      { type: 'ChangeKpiSetting', eventId: randomUUID(), occurredAt: new Date().toISOString(), key: dto.key, value: dto.value, effectiveFrom: dto.effectiveFrom },
      context,
    ),
});

@ApiTags('org')
@Controller('api/v1/org/kpi-settings')
export class ChangeKpiSettingController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  @ApiCreatedResponse({ description: 'The setting has the value from effectiveFrom on (no event when that value is already set for that date)' })
  @ApiBadRequestResponse({ description: 'Unknown key, a value the key does not accept, or an invalid date' })
  change(@Body() body: ChangeKpiSettingRequest, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<StreamCommandResult> {
    return this.dispatcher.respond(response, changeKpiSettingRoute, body, {}, commandContextOf(request, 'org'));
  }
}
