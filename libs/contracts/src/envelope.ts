/**
 * The envelope every business event carries. Framework-free: the services, the relay, the
 * projector and the tests all share these shapes.
 */
export type ActorKind = 'user' | 'system' | 'integration';

/** Who recorded an event: the authenticated subject, never a name the request supplies. */
export interface Actor {
  readonly kind: ActorKind;
  readonly id: string;
  /** An integration's own user in the dealer system it acts for (header X-On-Behalf-Of); labelled, never the actor. */
  readonly onBehalfOf?: string;
}

export interface EventMetadata {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string | null;
}

/** An event as a command handler decides it, before the store gives it a position. */
export interface NewEvent<TType extends string = string, TPayload = unknown> {
  readonly eventId: string;
  readonly type: TType;
  readonly schemaVersion: number;
  readonly occurredAt: string;
  readonly branchId: string;
  readonly payload: TPayload;
}

/** An event as the store keeps it and as it travels on Kafka. */
export interface EventEnvelope<TType extends string = string, TPayload = unknown> extends NewEvent<TType, TPayload>, EventMetadata {
  readonly streamId: string;
  readonly streamPosition: number;
  readonly recordedAt: string;
  /** Store-wide position, a decimal string (bigint). */
  readonly globalPosition: string;
}
