import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { branchStreamId, decideBranch, evolveBranch, initialBranch } from '../../domain/branch.aggregate';
import { CloseBranchCommand } from './close-branch.command';

@CommandHandler(CloseBranchCommand)
export class CloseBranchHandler implements ICommandHandler<CloseBranchCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
  ) {}

  execute({ input, context }: CloseBranchCommand): Promise<CommandOutcome<StreamCommandResult>> {
    return this.runner.run(context.idempotency, 201, (manager) =>
      executeStreamCommand(this.store, manager, {
        streamId: branchStreamId(input.branchId),
        initial: initialBranch,
        evolve: evolveBranch,
        decide: (state) => decideBranch(input, state),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      }),
    );
  }
}
