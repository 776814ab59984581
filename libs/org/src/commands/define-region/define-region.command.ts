import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { DefineRegion } from '../../domain/region.aggregate';

export class DefineRegionCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: DefineRegion,
    readonly context: CommandContext,
  ) {
    super();
  }
}
