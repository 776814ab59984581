import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideTarget, evolveTarget, initialTarget, targetStreamId } from '../../domain/target.aggregate';
import { ReviseTargetCommand } from './revise-target.command';

@CommandHandler(ReviseTargetCommand)
export class ReviseTargetHandler implements ICommandHandler<ReviseTargetCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
  ) {}

  /** The cell exists (it was set, with its references checked then); the aggregate checks the rest. */
  execute({ input, context }: ReviseTargetCommand): Promise<CommandOutcome<StreamCommandResult>> {
    return this.runner.run(context.idempotency, 201, (manager) =>
      executeStreamCommand(this.store, manager, {
        streamId: targetStreamId(input.cell),
        initial: initialTarget,
        evolve: evolveTarget,
        decide: (state) => decideTarget(input, state),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      }),
    );
  }
}
