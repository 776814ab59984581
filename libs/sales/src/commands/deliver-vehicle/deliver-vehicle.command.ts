import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { DeliverVehicle } from '../../domain/vehicle-sale.aggregate';

export class DeliverVehicleCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: DeliverVehicle,
    readonly context: CommandContext,
  ) {
    super();
  }
}
