import { BranchDirectory } from '@app/contracts';
import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideLead, evolveLead, initialLead, leadStreamId } from '../../domain/lead.aggregate';
import { CompleteTestDriveCommand } from './complete-test-drive.command';

@CommandHandler(CompleteTestDriveCommand)
export class CompleteTestDriveHandler implements ICommandHandler<CompleteTestDriveCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
    private readonly branches: BranchDirectory,
  ) {}

  async execute({ input, context }: CompleteTestDriveCommand): Promise<CommandOutcome<StreamCommandResult>> {
    await this.branches.requireTradingAt(input.branchId, input.occurredAt);
    return this.runner.run(context.idempotency, 201, (manager) =>
      executeStreamCommand(this.store, manager, {
        streamId: leadStreamId(input.leadId),
        initial: initialLead,
        evolve: evolveLead,
        decide: (state) => decideLead(input, state),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      }),
    );
  }
}
