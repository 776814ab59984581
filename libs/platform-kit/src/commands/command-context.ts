import { EventMetadata } from '@app/contracts';
import { IdempotencyKey, isValidIdempotencyKey, requestHash } from '@app/event-store';
import { BadRequestException } from '@nestjs/common';
import { Request } from 'express';
import { Principal, WriteContext } from '../access';
import { MetadataHeaders, parseIfMatch, requestMetadata } from '../request-metadata';

/** What every command carries besides its own fields: who, why, which retry, which version. */
export interface CommandContext {
  /** The authenticated caller; the dispatcher authorizes the command for it before it runs. */
  readonly caller: Principal;
  readonly metadata: EventMetadata;
  readonly idempotency?: IdempotencyKey;
  readonly expectedVersion?: number;
}

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The headers of a request that become event metadata. */
export function metadataHeadersOf(headers: Headers): MetadataHeaders {
  return {
    'x-actor-id': header(headers, 'x-actor-id'),
    'x-on-behalf-of': header(headers, 'x-on-behalf-of'),
    'x-correlation-id': header(headers, 'x-correlation-id'),
    'x-causation-id': header(headers, 'x-causation-id'),
  };
}

/**
 * The idempotency scope of a caller in a context: keys belong to their caller, so one caller's key
 * never answers or blocks another's.
 */
export function idempotencyScope(context: WriteContext, caller: Principal): string {
  return `${context}|${caller.kind}:${caller.subject}`;
}

export function idempotencyFor(
  context: WriteContext,
  caller: Principal,
  key: string | undefined,
  method: string,
  path: string,
  body: unknown,
): IdempotencyKey | undefined {
  if (key === undefined) return undefined;
  if (!isValidIdempotencyKey(key)) {
    throw new BadRequestException({
      code: 'INVALID_HEADER',
      message: 'Idempotency-Key must be 1 to 200 characters: letters, digits, ".", "_", ":" or "-"',
    });
  }
  return { scope: idempotencyScope(context, caller), key, requestHash: requestHash(method, path, body) };
}

/** The principal the authentication gate attached to the request. */
export function callerOf(request: Request): Principal {
  const caller = (request as Request & { principal?: Principal }).principal;
  // Only a route marked @Public() reaches here without one, and no command route is public.
  if (!caller) throw new Error(`command route ${request.method} ${request.path} was reached without the authentication gate`);
  return caller;
}

/** The command context of an HTTP request: the caller, X-On-Behalf-Of, X-Correlation-Id, Idempotency-Key, If-Match. */
export function commandContextOf(request: Request, context: WriteContext): CommandContext {
  const headers = request.headers as Headers;
  const caller = callerOf(request);
  const metadata = requestMetadata(caller, metadataHeadersOf(headers));
  const idempotency = idempotencyFor(context, caller, header(headers, 'idempotency-key'), request.method, request.path, request.body);
  const expectedVersion = parseIfMatch(header(headers, 'if-match'));
  return {
    caller,
    metadata,
    ...(idempotency ? { idempotency } : {}),
    ...(expectedVersion !== undefined ? { expectedVersion } : {}),
  };
}
