import { EventEnvelope } from './envelope';
import { EventDefinition, payloadProblems } from './event-definition';
import { VehicleDelivered, VehicleDeliveredV1 } from './events/sales.events';
import { BoundedContext } from './topics';
import { isInstant, isRecord, isUuid } from './validation';

/** Every published event version. Add a version here; never edit a published one. */
export const EVENT_DEFINITIONS: readonly EventDefinition[] = [VehicleDelivered];

/** The current payload type of each event type, for exhaustive switches. */
export interface EventPayloads {
  VehicleDelivered: VehicleDeliveredV1;
}
export type EventType = keyof EventPayloads;
export type DomainEvent = { [K in EventType]: EventEnvelope<K, EventPayloads[K]> }[EventType];

const byKey = new Map(EVENT_DEFINITIONS.map((d) => [`${d.type}@${d.schemaVersion}`, d]));
const latest = new Map<string, EventDefinition>();
for (const d of EVENT_DEFINITIONS) {
  const current = latest.get(d.type);
  if (!current || current.schemaVersion < d.schemaVersion) latest.set(d.type, d);
}

export function eventDefinition(type: string, schemaVersion: number): EventDefinition | undefined {
  return byKey.get(`${type}@${schemaVersion}`);
}

export function latestDefinition(type: string): EventDefinition | undefined {
  return latest.get(type);
}

export function contextOf(type: string): BoundedContext | undefined {
  return latest.get(type)?.context;
}

export type ParseResult = { ok: true; event: DomainEvent } | { ok: false; reason: string };

/**
 * Validates an envelope read from the wire, upcasts its payload to the latest version and
 * checks it. Never throws: a bad event is a value the caller routes to the DLQ.
 */
export function parseEvent(raw: unknown): ParseResult {
  if (!isRecord(raw)) return { ok: false, reason: 'envelope is not a JSON object' };
  const envelopeProblems: string[] = [];
  if (!isUuid(raw.eventId)) envelopeProblems.push('eventId must be a UUID');
  if (typeof raw.type !== 'string') envelopeProblems.push('type must be a string');
  if (!Number.isInteger(raw.schemaVersion)) envelopeProblems.push('schemaVersion must be an integer');
  if (typeof raw.streamId !== 'string' || raw.streamId.length === 0) envelopeProblems.push('streamId must be a string');
  if (!Number.isInteger(raw.streamPosition) || (raw.streamPosition as number) < 1) {
    envelopeProblems.push('streamPosition must be a positive integer');
  }
  if (!isInstant(raw.occurredAt)) envelopeProblems.push('occurredAt must be an ISO-8601 instant');
  if (!isInstant(raw.recordedAt)) envelopeProblems.push('recordedAt must be an ISO-8601 instant');
  if (typeof raw.branchId !== 'string' || raw.branchId.length === 0) envelopeProblems.push('branchId must be a string');
  if (typeof raw.globalPosition !== 'string' || !/^\d+$/.test(raw.globalPosition)) {
    envelopeProblems.push('globalPosition must be a decimal string');
  }
  if (envelopeProblems.length > 0) return { ok: false, reason: `invalid envelope: ${envelopeProblems.join('; ')}` };

  const type = raw.type as string;
  let version = raw.schemaVersion as number;
  let definition = eventDefinition(type, version);
  if (!definition) {
    return latest.has(type)
      ? { ok: false, reason: `unknown schemaVersion ${version} of ${type}` }
      : { ok: false, reason: `unknown event type ${type}` };
  }
  let payload: unknown = raw.payload;
  const problems = payloadProblems(definition, payload);
  if (problems.length > 0) {
    return { ok: false, reason: `invalid ${type}@${version} payload: ${problems.join('; ')}` };
  }
  while (definition.upcast) {
    payload = definition.upcast(payload);
    version += 1;
    const next = eventDefinition(type, version);
    if (!next) return { ok: false, reason: `no definition for ${type}@${version} after upcasting` };
    definition = next;
  }
  return { ok: true, event: { ...(raw as unknown as DomainEvent), schemaVersion: version, payload } as DomainEvent };
}
