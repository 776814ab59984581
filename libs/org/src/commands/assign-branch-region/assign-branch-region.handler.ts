import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { branchRegionStreamId, decideBranchRegion, evolveBranchRegion, initialBranchRegion } from '../../domain/branch-region.aggregate';
import { OrgReferences } from '../shared/org-references';
import { AssignBranchRegionCommand } from './assign-branch-region.command';

@CommandHandler(AssignBranchRegionCommand)
export class AssignBranchRegionHandler implements ICommandHandler<AssignBranchRegionCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
    private readonly references: OrgReferences,
  ) {}

  async execute({ input, context }: AssignBranchRegionCommand): Promise<CommandOutcome<StreamCommandResult>> {
    await this.references.requireOpenBranch(input.branchId);
    return this.runner.run(context.idempotency, 201, async (manager) => {
      const facts = {
        regionDefined: await this.references.regionDefined(input.regionId, manager),
        branchOpenedOn: await this.references.branchOpenedOn(input.branchId, manager),
      };
      return executeStreamCommand(this.store, manager, {
        streamId: branchRegionStreamId(input.branchId),
        initial: initialBranchRegion,
        evolve: evolveBranchRegion,
        decide: (state) => decideBranchRegion(input, state, facts),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      });
    });
  }
}
