import { BranchDirectory } from '@app/contracts';
import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { currenciesOf } from '../parts-request.validators';
import { PartsStockLedger } from '../parts-stock-ledger';
import { DispatchTransferCommand } from './dispatch-transfer.command';

@CommandHandler(DispatchTransferCommand)
export class DispatchTransferHandler implements ICommandHandler<DispatchTransferCommand> {
  constructor(
    private readonly ledger: PartsStockLedger,
    private readonly branches: BranchDirectory,
  ) {}

  /** Both branches must be open and book in the currency of the transfer's value. */
  async execute({ input, context }: DispatchTransferCommand): Promise<CommandOutcome<StreamCommandResult>> {
    const currencies = currenciesOf(...input.lines.map((l) => l.value));
    await this.branches.requireTradingAt(input.branchId, input.occurredAt, ...currencies);
    await this.branches.requireTradingAt(input.toBranchId, input.occurredAt, ...currencies);
    return this.ledger.execute(input.branchId, context, () => input);
  }
}
