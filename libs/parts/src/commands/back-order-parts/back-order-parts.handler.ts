import { BranchDirectory } from '@app/contracts';
import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartsStockLedger } from '../parts-stock-ledger';
import { BackOrderPartsCommand } from './back-order-parts.command';

@CommandHandler(BackOrderPartsCommand)
export class BackOrderPartsHandler implements ICommandHandler<BackOrderPartsCommand> {
  constructor(
    private readonly ledger: PartsStockLedger,
    private readonly branches: BranchDirectory,
  ) {}

  async execute({ input, context }: BackOrderPartsCommand): Promise<CommandOutcome<StreamCommandResult>> {
    await this.branches.requireTradingAt(input.branchId, input.occurredAt);
    return this.ledger.execute(input.branchId, context, () => input);
  }
}
