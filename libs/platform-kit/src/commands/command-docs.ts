import { StreamCommandResult } from '@app/event-store';
import { applyDecorators, Type } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiHeader, ApiOperation, ApiParam, ApiProperty, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { WriteContext } from '../access';
import { ApiErrorResponses, causes, ErrorBodyDto, ErrorCauses, GATE_REFUSALS } from '../api-docs';
import { REPLAYED_HEADER } from './command-dispatcher';
import { CommandRoute, pathParams } from './command-route';

/** The answer of a command that appended to (or found nothing to append to) one stream. */
export class StreamCommandResultDto implements StreamCommandResult {
  @ApiProperty({ example: 'repair-order-RO-1', description: 'The stream the events were appended to' })
  streamId!: string;

  @ApiProperty({ example: 1, description: "The stream's version after the command; send it as If-Match to guard the next change" })
  streamVersion!: number;

  @ApiProperty({ type: [String], description: 'Ids of the events appended (empty when nothing was appended)' })
  eventIds!: string[];

  @ApiProperty({
    type: [String],
    example: ['1042'],
    description: "The event store's global position of each event, in the order of eventIds (decimal strings: positions are 64-bit)",
  })
  positions!: string[];

  @ApiProperty({
    type: String,
    nullable: true,
    example: '1042',
    description:
      "The position of the last event appended (null when nothing was). Send it as minPosition with a report to read figures that include this command (read-your-writes); a replay answers the first attempt's position",
  })
  position!: string | null;
}

export class BatchItemResultDto {
  @ApiProperty({ example: 0, description: 'Position of the item in the request' })
  index!: number;

  @ApiProperty({ example: 'DeliverVehicle' })
  command!: string;

  @ApiProperty({ example: 201, description: 'The status the single endpoint would have answered' })
  status!: number;

  @ApiProperty({ description: 'True when this is the stored answer of an earlier attempt with the same key: nothing was appended now' })
  replayed!: boolean;

  @ApiProperty({
    description: "The single endpoint's answer: its success body, or the error body when status is 400 or more",
    oneOf: [{ $ref: getSchemaPath(StreamCommandResultDto) }, { $ref: getSchemaPath(ErrorBodyDto) }],
  })
  body!: unknown;
}

export class BatchResponseDto {
  @ApiProperty({ type: [BatchItemResultDto] })
  results!: BatchItemResultDto[];

  @ApiProperty({ example: 3 })
  succeeded!: number;

  @ApiProperty({ example: 1 })
  failed!: number;
}

/** What a write route says about its Idempotency-Key header. */
export type IdempotencyKeyDocs = { readonly required: boolean; readonly description?: string } | 'none';

export interface WriteRouteDocs {
  readonly context: WriteContext;
  readonly idempotencyKey: IdempotencyKeyDocs;
  /** The stream If-Match names, when the route takes one. */
  readonly ifMatch?: string;
  /** The media type of the body: a request in another is refused with 415. */
  readonly mediaType?: 'application/json' | 'multipart/form-data';
  /** The route's own causes by status (400, 404, 409, 422), joined with those every write has. */
  readonly errors?: ErrorCauses;
  /** A body a 400 may have instead of the error body (the plan import's report). */
  readonly badRequestBody?: Type<unknown>;
}

function forbidden(context: WriteContext): string {
  return context === 'org'
    ? "The caller may not change head office's data (ROLE_FORBIDDEN); nothing was appended"
    : `The caller's role (or integration account) may not record ${context} facts (ROLE_FORBIDDEN), or the branch is outside its scope (OUT_OF_SCOPE); nothing was appended`;
}

/**
 * What every write route (command, batch, plan import) shares in the OpenAPI document: the bearer
 * token, the headers it reads, and the refusals of the gate and the body parser, each with the
 * platform's error body; plus the route's own causes.
 */
