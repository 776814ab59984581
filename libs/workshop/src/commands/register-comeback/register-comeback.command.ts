import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { RegisterComeback } from '../../domain/repair-order.aggregate';

/** RegisterComeback: the validated request; the handler adds what it loads from other streams. */
export class RegisterComebackCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: Omit<RegisterComeback, 'original'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}
