import { BranchDirectory } from '@app/contracts';
import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideRepairOrder, evolveRepairOrder, initialRepairOrder, repairOrderStreamId } from '../../domain/repair-order.aggregate';
import { PostLabourLineCommand } from './post-labour-line.command';

@CommandHandler(PostLabourLineCommand)
export class PostLabourLineHandler implements ICommandHandler<PostLabourLineCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
    private readonly branches: BranchDirectory,
  ) {}

  async execute({ input, context }: PostLabourLineCommand): Promise<CommandOutcome<StreamCommandResult>> {
    await this.branches.requireTradingAt(input.branchId, input.occurredAt, input.amount.currency);
    return this.runner.run(context.idempotency, 201, (manager) =>
      executeStreamCommand(this.store, manager, {
        streamId: repairOrderStreamId(input.repairOrderId),
        initial: initialRepairOrder,
        evolve: evolveRepairOrder,
        decide: (state) => decideRepairOrder(input, state),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      }),
    );
  }
}
