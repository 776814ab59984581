import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { CompleteTestDrive } from '../../domain/lead.aggregate';

export class CompleteTestDriveCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: CompleteTestDrive,
    readonly context: CommandContext,
  ) {
    super();
  }
}
