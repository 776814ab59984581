import { NewEvent } from './envelope';
import { EventDefinition, PayloadOf, payloadProblems } from './event-definition';

/** What every command carries into the events it decides. */
export interface EventOrigin {
  readonly eventId: string;
  readonly occurredAt: string;
  readonly branchId: string;
}

/**
 * Builds a context's error for a payload its schema refuses: `message` joins the problems with
 * "; ", `type` names the event.
 */
export type InvalidEventError = (message: string, type: string) => Error;

/**
 * One event of `definition`, its payload checked against the published schema: a payload the
 * consumers would refuse is refused here (the context's `invalid` builds the error, a 400), never
 * stored. The one event builder of every decide function and of the tests.
 */
export function buildEvent<D extends EventDefinition>(
  definition: D,
  origin: EventOrigin,
  payload: PayloadOf<D>,
  invalid: InvalidEventError,
): NewEvent<D['type'], PayloadOf<D>> {
  const problems = payloadProblems(definition, payload);
  if (problems.length > 0) throw invalid(problems.join('; '), definition.type);
  return {
    eventId: origin.eventId,
    type: definition.type,
    schemaVersion: definition.schemaVersion,
    occurredAt: origin.occurredAt,
    branchId: origin.branchId,
    payload,
  };
}
