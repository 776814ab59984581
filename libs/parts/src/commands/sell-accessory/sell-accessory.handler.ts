import { BranchDirectory } from '@app/contracts';
import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { accessorySaleStreamId, decideAccessorySale, evolveAccessorySale, initialAccessorySale } from '../../domain/accessory-sale.aggregate';
import { SellAccessoryCommand } from './sell-accessory.command';

@CommandHandler(SellAccessoryCommand)
export class SellAccessoryHandler implements ICommandHandler<SellAccessoryCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
    private readonly branches: BranchDirectory,
  ) {}

  async execute({ input, context }: SellAccessoryCommand): Promise<CommandOutcome<StreamCommandResult>> {
    await this.branches.requireTradingAt(input.branchId, input.occurredAt, input.amount.currency, input.cost.currency);
    return this.runner.run(context.idempotency, 201, (manager) =>
      executeStreamCommand(this.store, manager, {
        streamId: accessorySaleStreamId(input.accessorySaleId),
        initial: initialAccessorySale,
        evolve: evolveAccessorySale,
        decide: (state) => decideAccessorySale(input, state),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      }),
    );
  }
}
