import { CommandOutcome } from '@app/event-store';
import { Command } from '@nestjs/cqrs';
import { ClassConstructor } from 'class-transformer';
import { WriteContext } from '../access';
import { CommandContext } from './command-context';

/**
 * One command a bounded context accepts, usable from its own HTTP endpoint and from the
 * context's batch endpoint: the request DTO, the path parameters it needs, and how the validated
 * request becomes a command for the CommandBus.
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
  toCommand(dto: TDto, params: Readonly<Record<string, string>>, context: CommandContext): Command<CommandOutcome<TResult>>;
}

export function defineCommandRoute<TDto extends object, TResult>(route: CommandRoute<TDto, TResult>): CommandRoute<TDto, TResult> {
  return route;
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
