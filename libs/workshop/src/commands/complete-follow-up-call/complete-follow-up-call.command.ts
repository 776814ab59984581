import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { CompleteFollowUpCall } from '../../domain/follow-up-call.aggregate';

/** CompleteFollowUpCall: the validated request; the handler adds what it loads from other streams. */
export class CompleteFollowUpCallCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: Omit<CompleteFollowUpCall, 'repairOrder'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}
