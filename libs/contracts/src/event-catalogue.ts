import { z } from 'zod';
import { EventEnvelope } from './envelope';
import { EventDefinition, payloadProblems } from './event-definition';
import { ORG_EVENTS } from './events/org.events';
import { PARTS_EVENTS, PARTS_SUPERSEDED } from './events/parts.events';
import { SALES_EVENTS, SALES_SUPERSEDED } from './events/sales.events';
import { WORKSHOP_EVENTS, WORKSHOP_SUPERSEDED } from './events/workshop.events';
import { BoundedContext } from './topics';
import { isInstant, isRecord, isUuid } from './validation';

/** The current version of every event type, by context. */
const CURRENT = [...SALES_EVENTS, ...WORKSHOP_EVENTS, ...PARTS_EVENTS, ...ORG_EVENTS] as const;

/**
 * Superseded versions, each with an upcaster to the next version. A published version is never
 * edited: add a version, move the old definition here, keep a fixture of it.
 */
const SUPERSEDED: readonly EventDefinition[] = [...SALES_SUPERSEDED, ...WORKSHOP_SUPERSEDED, ...PARTS_SUPERSEDED];

/** Every published event version. */
export const EVENT_DEFINITIONS: readonly EventDefinition[] = [...CURRENT, ...SUPERSEDED];

type CurrentDefinition = (typeof CURRENT)[number];
export type EventType = CurrentDefinition['type'];
/** The current payload type of each event type. */
export type EventPayloads = { [D in CurrentDefinition as D['type']]: z.infer<D['schema']> };
/** A stored event of any known type, its payload typed by `type` (switch on `type` to narrow). */
export type DomainEvent = { [K in EventType]: EventEnvelope<K, EventPayloads[K]> }[EventType];

const byKey = new Map(EVENT_DEFINITIONS.map((d) => [`${d.type}@${d.schemaVersion}`, d]));
const latest = new Map<string, EventDefinition>(CURRENT.map((d) => [d.type, d]));

if (latest.size !== CURRENT.length) throw new Error('two current definitions share an event type');
if (byKey.size !== EVENT_DEFINITIONS.length) throw new Error('two definitions share a type and version');

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
 * Validates an envelope read from the wire, checks its payload against its version's schema and
 * upcasts it to the current version. Never throws: a bad event is a value the caller routes to
 * the DLQ.
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
    return latest.has(type) ? { ok: false, reason: `unknown schemaVersion ${version} of ${type}` } : { ok: false, reason: `unknown event type ${type}` };
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
