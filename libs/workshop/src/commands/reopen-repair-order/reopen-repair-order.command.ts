import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { ReopenRepairOrder } from '../../domain/repair-order.aggregate';

export class ReopenRepairOrderCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: ReopenRepairOrder,
    readonly context: CommandContext,
  ) {
    super();
  }
}
