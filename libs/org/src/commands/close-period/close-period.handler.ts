import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decidePeriod, evolvePeriod, initialPeriod, periodStreamId } from '../../domain/period.aggregate';
import { ClosePeriodCommand } from './close-period.command';

@CommandHandler(ClosePeriodCommand)
export class ClosePeriodHandler implements ICommandHandler<ClosePeriodCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
  ) {}

  execute({ input, context }: ClosePeriodCommand): Promise<CommandOutcome<StreamCommandResult>> {
    return this.runner.run(context.idempotency, 201, (manager) =>
      executeStreamCommand(this.store, manager, {
        streamId: periodStreamId(input.period),
        initial: initialPeriod,
        evolve: evolvePeriod,
        decide: (state) => decidePeriod(input, state),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      }),
    );
  }
}
