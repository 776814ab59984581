import { EmployeeAssignmentInfo } from '@app/contracts';
import { DeciderSpecification } from '@app/contracts/testing';
import {
  decideSalesActivity,
  evolveSalesActivity,
  initialSalesActivity,
  InvalidSalesActivityError,
  LogSalesActivity,
  NotASalesConsultantError,
  SalesActivityAlreadyLoggedError,
  SalesActivityFacts,
} from './sales-activity.aggregate';

const log: LogSalesActivity = {
  type: 'LogSalesActivity',
  eventId: '7a6b1c2d-3e4f-4a5b-8c6d-000000000101',
  occurredAt: '2026-01-05T02:15:00.000Z',
  branchId: 'SH-01',
  activityId: 'ACT-1',
  consultantId: 'E-7',
  kind: 'call',
  leadId: 'L-1',
  customerId: null,
  note: null,
};

const consultant: EmployeeAssignmentInfo = { employeeId: 'E-7', branchId: 'SH-01', department: 'sales', role: 'sales_consultant', effectiveFrom: '2025-06-01' };
const facts = (assignment: EmployeeAssignmentInfo | null): SalesActivityFacts => ({ businessDate: '2026-01-05', assignment });

const activity = { decide: decideSalesActivity, evolve: evolveSalesActivity, initialState: initialSalesActivity, streamId: 'sales-activity-ACT-1' };
const given = DeciderSpecification.for(activity);

describe('SalesActivity', () => {
  it('logs a call of a sales consultant of the branch', () => {
    given()
      .when(log, facts(consultant))
      .then([
        {
          type: 'SalesActivityLogged',
          schemaVersion: 1,
          eventId: log.eventId,
          branchId: 'SH-01',
          payload: { activityId: 'ACT-1', consultantId: 'E-7', kind: 'call', leadId: 'L-1', customerId: null, note: null },
        },
      ]);
  });

  it('logs a visit with a customer and a note', () => {
    given()
      .when({ ...log, kind: 'visit', leadId: null, customerId: 'C-9', note: 'showroom visit' }, facts(consultant))
      .then([{ type: 'SalesActivityLogged', payload: { kind: 'visit', customerId: 'C-9', note: 'showroom visit' } }]);
  });

  it('logs an activity once', () => {
    const logged = decideSalesActivity(log, initialSalesActivity, facts(consultant));
    given(logged).when(log, facts(consultant)).thenThrows(SalesActivityAlreadyLoggedError);
  });

  it('refuses an employee who is not a sales consultant of the branch on the business date', () => {
    given()
      .when(log, facts(null))
      .thenThrows(NotASalesConsultantError, /is not a sales consultant of branch SH-01/);
    // Another branch's assignment is not told (it may be outside the caller's scope).
    given()
      .when(log, facts({ ...consultant, branchId: 'BJ-01' }))
      .thenThrows(NotASalesConsultantError, /^employee E-\S+ is not a sales consultant of branch SH-01 on \d{4}-\d{2}-\d{2}$/);
    const message = ((): string => {
      try {
        decideSalesActivity(log, initialSalesActivity, facts({ ...consultant, branchId: 'BJ-01' }));
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toBe('employee E-7 is not a sales consultant of branch SH-01 on 2026-01-05');
    expect(message).not.toMatch(/BJ-01|sales_consultant|2025-06-01/);
    given()
      .when(log, facts({ ...consultant, role: 'manager' }))
      .thenThrows('NOT_A_SALES_CONSULTANT');
  });

  it('refuses a kind outside the published list and a note over 500 characters', () => {
    given()
      .when({ ...log, kind: 'email' as LogSalesActivity['kind'] }, facts(consultant))
      .thenThrows(InvalidSalesActivityError);
    given()
      .when({ ...log, note: 'x'.repeat(501) }, facts(consultant))
      .thenThrows(InvalidSalesActivityError);
  });
});
