import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { LogComplaint } from '../../domain/complaint.aggregate';

/** LogComplaint: the validated request; the handler adds what it loads from other streams. */
export class LogComplaintCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: Omit<LogComplaint, 'repairOrder'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}
