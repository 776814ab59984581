import { CommandOutcome } from '@app/event-store';
import { Command } from '@nestjs/cqrs';
import { ClassConstructor } from 'class-transformer';
import { WriteContext } from '../access';
import { CommandContext } from './command-context';

/**
 * What the OpenAPI document says about a command's single endpoint besides what every command
 * shares (token, headers, 401/403/413/415/429/503): the causes each status has for this command.
 */
export interface CommandRouteDocs {
  /** One line: what the command records, e.g. `Record the delivery of a vehicle sale (VehicleDelivered)`. */
  readonly summary: string;
  /** What the success answer means. */
  readonly success: string;
  /** Causes of a 400 besides invalid fields and headers (those are documented for every command). */
  readonly badRequest?: string;
  readonly notFound?: string;
  /** Causes of a 409 besides a stale If-Match (documented for every command). */
  readonly conflict?: string;
  /** Causes of a 422 besides an Idempotency-Key used for another request (documented for every command). */
  readonly unprocessable?: string;
  /** Description of each path parameter, by name. */
  readonly params?: Readonly<Record<string, string>>;
  /** The stream whose version If-Match expects and the ETag gives, e.g. `the sale`; default `the stream`. */
  readonly stream?: string;
  /** What the Idempotency-Key protects, when the command requires one. */
  readonly idempotencyKey?: string;
  /** The success body's class, when it is not a `StreamCommandResult` (streamId, streamVersion, eventIds). */
  readonly result?: ClassConstructor<unknown>;
}

/** Path parameters: 1 to 64 letters, digits, ".", "_", ":" or "-" (as the batch endpoint checks them). */
export const PATH_PARAM_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * One command a bounded context accepts, usable from its own HTTP endpoint and from the
 * context's batch endpoint: the request DTO, the path parameters it needs, how the validated
 * request becomes a command for the CommandBus, and what the OpenAPI document says about it.
 * The context's route table (`<CTX>_COMMAND_ROUTES`) is read by its controller
 * ({@link createCommandController}), its batch endpoint, the OpenAPI document and the
 * authorization matrix test.
 */
export interface CommandRoute<TDto extends object = object, TResult = unknown> {
  /** Name in batches, e.g. `DeliverVehicle`. */
  readonly name: string;
  /**
   * The bounded context: who may issue it (head office only for `org`; for the others the roles
   * of that context, in their branches; see docs/security.md).
   */
  readonly context: WriteContext;
  /**
   * The branch the command writes, which must be in the caller's scope; default: the body's
   * `branchId` (the sender for a transfer's dispatch, the receiver for its receipt). Not used for `org`.
   */
  branchOf?(dto: TDto, params: Readonly<Record<string, string>>): string | undefined;
  readonly dto: ClassConstructor<TDto>;
  /** Path template of the single endpoint, e.g. `/api/v1/sales/vehicle-sales/:vehicleSaleId/delivery`. */
  readonly path: string;
  readonly successStatus: number;
  /**
   * The single endpoint refuses a request without an `Idempotency-Key` (400
   * IDEMPOTENCY_KEY_REQUIRED). Set it on a command that adds to an existing stream without an id
   * of its own that the aggregate checks for duplicates (a payment, a test drive): each request
   * gets a fresh event id, so only the key tells a retry after a timeout from a second payment.
   * Batch items always carry a key.
   */
  readonly requiresIdempotencyKey?: boolean;
  /**
   * The single endpoint answers with `ETag: "<streamVersion>"` when the result has one (default
   * true). Org's master-data commands answer without.
   */
  readonly etag?: boolean;
  /**
   * Checks a path parameter of the single endpoint: the problem's message, or undefined when the
   * value is fine. Default: {@link PATH_PARAM_PATTERN}.
   */
  checkParam?(name: string, value: string): string | undefined;
  readonly docs: CommandRouteDocs;
  toCommand(dto: TDto, params: Readonly<Record<string, string>>, context: CommandContext): Command<CommandOutcome<TResult>>;
}

export function defineCommandRoute<TDto extends object, TResult>(route: CommandRoute<TDto, TResult>): CommandRoute<TDto, TResult> {
  return route;
}

/** The problem with a path parameter of a route's single endpoint, if any. */
export function pathParamProblem(route: CommandRoute, name: string, value: string): string | undefined {
  if (route.checkParam) return route.checkParam(name, value);
  return PATH_PARAM_PATTERN.test(value) ? undefined : `${name} must be 1 to 64 letters, digits, ".", "_", ":" or "-"`;
}

/** The parameter names of a path template: `/a/:x/b/:y` → `['x', 'y']`. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z]\w*)/g)].map((m) => m[1] ?? '');
}

/** A path template with its parameters filled in. */
export function fillPath(path: string, params: Readonly<Record<string, string>>): string {
  return path.replace(/:([A-Za-z]\w*)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

/** The branch a command of a branch context writes: `branchOf`, else the body's `branchId`. */
export function branchOfCommand<TDto extends object>(route: CommandRoute<TDto>, dto: TDto, params: Readonly<Record<string, string>>): string | undefined {
  if (route.branchOf) return route.branchOf(dto, params);
  const branchId = (dto as { branchId?: unknown }).branchId;
  return typeof branchId === 'string' ? branchId : undefined;
}
