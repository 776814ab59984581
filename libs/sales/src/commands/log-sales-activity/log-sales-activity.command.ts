import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { LogSalesActivity } from '../../domain/sales-activity.aggregate';

/** `consultantId` null: the caller's own activity (a sales consultant's token), resolved by the handler. */
export type LogSalesActivityInput = Omit<LogSalesActivity, 'consultantId'> & { readonly consultantId: string | null };

export class LogSalesActivityCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: LogSalesActivityInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}
