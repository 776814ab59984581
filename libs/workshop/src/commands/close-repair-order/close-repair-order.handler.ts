import { BranchDirectory } from '@app/contracts';
import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideRepairOrder, evolveRepairOrder, initialRepairOrder, repairOrderStreamId } from '../../domain/repair-order.aggregate';
import { CloseRepairOrderCommand } from './close-repair-order.command';

@CommandHandler(CloseRepairOrderCommand)
export class CloseRepairOrderHandler implements ICommandHandler<CloseRepairOrderCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
    private readonly branches: BranchDirectory,
  ) {}

  async execute({ input, context }: CloseRepairOrderCommand): Promise<CommandOutcome<StreamCommandResult>> {
    const branch = await this.branches.requireTradingAt(input.branchId, input.occurredAt, ...(input.sublet ? [input.sublet.currency] : []));
    return this.runner.run(context.idempotency, 201, (manager) =>
      executeStreamCommand(this.store, manager, {
        streamId: repairOrderStreamId(input.repairOrderId),
        initial: initialRepairOrder,
        evolve: evolveRepairOrder,
        decide: (state) => decideRepairOrder({ ...input, currency: branch.currency }, state),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      }),
    );
  }
}
