import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { DispatchTransfer } from '../../domain/parts-stock.aggregate';

export class DispatchTransferCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: DispatchTransfer,
    readonly context: CommandContext,
  ) {
    super();
  }
}
