import { BranchDirectory, businessDate, EmployeeDirectory } from '@app/contracts';
import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, StreamCommandResult } from '@app/event-store';
import { Principal } from '@app/platform-kit';
import { BadRequestException, ForbiddenException, HttpStatus } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideSalesActivity, evolveSalesActivity, initialSalesActivity, salesActivityStreamId } from '../../domain/sales-activity.aggregate';
import { LogSalesActivityCommand } from './log-sales-activity.command';

/** 403 `NOT_OWN_ACTIVITY`: a sales consultant logs their own calls and visits only. */
export const NOT_OWN_ACTIVITY = 'NOT_OWN_ACTIVITY';

/**
 * Whose activity the caller may log: a sales consultant (a `sales-staff` person) their own, the
 * consultant being the token's subject (a body naming another consultant is 403 NOT_OWN_ACTIVITY);
 * head office, the branch's manager and a dealer system (an integration) name the consultant, who
 * must then be a sales consultant of the branch on the date (checked by the decision).
 */
export function consultantFor(caller: Principal, requested: string | null): string {
  if (caller.role === 'sales-staff') {
    if (requested !== null && requested !== caller.subject) {
      throw new ForbiddenException({
        statusCode: HttpStatus.FORBIDDEN,
        code: NOT_OWN_ACTIVITY,
        message: `a sales consultant logs their own activity only (${caller.subject}), not ${requested}'s; the branch manager may log it for them`,
      });
    }
    return caller.subject;
  }
  if (requested === null) {
    throw new BadRequestException({
      statusCode: HttpStatus.BAD_REQUEST,
      code: 'VALIDATION_FAILED',
      message: 'consultantId is required unless a sales consultant logs their own activity',
      errors: [{ field: 'consultantId', messages: ['consultantId is required unless a sales consultant logs their own activity'] }],
    });
  }
  return requested;
}

@CommandHandler(LogSalesActivityCommand)
export class LogSalesActivityHandler implements ICommandHandler<LogSalesActivityCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
    private readonly branches: BranchDirectory,
    private readonly employees: EmployeeDirectory,
  ) {}

  async execute({ input, context }: LogSalesActivityCommand): Promise<CommandOutcome<StreamCommandResult>> {
    const consultantId = consultantFor(context.caller, input.consultantId);
    const branch = await this.branches.requireTradingAt(input.branchId, input.occurredAt);
    const date = businessDate(input.occurredAt, branch);
    const assignment = await this.employees.assignmentOn(consultantId, date);
    const command = { ...input, consultantId };
    return this.runner.run(context.idempotency, 201, (manager) =>
      executeStreamCommand(this.store, manager, {
        streamId: salesActivityStreamId(input.activityId),
        initial: initialSalesActivity,
        evolve: evolveSalesActivity,
        decide: (state) => decideSalesActivity(command, state, { businessDate: date, assignment }),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      }),
    );
  }
}
