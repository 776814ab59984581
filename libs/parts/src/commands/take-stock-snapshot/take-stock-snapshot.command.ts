import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { TakeStockSnapshot } from '../../domain/parts-stock.aggregate';

export class TakeStockSnapshotCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: TakeStockSnapshot,
    readonly context: CommandContext,
  ) {
    super();
  }
}
