import { z } from 'zod';
import { zodProblems } from './schema';
import { BoundedContext } from './topics';
import { Problems } from './validation';

/** One published version of one event type. Published versions are never edited. */
export interface EventDefinition<TType extends string = string, TSchema extends z.ZodType = z.ZodType> {
  readonly type: TType;
  readonly schemaVersion: number;
  readonly context: BoundedContext;
  readonly description: string;
  readonly schema: TSchema;
  /** Only for a superseded version: lifts its payload to the next version. */
  readonly upcast?: (payload: z.infer<TSchema>) => unknown;
}

export type PayloadOf<D extends EventDefinition> = z.infer<D['schema']>;

export function defineEvent<const TType extends string, TSchema extends z.ZodType>(
  definition: EventDefinition<TType, TSchema>,
): EventDefinition<TType, TSchema> {
  return definition;
}

/**
 * Checks a payload of exactly this version; returns the problems found (empty when valid). Never
 * throws: zod still runs an object's refinements after one of its fields failed its own check, and a
 * refinement doing arithmetic on that malformed field would throw; that is a problem of the payload
 * (a 400, a dead letter), not a crash of the caller.
 */
export function payloadProblems(definition: EventDefinition, payload: unknown): Problems {
  let result: ReturnType<typeof definition.schema.safeParse>;
  try {
    result = definition.schema.safeParse(payload);
  } catch (error) {
    return [`payload is malformed: ${error instanceof Error ? error.message : String(error)}`];
  }
  return result.success ? [] : zodProblems(result.error);
}
