import { EventMetadata } from '@app/contracts';
import { BadRequestException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

const ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/** Actor, correlation and causation ids from the request headers. */
export function requestMetadata(headers: Record<string, string | undefined>): EventMetadata {
  const actorId = headers['x-actor-id'];
  const correlationId = headers['x-correlation-id'];
  const causationId = headers['x-causation-id'];
  for (const [name, value] of [
    ['X-Actor-Id', actorId],
    ['X-Correlation-Id', correlationId],
    ['X-Causation-Id', causationId],
  ] as const) {
    if (value !== undefined && !ID.test(value)) {
      throw new BadRequestException({ code: 'INVALID_HEADER', message: `${name} must match ${ID.source}` });
    }
  }
  return {
    actor: actorId ? { kind: 'user', id: actorId } : { kind: 'integration', id: 'anonymous' },
    correlationId: correlationId ?? randomUUID(),
    causationId: causationId ?? null,
  };
}

/** `If-Match: "3"` → 3. Absent → undefined. Anything else is a 400. */
export function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(value.trim());
  if (!match) {
    throw new BadRequestException({ code: 'INVALID_HEADER', message: 'If-Match must be a stream version such as "3"' });
  }
  return Number(match[1]);
}
