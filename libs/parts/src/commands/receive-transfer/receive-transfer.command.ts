import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { ReceiveTransfer } from '../../domain/parts-stock.aggregate';

/** What the request says; the handler adds the dispatch it finds on the sender's ledger. */
export type ReceiveTransferInput = Omit<ReceiveTransfer, 'dispatch'>;

export class ReceiveTransferCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: ReceiveTransferInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}
