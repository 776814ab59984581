import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { ReviseTarget } from '../../domain/target.aggregate';

export class ReviseTargetCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: ReviseTarget,
    readonly context: CommandContext,
  ) {
    super();
  }
}
