import { BranchDirectory } from '@app/contracts';
import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, loadAggregate, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { evolveRepairOrder, initialRepairOrder, repairOrderStreamId } from '../../domain/repair-order.aggregate';
import { decideWarrantyClaim, evolveWarrantyClaim, initialWarrantyClaim, warrantyClaimStreamId } from '../../domain/warranty-claim.aggregate';
import { SubmitWarrantyClaimCommand } from './submit-warranty-claim.command';

@CommandHandler(SubmitWarrantyClaimCommand)
export class SubmitWarrantyClaimHandler implements ICommandHandler<SubmitWarrantyClaimCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
    private readonly branches: BranchDirectory,
  ) {}

  async execute({ input, context }: SubmitWarrantyClaimCommand): Promise<CommandOutcome<StreamCommandResult>> {
    await this.branches.requireTradingAt(input.branchId, input.occurredAt, input.claimed.currency);
    return this.runner.run(context.idempotency, 201, async (manager) => {
      const { state: repairOrder } = await loadAggregate(this.store, repairOrderStreamId(input.repairOrderId), initialRepairOrder, evolveRepairOrder, manager);
      return executeStreamCommand(this.store, manager, {
        streamId: warrantyClaimStreamId(input.warrantyClaimId),
        initial: initialWarrantyClaim,
        evolve: evolveWarrantyClaim,
        decide: (state) => decideWarrantyClaim({ ...input, repairOrder }, state),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      });
    });
  }
}
