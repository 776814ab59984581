import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { ClosePeriodCommand } from './close-period.command';
import { ClosePeriodRequest } from './close-period.request.dto';

export const closePeriodRoute = defineCommandRoute<ClosePeriodRequest, StreamCommandResult>({
  name: 'ClosePeriod',
  context: 'org',
  dto: ClosePeriodRequest,
  path: '/api/v1/org/periods/:period/close',
  successStatus: 201,
  etag: false,
  docs: {
    summary: 'Close a month (PeriodClosed): its figures are kept "as closed" beside later restatements',
    success: 'The month is closed: reports show its "as closed" figures beside restatements',
    badRequest: 'Not a month (INVALID_PERIOD)',
    conflict: 'Already closed (PERIOD_ALREADY_CLOSED) or not ended yet (PERIOD_NOT_ENDED)',
    params: { period: 'The month to close, YYYY-MM, e.g. 2026-01' },
    stream: 'the period',
  },
  toCommand: (dto, params, context) =>
    new ClosePeriodCommand(
      { type: 'ClosePeriod', eventId: randomUUID(), occurredAt: new Date().toISOString(), period: params.period ?? '', reason: dto.reason ?? null },
      context,
    ),
});
