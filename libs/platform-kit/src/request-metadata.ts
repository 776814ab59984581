import { EventMetadata } from '@app/contracts';
import { currentCorrelationId } from '@app/observability';
import { BadRequestException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { actorOf, Principal } from './access';

const ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/** The headers a command reads besides its body. */
export interface MetadataHeaders {
  readonly 'x-actor-id'?: string | undefined;
  readonly 'x-on-behalf-of'?: string | undefined;
  readonly 'x-correlation-id'?: string | undefined;
  readonly 'x-causation-id'?: string | undefined;
}

/**
 * Event metadata of a command: the actor is the authenticated principal, never a name the request
 * supplies (`X-Actor-Id` is refused with a 400 that says so). An integration may name the
 * dealer-system user it acts for with `X-On-Behalf-Of`, kept on the actor as `onBehalfOf`.
 * Correlation and causation ids come from their headers; without X-Correlation-Id the request's own
 * id (the one its log lines and its X-Correlation-Id response header carry) is recorded.
 */
export function requestMetadata(caller: Principal, headers: MetadataHeaders): EventMetadata {
  if (headers['x-actor-id'] !== undefined) {
    throw new BadRequestException({
      code: 'INVALID_HEADER',
      message: 'X-Actor-Id is not accepted: the actor of every event is the authenticated caller; an integration names its own user with X-On-Behalf-Of',
    });
  }
  const onBehalfOf = headers['x-on-behalf-of'];
  const correlationId = headers['x-correlation-id'];
  const causationId = headers['x-causation-id'];
  for (const [name, value] of [
    ['X-On-Behalf-Of', onBehalfOf],
    ['X-Correlation-Id', correlationId],
    ['X-Causation-Id', causationId],
  ] as const) {
    if (value !== undefined && !ID.test(value)) {
      throw new BadRequestException({ code: 'INVALID_HEADER', message: `${name} must match ${ID.source}` });
    }
  }
  if (onBehalfOf !== undefined && caller.kind !== 'integration') {
    throw new BadRequestException({ code: 'INVALID_HEADER', message: 'X-On-Behalf-Of is for integration accounts only' });
  }
  return {
    actor: actorOf(caller, onBehalfOf),
    correlationId: correlationId ?? currentCorrelationId() ?? randomUUID(),
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
