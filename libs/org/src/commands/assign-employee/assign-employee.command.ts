import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { AssignEmployee } from '../../domain/employee.aggregate';

export class AssignEmployeeCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: AssignEmployee,
    readonly context: CommandContext,
  ) {
    super();
  }
}
