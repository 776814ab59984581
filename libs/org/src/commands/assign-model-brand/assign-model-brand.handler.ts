import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideModelBrand, evolveModelBrand, initialModelBrand, modelBrandStreamId } from '../../domain/model-brand.aggregate';
import { AssignModelBrandCommand } from './assign-model-brand.command';

@CommandHandler(AssignModelBrandCommand)
export class AssignModelBrandHandler implements ICommandHandler<AssignModelBrandCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
  ) {}

  async execute({ input, context }: AssignModelBrandCommand): Promise<CommandOutcome<StreamCommandResult>> {
    return this.runner.run(context.idempotency, 201, (manager) =>
      executeStreamCommand(this.store, manager, {
        streamId: modelBrandStreamId(input.model),
        initial: initialModelBrand,
        evolve: evolveModelBrand,
        decide: (state) => decideModelBrand(input, state),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      }),
    );
  }
}
