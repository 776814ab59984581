import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a correlation id may hold (the same rule as the X-Correlation-Id a command accepts). */
export const CORRELATION_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

export const CORRELATION_HEADER = 'X-Correlation-Id';

const requests = new AsyncLocalStorage<{ readonly correlationId: string }>();

/** The correlation id of the HTTP request being handled; undefined outside one. */
export function currentCorrelationId(): string | undefined {
  return requests.getStore()?.correlationId;
}

/** Runs `work` with `correlationId` as the current one (a request, a batch, a test). */
export function withCorrelationId<T>(correlationId: string, work: () => T): T {
  return requests.run({ correlationId }, work);
}

/**
 * Express middleware: the request's `X-Correlation-Id` when it is a valid id, else a new UUID,
 * made current for everything the request runs (log lines, the metadata of the events a command
 * records) and sent back in the `X-Correlation-Id` response header. An invalid header is not
 * echoed; the command routes still refuse it with 400 INVALID_HEADER.
 */
export function correlationIds(request: IncomingMessage, response: ServerResponse, next: () => void): void {
  const header = request.headers['x-correlation-id'];
  const correlationId = typeof header === 'string' && CORRELATION_ID.test(header) ? header : randomUUID();
  response.setHeader(CORRELATION_HEADER, correlationId);
  withCorrelationId(correlationId, next);
}
