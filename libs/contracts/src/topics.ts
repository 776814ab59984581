/** Kafka topics: one per bounded context, each with a dead-letter topic beside it. */
export const BOUNDED_CONTEXTS = ['sales', 'workshop', 'parts', 'org'] as const;
export type BoundedContext = (typeof BOUNDED_CONTEXTS)[number];

/**
 * `prefix` lets several environments (or test files) share one broker without seeing each
 * other's events; production leaves it empty.
 */
export function topicFor(context: BoundedContext, prefix = ''): string {
  return `${prefix}dealer.${context}.events`;
}

export function dlqTopicFor(topic: string): string {
  return `${topic}.dlq`;
}

/** Kafka message headers the relay sets on every event. */
export const HEADER_EVENT_TYPE = 'event-type';
export const HEADER_SCHEMA_VERSION = 'schema-version';
export const HEADER_EVENT_ID = 'event-id';
/** Headers the DLQ adds. */
export const HEADER_DLQ_REASON = 'dlq-reason';
export const HEADER_DLQ_SOURCE = 'dlq-source';
