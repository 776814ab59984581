import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { AssignBranchRegion } from '../../domain/branch-region.aggregate';

export class AssignBranchRegionCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: AssignBranchRegion,
    readonly context: CommandContext,
  ) {
    super();
  }
}
