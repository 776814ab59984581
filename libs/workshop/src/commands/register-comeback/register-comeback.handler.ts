import { BranchDirectory } from '@app/contracts';
import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, loadAggregate, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideRepairOrder, evolveRepairOrder, initialRepairOrder, repairOrderStreamId } from '../../domain/repair-order.aggregate';
import { RegisterComebackCommand } from './register-comeback.command';

@CommandHandler(RegisterComebackCommand)
export class RegisterComebackHandler implements ICommandHandler<RegisterComebackCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
    private readonly branches: BranchDirectory,
  ) {}

  async execute({ input, context }: RegisterComebackCommand): Promise<CommandOutcome<StreamCommandResult>> {
    await this.branches.requireTradingAt(input.branchId, input.occurredAt);
    return this.runner.run(context.idempotency, 201, async (manager) => {
      const { state: original } = await loadAggregate(
        this.store,
        repairOrderStreamId(input.originalRepairOrderId),
        initialRepairOrder,
        evolveRepairOrder,
        manager,
      );
      return executeStreamCommand(this.store, manager, {
        streamId: repairOrderStreamId(input.repairOrderId),
        initial: initialRepairOrder,
        evolve: evolveRepairOrder,
        decide: (state) => decideRepairOrder({ ...input, original }, state),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      });
    });
  }
}
