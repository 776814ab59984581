import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { SellParts } from '../../domain/parts-stock.aggregate';

export class SellPartsCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: SellParts,
    readonly context: CommandContext,
  ) {
    super();
  }
}
