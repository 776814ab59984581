let counter = 0;

/** A v4-shaped UUID for tests. */
export function testEventId(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString().padStart(12, '0')}`;
}

/** Base fields of an org command in tests. */
export function at(occurredAt = '2026-01-10T02:00:00.000Z') {
  return { eventId: testEventId(), occurredAt };
}
