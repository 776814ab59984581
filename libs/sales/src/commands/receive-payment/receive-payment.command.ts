import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { ReceivePayment } from '../../domain/vehicle-sale.aggregate';

export class ReceivePaymentCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: ReceivePayment,
    readonly context: CommandContext,
  ) {
    super();
  }
}
