import { BranchDirectory } from '@app/contracts';
import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideVehicleSale, evolveVehicleSale, initialVehicleSale, vehicleSaleStreamId } from '../../domain/vehicle-sale.aggregate';
import { DeliverVehicleCommand } from './deliver-vehicle.command';

@CommandHandler(DeliverVehicleCommand)
export class DeliverVehicleHandler implements ICommandHandler<DeliverVehicleCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
    private readonly branches: BranchDirectory,
  ) {}

  async execute({ input, context }: DeliverVehicleCommand): Promise<CommandOutcome<StreamCommandResult>> {
    await this.branches.requireTradingAt(input.branchId, input.occurredAt, input.invoice.currency, input.cost.currency);
    return this.runner.run(context.idempotency, 201, (manager) =>
      executeStreamCommand(this.store, manager, {
        streamId: vehicleSaleStreamId(input.vehicleSaleId),
        initial: initialVehicleSale,
        evolve: evolveVehicleSale,
        decide: (state) => decideVehicleSale(input, state),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      }),
    );
  }
}
