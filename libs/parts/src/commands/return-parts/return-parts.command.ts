import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { ReturnParts } from '../../domain/parts-stock.aggregate';

export class ReturnPartsCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: ReturnParts,
    readonly context: CommandContext,
  ) {
    super();
  }
}