export function ApiWriteRoute(docs: WriteRouteDocs): MethodDecorator {
  const key = docs.idempotencyKey;
  const headers = [
    ...(key === 'none'
      ? []
      : [
          ApiHeader({
            name: 'Idempotency-Key',
            required: key.required,
            description:
              key.description ??
              'A retry with the same key returns the first answer and appends nothing (keys belong to their caller); 1 to 200 letters, digits, ".", "_", ":" or "-"',
          }),
        ]),
    ...(docs.ifMatch === undefined
      ? []
      : [ApiHeader({ name: 'If-Match', required: false, description: `Expected version of ${docs.ifMatch}, e.g. "0" for a new one; a stale one is a 409` })]),
    ApiHeader({
      name: 'X-Correlation-Id',
      required: false,
      description: 'Correlates the events with other work (a new id when absent); 1 to 128 letters, digits, ".", "_", ":", "@" or "-"',
    }),
    ApiHeader({ name: 'X-Causation-Id', required: false, description: 'The id of the message that caused this request' }),
    ApiHeader({
      name: 'X-On-Behalf-Of',
      required: false,
      description:
        'Integration accounts only: the dealer-system user the account acts for, recorded on the events beside the account (400 INVALID_HEADER from anyone else)',
    }),
  ];
  const own = docs.errors ?? {};
  const mediaType = docs.mediaType ?? 'application/json';
  const badRequest = causes('Invalid fields, one message per field (VALIDATION_FAILED), or an invalid header (INVALID_HEADER)', own[400]);
  return applyDecorators(
    ApiBearerAuth(),
    ...headers,
    ...(docs.badRequestBody
      ? [
          ApiExtraModels(ErrorBodyDto, docs.badRequestBody),
          ApiResponse({
            status: 400,
            description: badRequest,
            schema: { oneOf: [{ $ref: getSchemaPath(ErrorBodyDto) }, { $ref: getSchemaPath(docs.badRequestBody) }] },
          }),
        ]
      : []),
    ApiErrorResponses({
      ...own,
      400: docs.badRequestBody ? undefined : badRequest,
      ...GATE_REFUSALS,
      403: forbidden(docs.context),
      413: 'The body is larger than the limit (PAYLOAD_TOO_LARGE)',
      415: `The body is not ${mediaType} (UNSUPPORTED_MEDIA_TYPE)`,
      503: causes(GATE_REFUSALS[503], 'or the event store is unavailable (STORE_UNAVAILABLE): retry with the same Idempotency-Key'),
    }),
  );
}

/** The OpenAPI description of a command's single endpoint, from its route. */
export function ApiCommandRoute(route: CommandRoute): MethodDecorator {
  const { docs } = route;
  const stream = docs.stream ?? 'the stream';
  const etag = route.etag !== false;
  const keyRequired = route.requiresIdempotencyKey === true;
  return applyDecorators(
    ApiOperation({ summary: docs.summary, operationId: route.name }),
    ...pathParams(route.path).map((name) =>
      ApiParam({ name, description: docs.params?.[name] ?? '1 to 64 letters, digits, ".", "_", ":" or "-"', schema: { type: 'string', maxLength: 64 } }),
    ),
    ApiResponse({
      status: route.successStatus,
      description: docs.success,
      type: docs.result ?? StreamCommandResultDto,
      headers: {
        ...(etag
          ? { ETag: { description: `The new version of ${stream}, e.g. "2": send it as If-Match with the next change`, schema: { type: 'string' } } }
          : {}),
        [REPLAYED_HEADER]: {
          description: 'true when this is the stored answer of an earlier request with the same Idempotency-Key',
          schema: { type: 'string', enum: ['true', 'false'] },
        },
      },
    }),
    ApiWriteRoute({
      context: route.context,
      idempotencyKey: {
        required: keyRequired,
        ...(keyRequired
          ? { description: docs.idempotencyKey ?? `Required: ${route.name} has no id of its own, so only the key tells a retry from a second request` }
          : {}),
      },
      ifMatch: stream,
      errors: {
        400: causes(keyRequired ? 'No Idempotency-Key (IDEMPOTENCY_KEY_REQUIRED)' : undefined, docs.badRequest),
        404: docs.notFound,
        409: causes(docs.conflict, `${stream} changed since the If-Match version (STREAM_VERSION_CONFLICT)`),
        422: causes(docs.unprocessable, 'the Idempotency-Key was used before for another request (IDEMPOTENCY_KEY_REUSED)'),
      },
    }),
  );
}

/** The OpenAPI description of a context's batch endpoint. */
export function ApiBatchRoute(context: WriteContext, routes: readonly CommandRoute[], maxItems: number): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(StreamCommandResultDto, ErrorBodyDto),
    ApiOperation({ summary: `Up to ${maxItems} ${context} commands in one request, run in order, each with its own idempotency key and answer` }),
    ApiResponse({
      status: 200,
      description: `Every item answered on its own (a refused item appends nothing and does not stop the rest): ${routes.map((r) => r.name).join(', ')}`,
      type: BatchResponseDto,
    }),
    ApiWriteRoute({ context, idempotencyKey: 'none', errors: { 400: 'More items than allowed, or an item without a command, an idempotencyKey or a body' } }),
  );
}
