import { BranchDirectory } from '@app/contracts';
import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, loadAggregate, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { evolveLead, initialLead, LeadState, leadStreamId } from '../../domain/lead.aggregate';
import { decideVehicleSale, evolveVehicleSale, initialVehicleSale, vehicleSaleStreamId } from '../../domain/vehicle-sale.aggregate';
import { SignOrderCommand } from './sign-order.command';

@CommandHandler(SignOrderCommand)
export class SignOrderHandler implements ICommandHandler<SignOrderCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
    private readonly branches: BranchDirectory,
  ) {}

  async execute({ input, context }: SignOrderCommand): Promise<CommandOutcome<StreamCommandResult>> {
    await this.branches.requireTradingAt(input.branchId, input.occurredAt, input.listPrice.currency, input.transactionPrice.currency, input.deposit.currency);
    return this.runner.run(context.idempotency, 201, async (manager) => {
      // The lead an order converts must exist: read it in the same transaction.
      let lead: LeadState | undefined;
      if (input.leadId !== null) {
        lead = (await loadAggregate(this.store, leadStreamId(input.leadId), initialLead, evolveLead, manager)).state;
      }
      return executeStreamCommand(this.store, manager, {
        streamId: vehicleSaleStreamId(input.vehicleSaleId),
        initial: initialVehicleSale,
        evolve: evolveVehicleSale,
        decide: (state) => decideVehicleSale(input, state, lead ? { lead } : {}),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      });
    });
  }
}
