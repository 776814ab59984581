import { BranchDirectory } from '@app/contracts';
import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartsStockLedger } from '../parts-stock-ledger';
import { ReceivePartsCommand } from './receive-parts.command';

@CommandHandler(ReceivePartsCommand)
export class ReceivePartsHandler implements ICommandHandler<ReceivePartsCommand> {
  constructor(
    private readonly ledger: PartsStockLedger,
    private readonly branches: BranchDirectory,
  ) {}

  async execute({ input, context }: ReceivePartsCommand): Promise<CommandOutcome<StreamCommandResult>> {
    await this.branches.requireTradingAt(input.branchId, input.occurredAt, input.cost.currency);
    return this.ledger.execute(input.branchId, context, () => input);
  }
}
