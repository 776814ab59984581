import { BranchDirectory } from '@app/contracts';
import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideWarrantyClaim, evolveWarrantyClaim, initialWarrantyClaim, warrantyClaimStreamId } from '../../domain/warranty-claim.aggregate';
import { DecideWarrantyClaimCommand } from './decide-warranty-claim.command';

@CommandHandler(DecideWarrantyClaimCommand)
export class DecideWarrantyClaimHandler implements ICommandHandler<DecideWarrantyClaimCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
    private readonly branches: BranchDirectory,
  ) {}

  async execute({ input, context }: DecideWarrantyClaimCommand): Promise<CommandOutcome<StreamCommandResult>> {
    await this.branches.requireTradingAt(input.branchId, input.occurredAt, ...(input.approved ? [input.approved.currency] : []));
    return this.runner.run(context.idempotency, 201, (manager) =>
      executeStreamCommand(this.store, manager, {
        streamId: warrantyClaimStreamId(input.warrantyClaimId),
        initial: initialWarrantyClaim,
        evolve: evolveWarrantyClaim,
        decide: (state) => decideWarrantyClaim(input, state),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      }),
    );
  }
}
