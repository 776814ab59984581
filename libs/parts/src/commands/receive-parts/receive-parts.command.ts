import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { ReceiveParts } from '../../domain/parts-stock.aggregate';

export class ReceivePartsCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: ReceiveParts,
    readonly context: CommandContext,
  ) {
    super();
  }
}
