// Entry for scripts/kafka.sh: a local Kafka 4.x broker (KRaft, loopback) left running in the
// background with its data in .data/kafka. Usage: kafka.ts fetch|start|stop|status
//   KAFKA_PORT (default 9092), KAFKA_CONTROLLER_PORT (default: a free port),
//   KAFKA_DATA_DIR (default <repo>/.data/kafka, or $DATA_DIR/kafka), KAFKA_HEAP_MB (default 512),
//   KAFKA_JVM_OPTS (extra JVM flags).
import { Logger } from '@nestjs/common';
import * as path from 'node:path';
import { dataDir as defaultDataDir, repoRoot as findRepoRoot } from '../libs/infra/src/repo-root';
import {
  ensureKafkaJars,
  isKafkaBrokerReady,
  kafkaBrokerStatus,
  kafkaVersion,
  startKafkaBroker,
  stopKafkaBrokerByPidFile,
} from '../libs/infra/src/kafka-broker';

const logger = new Logger('kafka');

function intFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number.parseInt(raw, 10);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

async function main(command: string | undefined): Promise<number> {
  const repoRoot = findRepoRoot();
  const dataDir = path.resolve(process.env.KAFKA_DATA_DIR ?? defaultDataDir('kafka'));

  switch (command) {
    case 'fetch': {
      const libs = await ensureKafkaJars(repoRoot);
      logger.log(`Kafka ${await kafkaVersion(repoRoot)} jars ready in ${libs}`);
      return 0;
    }
    case 'start': {
      const status = await kafkaBrokerStatus(dataDir);
      if (status.running) {
        logger.log(`already running (pid ${status.pid}) on ${status.brokers?.join(',') ?? '?'}; log ${status.logFile}`);
        return 0;
      }
      const broker = await startKafkaBroker({
        dataDir,
        port: intFromEnv('KAFKA_PORT') ?? 9092,
        controllerPort: intFromEnv('KAFKA_CONTROLLER_PORT'),
        heapMb: intFromEnv('KAFKA_HEAP_MB'),
        detached: true,
        repoRoot,
      });
      logger.log(`Kafka ${await kafkaVersion(repoRoot)} running (pid ${broker.pid})`);
      logger.log(`bootstrap: ${broker.brokers.join(',')}   (export KAFKA_BROKERS=${broker.brokers.join(',')})`);
      logger.log(`log: ${broker.logFile}`);
      logger.log(`data: ${broker.dataDir}`);
      return 0;
    }
    case 'stop': {
      const stopped = await stopKafkaBrokerByPidFile(dataDir);
      logger.log(stopped ? 'stopped' : `not running (no live pid file in ${dataDir})`);
      return 0;
    }
    case 'status': {
      const status = await kafkaBrokerStatus(dataDir);
      if (!status.running) {
        logger.log(`not running (data dir ${dataDir})`);
        return 3;
      }
      const brokers = status.brokers ?? [];
      const ready = brokers.length > 0 && (await isKafkaBrokerReady(brokers));
      logger.log(`running (pid ${status.pid}) on ${brokers.join(',')}, ${ready ? 'accepting requests' : 'NOT answering yet'}`);
      logger.log(`log: ${status.logFile}`);
      return ready ? 0 : 1;
    }
    default:
      logger.error('usage: scripts/kafka.sh start|stop|status');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err: unknown) => {
    logger.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
