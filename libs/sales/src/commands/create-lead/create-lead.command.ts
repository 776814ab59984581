import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { CreateLead } from '../../domain/lead.aggregate';

export class CreateLeadCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: CreateLead,
    readonly context: CommandContext,
  ) {
    super();
  }
}
