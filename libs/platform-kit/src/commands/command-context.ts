import { EventMetadata } from '@app/contracts';
import { IdempotencyKey, isValidIdempotencyKey, requestHash } from '@app/event-store';
import { BadRequestException } from '@nestjs/common';
import { Request } from 'express';
import { parseIfMatch, requestMetadata } from '../request-metadata';

/** What every command carries besides its own fields: who, why, which retry, which version. */
export interface CommandContext {
  readonly metadata: EventMetadata;
  readonly idempotency?: IdempotencyKey;
  readonly expectedVersion?: number;
}

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function idempotencyFor(scope: string, key: string | undefined, method: string, path: string, body: unknown): IdempotencyKey | undefined {
  if (key === undefined) return undefined;
  if (!isValidIdempotencyKey(key)) {
    throw new BadRequestException({
      code: 'INVALID_HEADER',
      message: 'Idempotency-Key must be 1 to 200 characters: letters, digits, ".", "_", ":" or "-"',
    });
  }
  return { scope, key, requestHash: requestHash(method, path, body) };
}

/** The command context of an HTTP request: X-Actor-Id, X-Correlation-Id, Idempotency-Key, If-Match. */
export function commandContextOf(request: Request, scope: string): CommandContext {
  const headers = request.headers as Headers;
  const metadata = requestMetadata({
    'x-actor-id': header(headers, 'x-actor-id'),
    'x-correlation-id': header(headers, 'x-correlation-id'),
    'x-causation-id': header(headers, 'x-causation-id'),
  });
  const idempotency = idempotencyFor(scope, header(headers, 'idempotency-key'), request.method, request.path, request.body);
  const expectedVersion = parseIfMatch(header(headers, 'if-match'));
  return {
    metadata,
    ...(idempotency ? { idempotency } : {}),
    ...(expectedVersion !== undefined ? { expectedVersion } : {}),
  };
}
