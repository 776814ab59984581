import { BranchDirectory } from '@app/contracts';
import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideVehicleSale, evolveVehicleSale, initialVehicleSale, vehicleSaleStreamId } from '../../domain/vehicle-sale.aggregate';
import { ReturnVehicleCommand } from './return-vehicle.command';

@CommandHandler(ReturnVehicleCommand)
export class ReturnVehicleHandler implements ICommandHandler<ReturnVehicleCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
    private readonly branches: BranchDirectory,
  ) {}

  async execute({ input, context }: ReturnVehicleCommand): Promise<CommandOutcome<StreamCommandResult>> {
    await this.branches.requireTradingAt(input.branchId, input.occurredAt, input.invoiceReversed.currency, input.costReversed.currency);
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
