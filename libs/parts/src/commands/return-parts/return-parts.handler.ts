import { BranchDirectory } from '@app/contracts';
import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { currenciesOf } from '../parts-request.validators';
import { PartsStockLedger } from '../parts-stock-ledger';
import { ReturnPartsCommand } from './return-parts.command';

@CommandHandler(ReturnPartsCommand)
export class ReturnPartsHandler implements ICommandHandler<ReturnPartsCommand> {
  constructor(
    private readonly ledger: PartsStockLedger,
    private readonly branches: BranchDirectory,
  ) {}

  async execute({ input, context }: ReturnPartsCommand): Promise<CommandOutcome<StreamCommandResult>> {
    await this.branches.requireTradingAt(input.branchId, input.occurredAt, ...currenciesOf(...input.lines.flatMap((l) => [l.amount, l.cost])));
    return this.ledger.execute(input.branchId, context, () => input);
  }
}
