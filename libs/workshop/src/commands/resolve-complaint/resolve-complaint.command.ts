import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { ResolveComplaint } from '../../domain/complaint.aggregate';

export class ResolveComplaintCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: ResolveComplaint,
    readonly context: CommandContext,
  ) {
    super();
  }
}
