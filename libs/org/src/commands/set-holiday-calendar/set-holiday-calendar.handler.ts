import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideHolidayCalendar, evolveHolidayCalendar, holidayCalendarStreamId, initialHolidayCalendar } from '../../domain/holiday-calendar.aggregate';
import { OrgReferences } from '../shared/org-references';
import { SetHolidayCalendarCommand } from './set-holiday-calendar.command';

@CommandHandler(SetHolidayCalendarCommand)
export class SetHolidayCalendarHandler implements ICommandHandler<SetHolidayCalendarCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
    private readonly references: OrgReferences,
  ) {}

  execute({ input, context }: SetHolidayCalendarCommand): Promise<CommandOutcome<StreamCommandResult>> {
    return this.runner.run(context.idempotency, 201, async (manager) => {
      await this.references.requireCalendarScope(input.scope, input.scopeId, manager);
      return executeStreamCommand(this.store, manager, {
        streamId: holidayCalendarStreamId(input.scope, input.scopeId, input.year),
        initial: initialHolidayCalendar,
        evolve: evolveHolidayCalendar,
        decide: (state) => decideHolidayCalendar(input, state),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      });
    });
  }
}
