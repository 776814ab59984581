import { Body, Controller, HttpCode, Inject, Post, Req, Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { plainToInstance, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, IsOptional, IsString, Length, Matches, validate, ValidateNested } from 'class-validator';
import { Request } from 'express';
import { ErrorBody, errorBodyOf, VALIDATION_OPTIONS, validationErrorBody } from '../http-errors';
import { Principal, WriteContext, WritesContext } from '../access';
import { requestMetadata } from '../request-metadata';
import { callerOf, CommandContext, idempotencyFor, idempotencyScope, metadataHeadersOf } from './command-context';
import { ApiBatchRoute } from './command-docs';
import { CommandDispatcher } from './command-dispatcher';
import { CommandRoute, fillPath, pathParams } from './command-route';

export const MAX_BATCH_ITEMS = 1000;
const PARAM = /^[A-Za-z0-9._:-]{1,64}$/;

export class BatchItemDto {
  @ApiProperty({ example: 'DeliverVehicle', description: 'Command name, as listed for the batch endpoint' })
  @IsString()
  @Length(1, 64)
  command!: string;

  @ApiProperty({ example: 'dms-42:delivery:VS-1', description: 'Required: makes the item safe to send again' })
  @Matches(/^[A-Za-z0-9._:-]{1,200}$/, { message: 'idempotencyKey must be 1 to 200 letters, digits, ".", "_", ":" or "-"' })
  idempotencyKey!: string;

  @ApiPropertyOptional({ example: { vehicleSaleId: 'VS-1' }, description: 'Path parameters of the single endpoint' })
  @IsOptional()
  @IsObject()
  params?: Record<string, string>;

  @ApiProperty({ description: 'The body the single endpoint takes' })
  @IsObject()
  body!: Record<string, unknown>;
}

export class BatchRequestDto {
  @ApiProperty({ type: [BatchItemDto], maxItems: MAX_BATCH_ITEMS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => BatchItemDto)
  items!: BatchItemDto[];
}

export interface BatchItemResult {
  readonly index: number;
  readonly command: string;
  readonly status: number;
  readonly replayed: boolean;
  readonly body: unknown;
}

export interface BatchResponse {
  readonly results: BatchItemResult[];
  readonly succeeded: number;
  readonly failed: number;
}

function failure(index: number, command: string, body: ErrorBody): BatchItemResult {
  return { index, command, status: body.statusCode, replayed: false, body };
}

/**
 * Runs batch items one after another, in order, each in its own transaction and with its own
 * idempotency key (the caller's): a retried batch applies nothing twice, and one bad item does not
 * stop the rest. Each item is authorized on its own (403 ROLE_FORBIDDEN / OUT_OF_SCOPE in its result).
 */
export async function runBatch(
  scope: WriteContext,
  routes: ReadonlyMap<string, CommandRoute>,
  dispatcher: CommandDispatcher,
  request: BatchRequestDto,
  caller: Principal,
  metadata: CommandContext['metadata'],
): Promise<BatchResponse> {
  const results: BatchItemResult[] = [];
  // A batch sent again answers its items from their stored answers (one lookup for the batch).
  const answered = await dispatcher.answeredKeys(
    idempotencyScope(scope, caller),
    request.items.map((item) => item.idempotencyKey),
  );
  for (const [index, item] of request.items.entries()) {
    const route = routes.get(item.command);
    if (!route) {
      results.push(
        failure(index, item.command, {
          statusCode: 400,
          code: 'UNKNOWN_COMMAND',
          message: `unknown command ${item.command}; known: ${[...routes.keys()].join(', ')}`,
        }),
      );
      continue;
    }
    const params = item.params ?? {};
    const badParams = pathParams(route.path).filter((name) => typeof params[name] !== 'string' || !PARAM.test(params[name]));
    if (badParams.length > 0) {
      results.push(
        failure(index, item.command, {
          statusCode: 400,
          code: 'VALIDATION_FAILED',
          message: `params ${badParams.join(', ')} must be 1 to 64 letters, digits, ".", "_", ":" or "-"`,
          errors: badParams.map((name) => ({ field: `params.${name}`, messages: ['required path parameter'] })),
        }),
      );
      continue;
    }
    const dto = plainToInstance(route.dto, item.body);
    const errors = await validate(dto, VALIDATION_OPTIONS);
    if (errors.length > 0) {
      results.push(failure(index, item.command, validationErrorBody(errors)));
      continue;
    }
    try {
      const context: CommandContext = {
        caller,
        metadata,
        idempotency: idempotencyFor(scope, caller, item.idempotencyKey, 'POST', fillPath(route.path, params), item.body),
      };
      const outcome = await dispatcher.dispatch(route, dto, params, context, answered.has(item.idempotencyKey));
      results.push({ index, command: item.command, status: outcome.statusCode, replayed: outcome.replayed, body: outcome.body });
    } catch (error) {
      results.push(failure(index, item.command, errorBodyOf(error)));
    }
  }
  const failed = results.filter((r) => r.status >= 400).length;
  return { results, succeeded: results.length - failed, failed };
}

/** A `POST <basePath>/batch` controller for a bounded context's commands. */
export function createBatchController(scope: WriteContext, basePath: string, routes: readonly CommandRoute[]): ClassType<unknown> {
  const byName = new Map(routes.map((r) => [r.name, r]));

  @WritesContext(scope)
  @ApiTags(scope)
  @Controller(basePath)
  class BatchController {
    constructor(@Inject(CommandDispatcher) private readonly dispatcher: CommandDispatcher) {}

    @Post('batch')
    @HttpCode(200)
    @ApiBatchRoute(scope, routes, MAX_BATCH_ITEMS)
    batch(@Body() body: BatchRequestDto, @Req() request: Request): Promise<BatchResponse> {
      const caller = callerOf(request);
      const metadata = requestMetadata(caller, metadataHeadersOf(request.headers));
      return runBatch(scope, byName, this.dispatcher, body, caller, metadata);
    }
  }
  Object.defineProperty(BatchController, 'name', { value: `${scope[0]?.toUpperCase() ?? ''}${scope.slice(1)}BatchController` });
  return BatchController;
}
