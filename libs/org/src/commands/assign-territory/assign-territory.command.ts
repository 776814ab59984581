import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { AssignTerritory } from '../../domain/territory.aggregate';

export class AssignTerritoryCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: AssignTerritory,
    readonly context: CommandContext,
  ) {
    super();
  }
}
