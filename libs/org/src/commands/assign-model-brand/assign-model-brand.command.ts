import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { AssignModelBrand } from '../../domain/model-brand.aggregate';

export class AssignModelBrandCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: AssignModelBrand,
    readonly context: CommandContext,
  ) {
    super();
  }
}
