import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { IssuePartsToRepairOrder } from '../../domain/repair-order.aggregate';

export class IssuePartsToRepairOrderCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: IssuePartsToRepairOrder,
    readonly context: CommandContext,
  ) {
    super();
  }
}
