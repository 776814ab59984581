import { BranchDirectory, businessDate, EmployeeDirectory } from '@app/contracts';
import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, StreamCommandResult } from '@app/event-store';
import { Principal } from '@app/platform-kit';
import { BadRequestException, ForbiddenException, HttpStatus } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideSalesActivity, evolveSalesActivity, initialSalesActivity, salesActivityStreamId } from '../../domain/sales-activity.aggregate';
import { LogSalesActivityCommand } from './log-sales-activity.command';

/** 403 `NOT_OWN_ACTIVITY`: a sales consultant logs their own calls and visits only. */
export const NOT_OWN_ACTIVITY = 'NOT_OWN_ACTIVITY';
/** 403 `NO_EMPLOYEE_LINK`: a sales consultant's user account is not linked to an employee. */
export const NO_EMPLOYEE_LINK = 'NO_EMPLOYEE_LINK';

/**
 * Whose activity the caller may log: a sales consultant (a `sales-staff` person) their own, the
 * consultant being the employee their user account is linked to (the token's `employee_id`
 * claim; without it 403 NO_EMPLOYEE_LINK, and a body naming another consultant is 403
 * NOT_OWN_ACTIVITY). The token's subject is a user account id (or an OIDC provider's id), never
 * an employee id. Head office, the branch's manager and a dealer system (an integration) name the
 * consultant, who must then be a sales consultant of the branch on the date (checked by the decision).
 */
export function consultantFor(caller: Principal, requested: string | null): string {
  if (caller.role === 'sales-staff') {
    const own = caller.employeeId;
    if (own === undefined) {
      throw new ForbiddenException({
        statusCode: HttpStatus.FORBIDDEN,
        code: NO_EMPLOYEE_LINK,
        message:
          'your user account is not linked to an employee, so the platform cannot tell whose activity this is; ask head office to link your account to your employee id (token claim employee_id)',
      });
    }
    if (requested !== null && requested !== own) {
      throw new ForbiddenException({
        statusCode: HttpStatus.FORBIDDEN,
        code: NOT_OWN_ACTIVITY,
        message: `a sales consultant logs their own activity only (${own}), not ${requested}'s; the branch manager may log it for them`,
      });
    }
    return own;
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
