import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { SetTarget } from '../../domain/target.aggregate';

export class SetTargetCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: SetTarget,
    readonly context: CommandContext,
  ) {
    super();
  }
}
