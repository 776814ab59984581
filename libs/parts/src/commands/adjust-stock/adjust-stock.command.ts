import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { AdjustStock } from '../../domain/parts-stock.aggregate';

export class AdjustStockCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: AdjustStock,
    readonly context: CommandContext,
  ) {
    super();
  }
}
