import { EmployeeAssignmentInfo, EmployeeDirectory } from '@app/contracts';
import { EventStore, loadAggregate } from '@app/event-store';
import { Injectable } from '@nestjs/common';
import { assignmentOn, employeeStreamId, evolveEmployee, initialEmployee } from './domain/employee.aggregate';

/** Reads an employee's own stream: always current, one indexed query per command. */
@Injectable()
export class EventStoreEmployeeDirectory extends EmployeeDirectory {
  constructor(private readonly store: EventStore) {
    super();
  }

  async assignmentOn(employeeId: string, date: string): Promise<EmployeeAssignmentInfo | null> {
    const { state } = await loadAggregate(this.store, employeeStreamId(employeeId), initialEmployee, evolveEmployee);
    const assignment = assignmentOn(state, date);
    return assignment === null ? null : { employeeId, ...assignment };
  }
}
