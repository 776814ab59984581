import { BoundedContext } from './topics';
import { Problems } from './validation';

/** One published version of one event type. Published versions are never edited. */
export interface EventDefinition<TType extends string = string, TPayload = unknown> {
  readonly type: TType;
  readonly schemaVersion: number;
  readonly context: BoundedContext;
  readonly description: string;
  /** Checks a payload of exactly this version; returns the problems found (empty when valid). */
  validate(payload: unknown): Problems;
  /** Only for a superseded version: lifts its payload to the next version. */
  upcast?: (payload: TPayload) => unknown;
  /** Compile-time marker for the payload type; never set at run time. */
  readonly __payload?: TPayload;
}
