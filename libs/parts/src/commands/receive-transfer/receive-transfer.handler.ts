import { BranchDirectory } from '@app/contracts';
import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartsStockLedger } from '../parts-stock-ledger';
import { ReceiveTransferCommand } from './receive-transfer.command';

@CommandHandler(ReceiveTransferCommand)
export class ReceiveTransferHandler implements ICommandHandler<ReceiveTransferCommand> {
  constructor(
    private readonly ledger: PartsStockLedger,
    private readonly branches: BranchDirectory,
  ) {}

  /**
   * The receiver must be open. The sender must be known but may have closed since it dispatched:
   * goods already on the road still arrive. The dispatch is read from the sender's ledger in the
   * same transaction and handed to the pure decision.
   */
  async execute({ input, context }: ReceiveTransferCommand): Promise<CommandOutcome<StreamCommandResult>> {
    await this.branches.requireTradingAt(input.branchId, input.occurredAt);
    await this.branches.find(input.fromBranchId);
    return this.ledger.execute(input.branchId, context, async (manager) => {
      const sender = await this.ledger.load(input.fromBranchId, manager);
      return { ...input, dispatch: sender.dispatched.get(input.transferId) ?? null };
    });
  }
}
