import { BranchDirectory } from '@app/contracts';
import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { complaintStreamId, decideComplaint, evolveComplaint, initialComplaint } from '../../domain/complaint.aggregate';
import { ResolveComplaintCommand } from './resolve-complaint.command';

@CommandHandler(ResolveComplaintCommand)
export class ResolveComplaintHandler implements ICommandHandler<ResolveComplaintCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
    private readonly branches: BranchDirectory,
  ) {}

  async execute({ input, context }: ResolveComplaintCommand): Promise<CommandOutcome<StreamCommandResult>> {
    await this.branches.requireTradingAt(input.branchId, input.occurredAt, ...(input.compensation ? [input.compensation.currency] : []));
    return this.runner.run(context.idempotency, 201, (manager) =>
      executeStreamCommand(this.store, manager, {
        streamId: complaintStreamId(input.complaintId),
        initial: initialComplaint,
        evolve: evolveComplaint,
        decide: (state) => decideComplaint(input, state),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      }),
    );
  }
}
