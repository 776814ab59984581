import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { OpenBranch } from '../../domain/branch.aggregate';

export class OpenBranchCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: OpenBranch,
    readonly context: CommandContext,
  ) {
    super();
  }
}
