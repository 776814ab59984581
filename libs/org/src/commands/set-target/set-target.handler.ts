import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideTarget, evolveTarget, initialTarget, targetStreamId } from '../../domain/target.aggregate';
import { OrgReferences } from '../shared/org-references';
import { SetTargetCommand } from './set-target.command';

@CommandHandler(SetTargetCommand)
export class SetTargetHandler implements ICommandHandler<SetTargetCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
    private readonly references: OrgReferences,
  ) {}

  execute({ input, context }: SetTargetCommand): Promise<CommandOutcome<StreamCommandResult>> {
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
