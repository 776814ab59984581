import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideTerritory, evolveTerritory, initialTerritory, territoryStreamId } from '../../domain/territory.aggregate';
import { OrgReferences } from '../shared/org-references';
import { AssignTerritoryCommand } from './assign-territory.command';

@CommandHandler(AssignTerritoryCommand)
export class AssignTerritoryHandler implements ICommandHandler<AssignTerritoryCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
    private readonly references: OrgReferences,
  ) {}

  async execute({ input, context }: AssignTerritoryCommand): Promise<CommandOutcome<StreamCommandResult>> {
    if (input.branchId !== null) await this.references.requireOpenBranch(input.branchId);
    return this.runner.run(context.idempotency, 201, async (manager) => {
      const facts = { branchOpenedOn: input.branchId === null ? null : await this.references.branchOpenedOn(input.branchId, manager) };
      return executeStreamCommand(this.store, manager, {
        streamId: territoryStreamId(input.area),
        initial: initialTerritory,
        evolve: evolveTerritory,
        decide: (state) => decideTerritory(input, state, facts),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      });
    });
  }
}
