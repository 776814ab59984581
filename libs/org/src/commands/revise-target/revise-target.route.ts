import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { targetCellOf } from '../shared/target-cell.dto';
import { ReviseTargetCommand } from './revise-target.command';
import { ReviseTargetRequest } from './revise-target.request.dto';

export const reviseTargetRoute = defineCommandRoute<ReviseTargetRequest, StreamCommandResult>({
  name: 'ReviseTarget',
  context: 'org',
  dto: ReviseTargetRequest,
  path: '/api/v1/org/targets/revisions',
  successStatus: 201,
  etag: false,
  docs: {
    summary: 'Revise the target of a KPI for a unit and month (TargetRevised, a new version)',
    success: 'A new version of the target cell; the superseded one is kept',
    badRequest:
      'The value and unit are those of the version in force; or the new version breaks a target rule, as for SetTarget (UNKNOWN_KPI, KPI_TAKES_NO_TARGET, TARGET_CURRENCY_MISMATCH, NEGATIVE_TARGET)',
    notFound: 'The cell was never set',
    conflict: 'Another version than supersedesVersion is in force',
    stream: 'the target cell',
  },
  toCommand: (dto, _params, context) =>
    new ReviseTargetCommand(
      {
        type: 'ReviseTarget',
        eventId: randomUUID(),
        occurredAt: new Date().toISOString(),
        cell: targetCellOf(dto),
        value: dto.value,
        unit: dto.unit,
        supersedesVersion: dto.supersedesVersion,
        reason: dto.reason ?? null,
      },
      context,
    ),
});
