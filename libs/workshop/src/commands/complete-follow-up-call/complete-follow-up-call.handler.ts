import { BranchDirectory } from '@app/contracts';
import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, loadAggregate, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideFollowUpCall, evolveFollowUpCall, followUpCallStreamId, initialFollowUpCall } from '../../domain/follow-up-call.aggregate';
import { evolveRepairOrder, initialRepairOrder, repairOrderStreamId } from '../../domain/repair-order.aggregate';
import { CompleteFollowUpCallCommand } from './complete-follow-up-call.command';

@CommandHandler(CompleteFollowUpCallCommand)
export class CompleteFollowUpCallHandler implements ICommandHandler<CompleteFollowUpCallCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
    private readonly branches: BranchDirectory,
  ) {}

  async execute({ input, context }: CompleteFollowUpCallCommand): Promise<CommandOutcome<StreamCommandResult>> {
    await this.branches.requireTradingAt(input.branchId, input.occurredAt);
    return this.runner.run(context.idempotency, 201, async (manager) => {
      const { state: repairOrder } = await loadAggregate(this.store, repairOrderStreamId(input.repairOrderId), initialRepairOrder, evolveRepairOrder, manager);
      return executeStreamCommand(this.store, manager, {
        streamId: followUpCallStreamId(input.followUpCallId),
        initial: initialFollowUpCall,
        evolve: evolveFollowUpCall,
        decide: (state) => decideFollowUpCall({ ...input, repairOrder }, state),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      });
    });
  }
}
