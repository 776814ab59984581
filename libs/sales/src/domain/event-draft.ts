import { DomainError, EventDefinition, NewEvent, payloadProblems } from '@app/contracts';

/** What a decide function knows of one event before the schema check. */
export interface EventDraft<TPayload> {
  readonly eventId: string;
  readonly occurredAt: string;
  readonly branchId: string;
  readonly payload: TPayload;
}

/**
 * One event of `definition`, its payload checked against the published schema: a payload the
 * consumers would refuse is refused here (`invalid` builds the error), never stored.
 */
export function eventOf<TPayload>(
  definition: EventDefinition,
  draft: EventDraft<TPayload>,
  invalid: (message: string) => DomainError,
): NewEvent<string, TPayload> {
  const problems = payloadProblems(definition, draft.payload);
  if (problems.length > 0) throw invalid(problems.join('; '));
  return {
    eventId: draft.eventId,
    type: definition.type,
    schemaVersion: definition.schemaVersion,
    occurredAt: draft.occurredAt,
    branchId: draft.branchId,
    payload: draft.payload,
  };
}
