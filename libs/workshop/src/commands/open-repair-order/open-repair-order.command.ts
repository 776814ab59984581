import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { OpenRepairOrder } from '../../domain/repair-order.aggregate';

/** OpenRepairOrder: the validated request; the handler adds what it loads from other streams. */
export class OpenRepairOrderCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: Omit<OpenRepairOrder, 'appointment'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}
