import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideEmployee, employeeStreamId, evolveEmployee, initialEmployee } from '../../domain/employee.aggregate';
import { OrgReferences } from '../shared/org-references';
import { AssignEmployeeCommand } from './assign-employee.command';

@CommandHandler(AssignEmployeeCommand)
export class AssignEmployeeHandler implements ICommandHandler<AssignEmployeeCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
    private readonly references: OrgReferences,
  ) {}

  async execute({ input, context }: AssignEmployeeCommand): Promise<CommandOutcome<StreamCommandResult>> {
    await this.references.requireOpenBranch(input.branchId);
    return this.runner.run(context.idempotency, 201, async (manager) => {
      const facts = { branchOpenedOn: await this.references.branchOpenedOn(input.branchId, manager) };
      return executeStreamCommand(this.store, manager, {
        streamId: employeeStreamId(input.employeeId),
        initial: initialEmployee,
        evolve: evolveEmployee,
        decide: (state) => decideEmployee(input, state, facts),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      });
    });
  }
}
