import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { SetHolidayCalendar } from '../../domain/holiday-calendar.aggregate';

export class SetHolidayCalendarCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: SetHolidayCalendar,
    readonly context: CommandContext,
  ) {
    super();
  }
}
