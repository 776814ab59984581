import { GROUP_ID } from '@app/contracts';
import { StreamCommandResult } from '@app/event-store';
import { commandContextOf, CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { SetHolidayCalendarCommand } from './set-holiday-calendar.command';
import { SetHolidayCalendarRequest } from './set-holiday-calendar.request.dto';

export const setHolidayCalendarRoute = defineCommandRoute<SetHolidayCalendarRequest, StreamCommandResult>({
  name: 'SetHolidayCalendar',
  context: 'org',
  dto: SetHolidayCalendarRequest,
  path: '/api/v1/org/holiday-calendars',
  successStatus: 201,
  toCommand: (dto, _params, context) =>
    new SetHolidayCalendarCommand(
      {
        type: 'SetHolidayCalendar',
        eventId: randomUUID(),
        occurredAt: new Date().toISOString(),
        scope: dto.scope,
        scopeId: dto.scope === 'group' ? GROUP_ID : (dto.scopeId ?? ''),
        year: dto.year,
        holidays: [...dto.holidays],
        extraWorkingDays: [...dto.extraWorkingDays],
      },
      context,
    ),
});

@ApiTags('org')
@Controller('api/v1/org/holiday-calendars')
export class SetHolidayCalendarController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  @ApiCreatedResponse({ description: "The scope's calendar of the year, replacing the previous version (no event when unchanged)" })
  @ApiBadRequestResponse({ description: 'Invalid dates, dates outside the year, a weekday as extra working day, an unknown region or branch' })
  set(@Body() body: SetHolidayCalendarRequest, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<StreamCommandResult> {
    return this.dispatcher.respond(response, setHolidayCalendarRoute, body, {}, commandContextOf(request, 'org'));
  }
}
