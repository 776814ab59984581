import { BranchDirectory } from '@app/contracts';
import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartsStockLedger } from '../parts-stock-ledger';
import { AdjustStockCommand } from './adjust-stock.command';

@CommandHandler(AdjustStockCommand)
export class AdjustStockHandler implements ICommandHandler<AdjustStockCommand> {
  constructor(
    private readonly ledger: PartsStockLedger,
    private readonly branches: BranchDirectory,
  ) {}

  async execute({ input, context }: AdjustStockCommand): Promise<CommandOutcome<StreamCommandResult>> {
    await this.branches.requireTradingAt(input.branchId, input.occurredAt, input.value.currency);
    return this.ledger.execute(input.branchId, context, () => input);
  }
}
