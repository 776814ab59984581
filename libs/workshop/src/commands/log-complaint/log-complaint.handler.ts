import { BranchDirectory } from '@app/contracts';
import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, loadAggregate, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { complaintStreamId, decideComplaint, evolveComplaint, initialComplaint } from '../../domain/complaint.aggregate';
import { evolveRepairOrder, initialRepairOrder, repairOrderStreamId } from '../../domain/repair-order.aggregate';
import { LogComplaintCommand } from './log-complaint.command';

@CommandHandler(LogComplaintCommand)
export class LogComplaintHandler implements ICommandHandler<LogComplaintCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
    private readonly branches: BranchDirectory,
  ) {}

  async execute({ input, context }: LogComplaintCommand): Promise<CommandOutcome<StreamCommandResult>> {
    await this.branches.requireTradingAt(input.branchId, input.occurredAt);
    return this.runner.run(context.idempotency, 201, async (manager) => {
      const repairOrder =
        input.repairOrderId === null
          ? null
          : (await loadAggregate(this.store, repairOrderStreamId(input.repairOrderId), initialRepairOrder, evolveRepairOrder, manager)).state;
      return executeStreamCommand(this.store, manager, {
        streamId: complaintStreamId(input.complaintId),
        initial: initialComplaint,
        evolve: evolveComplaint,
        decide: (state) => decideComplaint({ ...input, repairOrder }, state),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      });
    });
  }
}
