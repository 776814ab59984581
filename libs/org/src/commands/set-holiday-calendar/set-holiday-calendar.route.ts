import { GROUP_ID } from '@app/contracts';
import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { SetHolidayCalendarCommand } from './set-holiday-calendar.command';
import { SetHolidayCalendarRequest } from './set-holiday-calendar.request.dto';

export const setHolidayCalendarRoute = defineCommandRoute<SetHolidayCalendarRequest, StreamCommandResult>({
  name: 'SetHolidayCalendar',
  context: 'org',
  dto: SetHolidayCalendarRequest,
  path: '/api/v1/org/holiday-calendars',
  successStatus: 201,
  etag: false,
  docs: {
    summary: 'Set the holiday calendar of a year for the group, a region or a branch (HolidayCalendarSet)',
    success: "The scope's calendar of the year, replacing the previous version (no event when unchanged)",
    badRequest: 'Invalid dates, dates outside the year, a weekday as extra working day, an unknown region or branch',
    stream: "the scope's holiday calendar",
  },
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
