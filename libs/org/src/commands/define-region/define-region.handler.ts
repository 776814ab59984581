import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideRegion, evolveRegion, initialRegion, regionStreamId } from '../../domain/region.aggregate';
import { DefineRegionCommand } from './define-region.command';

@CommandHandler(DefineRegionCommand)
export class DefineRegionHandler implements ICommandHandler<DefineRegionCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
  ) {}

  execute({ input, context }: DefineRegionCommand): Promise<CommandOutcome<StreamCommandResult>> {
    return this.runner.run(context.idempotency, 201, (manager) =>
      executeStreamCommand(this.store, manager, {
        streamId: regionStreamId(input.regionId),
        initial: initialRegion,
        evolve: evolveRegion,
        decide: (state) => decideRegion(input, state),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      }),
    );
  }
}
