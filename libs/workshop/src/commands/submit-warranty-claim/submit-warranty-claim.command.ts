import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { SubmitWarrantyClaim } from '../../domain/warranty-claim.aggregate';

/** SubmitWarrantyClaim: the validated request; the handler adds what it loads from other streams. */
export class SubmitWarrantyClaimCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: Omit<SubmitWarrantyClaim, 'repairOrder'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}
