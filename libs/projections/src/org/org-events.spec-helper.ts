import { DomainEvent, EventPayloads, EventType, GROUP_WIDE_BRANCH_ID, parseEvent } from '@app/contracts';
import { randomUUID } from 'node:crypto';

let position = 100;

/** A stored, schema-checked event of any type, as the projector receives it from Kafka. */
export function envelope<K extends EventType>(
  type: K,
  payload: EventPayloads[K],
  options: { branchId?: string; occurredAt?: string; streamId?: string } = {},
): DomainEvent {
  position += 1;
  const occurredAt = options.occurredAt ?? '2026-01-02T01:00:00.000Z';
  const raw = {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    streamId: options.streamId ?? `test-${position}`,
    streamPosition: 1,
    globalPosition: String(position),
    occurredAt,
    recordedAt: occurredAt,
    branchId: options.branchId ?? GROUP_WIDE_BRANCH_ID,
    actor: { kind: 'user', id: 'hq-1' },
    correlationId: 'c-1',
    causationId: null,
    payload,
  };
  const parsed = parseEvent(raw);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.event;
}
