import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOperation,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

export interface PartsCommandDocs {
  readonly summary: string;
  readonly created: string;
  readonly conflict: string;
  readonly unprocessable?: string;
  /** The stream the command appends to (its version is the ETag and the If-Match). */
  readonly stream?: string;
}

/** The OpenAPI description every parts command endpoint shares: headers, statuses and their causes. */
export function ApiPartsCommand(docs: PartsCommandDocs): MethodDecorator {
  const stream = docs.stream ?? "the branch's parts stock ledger";
  return applyDecorators(
    ApiOperation({ summary: docs.summary }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' }),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: `Expected version of ${stream} (the ETag of an earlier answer)`,
    }),
    ApiHeader({ name: 'X-Actor-Id', required: false, description: 'Who recorded it' }),
    ApiCreatedResponse({ description: `${docs.created}; ETag is the new version of ${stream}` }),
    ApiBadRequestResponse({ description: 'Invalid fields, unknown or closed branch, or money not in the branch currency' }),
    ApiConflictResponse({ description: `${docs.conflict}, or ${stream} changed since the If-Match version` }),
    ApiUnprocessableEntityResponse({
      description: docs.unprocessable ?? 'The Idempotency-Key was used before for a different request',
    }),
  );
}
