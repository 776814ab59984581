import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { ReturnVehicle } from '../../domain/vehicle-sale.aggregate';

export class ReturnVehicleCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: ReturnVehicle,
    readonly context: CommandContext,
  ) {
    super();
  }
}
