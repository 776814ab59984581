import { BranchDirectory } from '@app/contracts';
import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { currenciesOf } from '../parts-request.validators';
import { PartsStockLedger } from '../parts-stock-ledger';
import { TakeStockSnapshotCommand } from './take-stock-snapshot.command';

@CommandHandler(TakeStockSnapshotCommand)
export class TakeStockSnapshotHandler implements ICommandHandler<TakeStockSnapshotCommand> {
  constructor(
    private readonly ledger: PartsStockLedger,
    private readonly branches: BranchDirectory,
  ) {}

  async execute({ input, context }: TakeStockSnapshotCommand): Promise<CommandOutcome<StreamCommandResult>> {
    await this.branches.requireTradingAt(input.branchId, input.occurredAt, ...currenciesOf(input.totalValue, ...Object.values(input.agedStock)));
    return this.ledger.execute(input.branchId, context, () => input);
  }
}
