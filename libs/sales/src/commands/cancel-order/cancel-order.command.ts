import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { CancelOrder } from '../../domain/vehicle-sale.aggregate';

export class CancelOrderCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: CancelOrder,
    readonly context: CommandContext,
  ) {
    super();
  }
}
