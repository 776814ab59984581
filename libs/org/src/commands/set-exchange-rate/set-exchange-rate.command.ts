import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { SetExchangeRate } from '../../domain/exchange-rate.aggregate';

export class SetExchangeRateCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: SetExchangeRate,
    readonly context: CommandContext,
  ) {
    super();
  }
}
