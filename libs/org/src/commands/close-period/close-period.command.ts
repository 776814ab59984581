import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { ClosePeriod } from '../../domain/period.aggregate';

export class ClosePeriodCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: ClosePeriod,
    readonly context: CommandContext,
  ) {
    super();
  }
}
