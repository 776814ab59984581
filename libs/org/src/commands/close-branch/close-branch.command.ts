import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { CloseBranch } from '../../domain/branch.aggregate';

export class CloseBranchCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: CloseBranch,
    readonly context: CommandContext,
  ) {
    super();
  }
}
