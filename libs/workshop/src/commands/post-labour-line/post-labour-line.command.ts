import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { PostLabourLine } from '../../domain/repair-order.aggregate';

export class PostLabourLineCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: PostLabourLine,
    readonly context: CommandContext,
  ) {
    super();
  }
}
