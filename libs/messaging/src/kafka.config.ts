import { Logger } from '@nestjs/common';
import { Kafka, logLevel, LogEntry } from 'kafkajs';

export interface KafkaSettings {
  readonly brokers: string[];
  readonly clientId: string;
  /** Prepended to every topic name; lets environments (or test files) share a broker. */
  readonly topicPrefix: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /**
   * How long the broker waits for a silent consumer before it gives its partitions to another
   * member (KAFKA_SESSION_TIMEOUT_MS, default 30 s): after a crash (kill -9, OOM) the group is
   * stalled for up to this long. The broker refuses values outside its group.min/max.session.timeout.ms.
   */
  readonly sessionTimeoutMs?: number;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, not ${JSON.stringify(raw)}`);
  return value;
}

export function kafkaSettingsFromEnv(env: NodeJS.ProcessEnv, clientId: string): KafkaSettings {
  const brokers = (env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set');
  return {
    brokers,
    clientId,
    topicPrefix: env.KAFKA_TOPIC_PREFIX ?? '',
    partitions: positiveInt(env, 'KAFKA_TOPIC_PARTITIONS', 6),
    replicationFactor: positiveInt(env, 'KAFKA_REPLICATION_FACTOR', 1),
    sessionTimeoutMs: positiveInt(env, 'KAFKA_SESSION_TIMEOUT_MS', 30_000),
  };
}

const levels: Record<number, 'error' | 'warn' | 'log' | 'debug'> = {
  [logLevel.NOTHING]: 'debug',
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'log',
  [logLevel.DEBUG]: 'debug',
};

/**
 * kafkajs notices that say nothing to an operator of this platform: the partitioner notice (we
 * set the Java-compatible partitioner explicitly) and the idempotent-producer retry notice (a
 * producer whose send failed is replaced, see KafkaEventPublisher).
 */
const QUIET = [/switched default partitioner/, /Limiting retries for the idempotent producer/];

/** A kafkajs client that logs through Nest's logger. */
export function createKafka(settings: KafkaSettings): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    logLevel: logLevel.WARN,
    retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 5_000 },
    logCreator:
      () =>
      ({ namespace, level, log }: LogEntry) => {
        const { message, ...extra } = log;
        if (QUIET.some((pattern) => pattern.test(message))) return;
        const logger = new Logger(`kafkajs:${namespace || 'client'}`);
        // A connection-level error is retried by kafkajs; the caller sees it if retries run out.
        const method = namespace === 'Connection' && level === logLevel.ERROR ? 'debug' : (levels[level] ?? 'log');
        const detail = Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : '';
        logger[method](`${message}${detail}`);
      },
  });
}
