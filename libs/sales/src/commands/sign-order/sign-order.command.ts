import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { SignOrder } from '../../domain/vehicle-sale.aggregate';

export class SignOrderCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: SignOrder,
    readonly context: CommandContext,
  ) {
    super();
  }
}
