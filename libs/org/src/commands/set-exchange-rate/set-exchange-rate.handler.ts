import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideExchangeRate, evolveExchangeRate, exchangeRateStreamId, initialExchangeRate } from '../../domain/exchange-rate.aggregate';
import { SetExchangeRateCommand } from './set-exchange-rate.command';

@CommandHandler(SetExchangeRateCommand)
export class SetExchangeRateHandler implements ICommandHandler<SetExchangeRateCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
  ) {}

  execute({ input, context }: SetExchangeRateCommand): Promise<CommandOutcome<StreamCommandResult>> {
    return this.runner.run(context.idempotency, 201, (manager) =>
      executeStreamCommand(this.store, manager, {
        streamId: exchangeRateStreamId(input.month, input.fromCurrency, input.toCurrency),
        initial: initialExchangeRate,
        evolve: evolveExchangeRate,
        decide: (state) => decideExchangeRate(input, state),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      }),
    );
  }
}
