import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { targetCellOf } from '../shared/target-cell.dto';
import { SetTargetCommand } from './set-target.command';
import { SetTargetRequest } from './set-target.request.dto';

export const setTargetRoute = defineCommandRoute<SetTargetRequest, StreamCommandResult>({
  name: 'SetTarget',
  context: 'org',
  dto: SetTargetRequest,
  path: '/api/v1/org/targets',
  successStatus: 201,
  etag: false,
  docs: {
    summary: 'Set the target of a KPI for a unit and month (TargetSet, version 1)',
    success: 'Version 1 of the target cell (no event when the cell already has this value)',
    badRequest:
      'An unknown region, branch or employee (UNKNOWN_REGION, UNKNOWN_BRANCH, UNKNOWN_EMPLOYEE); a KPI not in the catalogue (UNKNOWN_KPI) or one that takes no target (KPI_TAKES_NO_TARGET); a money unit that is not the currency of the grain (TARGET_CURRENCY_MISMATCH); a value below zero for a KPI whose figure never is (NEGATIVE_TARGET)',
    conflict: 'The cell is set to another value: revise it',
    stream: 'the target cell',
  },
  toCommand: (dto, _params, context) =>
    new SetTargetCommand(
      { type: 'SetTarget', eventId: randomUUID(), occurredAt: new Date().toISOString(), cell: targetCellOf(dto), value: dto.value, unit: dto.unit },
      context,
    ),
});
