import { BranchDirectory } from '@app/contracts';
import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, loadAggregate, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { appointmentStreamId, evolveAppointment, initialAppointment } from '../../domain/appointment.aggregate';
import { decideRepairOrder, evolveRepairOrder, initialRepairOrder, repairOrderStreamId } from '../../domain/repair-order.aggregate';
import { OpenRepairOrderCommand } from './open-repair-order.command';

@CommandHandler(OpenRepairOrderCommand)
export class OpenRepairOrderHandler implements ICommandHandler<OpenRepairOrderCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
    private readonly branches: BranchDirectory,
  ) {}

  async execute({ input, context }: OpenRepairOrderCommand): Promise<CommandOutcome<StreamCommandResult>> {
    await this.branches.requireTradingAt(input.branchId, input.occurredAt);
    return this.runner.run(context.idempotency, 201, async (manager) => {
      const appointment =
        input.appointmentId === null
          ? null
          : (await loadAggregate(this.store, appointmentStreamId(input.appointmentId), initialAppointment, evolveAppointment, manager)).state;
      return executeStreamCommand(this.store, manager, {
        streamId: repairOrderStreamId(input.repairOrderId),
        initial: initialRepairOrder,
        evolve: evolveRepairOrder,
        decide: (state) => decideRepairOrder({ ...input, appointment }, state),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      });
    });
  }
}
