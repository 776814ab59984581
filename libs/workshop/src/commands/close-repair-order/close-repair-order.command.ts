import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { CloseRepairOrder } from '../../domain/repair-order.aggregate';

/** CloseRepairOrder: the validated request; the handler adds what it loads from other streams. */
export class CloseRepairOrderCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: Omit<CloseRepairOrder, 'currency'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}
