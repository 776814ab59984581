import { StreamCommandResult } from '@app/event-store';
import { commandContextOf, CommandDispatcher, CommandRoute } from '@app/platform-kit';
import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOperation,
  ApiProperty,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Request, Response } from 'express';

/** Scope of the workshop's idempotency keys and its batch endpoint. */
export const WORKSHOP_SCOPE = 'workshop';
export const WORKSHOP_BASE_PATH = 'api/v1/workshop';

/** The answer of every workshop command. */
export class StreamCommandResultDto implements StreamCommandResult {
  @ApiProperty({ example: 'repair-order-RO-1', description: 'The stream the events were appended to' })
  streamId!: string;

  @ApiProperty({ example: 1, description: "The stream's version after the command; send it as If-Match to guard the next change" })
  streamVersion!: number;

  @ApiProperty({ type: [String], description: 'Ids of the events appended (empty when nothing was appended)' })
  eventIds!: string[];
}

export interface CommandDocs {
  readonly summary: string;
  readonly created: string;
  readonly conflict?: string;
  readonly unprocessable?: string;
  readonly notFound?: string;
}

/** The OpenAPI description every workshop command endpoint shares, plus its own answers. */
export function WorkshopCommandDocs(docs: CommandDocs): MethodDecorator {
  const decorators = [
    ApiOperation({ summary: docs.summary }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer and appends nothing' }),
    ApiHeader({ name: 'If-Match', required: false, description: 'Expected stream version, e.g. "0" for a new stream; a stale one is a 409' }),
    ApiHeader({ name: 'X-Actor-Id', required: false, description: 'Who gives the command' }),
    ApiHeader({ name: 'X-Correlation-Id', required: false }),
    ApiCreatedResponse({ description: docs.created, type: StreamCommandResultDto }),
    ApiBadRequestResponse({
      description: 'Invalid fields (one message per field), unknown or closed branch, money not in the branch currency, or a rule on the request itself',
    }),
    ApiConflictResponse({ description: `${docs.conflict ?? 'The command does not fit the current state'}; or the stream changed since If-Match` }),
    ApiUnprocessableEntityResponse({
      description: `${docs.unprocessable ? `${docs.unprocessable}; or the` : 'The'} Idempotency-Key was used before for another request`,
    }),
  ];
  if (docs.notFound) {
    decorators.push(ApiNotFoundResponse({ description: docs.notFound }));
  }
  return applyDecorators(...decorators);
}

/** Runs a route for a single HTTP request: context from the headers, status, replay header and ETag. */
export async function respondWithVersion<TDto extends object>(
  dispatcher: CommandDispatcher,
  request: Request,
  response: Response,
  route: CommandRoute<TDto, StreamCommandResult>,
  body: TDto,
  params: Readonly<Record<string, string>>,
): Promise<StreamCommandResult> {
  const result = await dispatcher.respond(response, route, body, params, commandContextOf(request, WORKSHOP_SCOPE));
  response.setHeader('ETag', `"${result.streamVersion}"`);
  return result;
}

/** A client instant as the store keeps it (UTC, milliseconds). */
export const utc = (instant: string): string => new Date(instant).toISOString();
