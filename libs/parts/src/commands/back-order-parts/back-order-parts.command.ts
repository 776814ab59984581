import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { BackOrderParts } from '../../domain/parts-stock.aggregate';

export class BackOrderPartsCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: BackOrderParts,
    readonly context: CommandContext,
  ) {
    super();
  }
}
