import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { SellAccessory } from '../../domain/accessory-sale.aggregate';

export class SellAccessoryCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: SellAccessory,
    readonly context: CommandContext,
  ) {
    super();
  }
}
