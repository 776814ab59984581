import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { DecideWarrantyClaim } from '../../domain/warranty-claim.aggregate';

export class DecideWarrantyClaimCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: DecideWarrantyClaim,
    readonly context: CommandContext,
  ) {
    super();
  }
}
