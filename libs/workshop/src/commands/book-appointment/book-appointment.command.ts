import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { BookAppointment } from '../../domain/appointment.aggregate';

export class BookAppointmentCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: BookAppointment,
    readonly context: CommandContext,
  ) {
    super();
  }
}
