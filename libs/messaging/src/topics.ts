import { BOUNDED_CONTEXTS, dlqTopicFor, topicFor } from '@app/contracts';
import { Kafka } from 'kafkajs';
import { KafkaSettings } from './kafka.config';

/** Every context topic and its dead-letter topic under the configured prefix. */
export function allTopics(prefix: string): string[] {
  return BOUNDED_CONTEXTS.flatMap((context) => {
    const topic = topicFor(context, prefix);
    return [topic, dlqTopicFor(topic)];
  });
}

/** Creates the topics that do not exist yet. */
export async function ensureTopics(kafka: Kafka, settings: KafkaSettings, topics = allTopics(settings.topicPrefix)): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: settings.partitions,
          replicationFactor: settings.replicationFactor,
        })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}
