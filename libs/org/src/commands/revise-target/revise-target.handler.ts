import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideTarget, evolveTarget, initialTarget, targetStreamId } from '../../domain/target.aggregate';
import { OrgReferences } from '../shared/org-references';
import { ReviseTargetCommand } from './revise-target.command';

@CommandHandler(ReviseTargetCommand)
export class ReviseTargetHandler implements ICommandHandler<ReviseTargetCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
    private readonly references: OrgReferences,
  ) {}

  /** The new version obeys the target rules like a first one (the cell's grain was checked when it was set); the aggregate checks the rest. */
  execute({ input, context }: ReviseTargetCommand): Promise<CommandOutcome<StreamCommandResult>> {
    return this.runner.run(context.idempotency, 201, async (manager) => {
      await this.references.requireValidTarget(input, manager);
      return executeStreamCommand(this.store, manager, {
        streamId: targetStreamId(input.cell),
        initial: initialTarget,
        evolve: evolveTarget,
        decide: (state) => decideTarget(input, state),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      });
    });
  }
}
