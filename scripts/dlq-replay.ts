// Replays the records of a dead-letter topic onto its source topic, after the fix that makes them
// projectable (a branch opened, a consumer that knows the new event version). Records the current
// code still cannot read stay in the dead-letter topic and are listed. Idempotent: the projector
// keys every row by event id, so a replayed event that is already projected changes nothing.
//
// Usage: npm run dlq:replay -- --topic <dlq topic> [--dry-run]
//   e.g. npm run dlq:replay -- --topic dealer.sales.events.dlq --dry-run
//   Kafka: KAFKA_BROKERS; else the local broker of `npm run kafka -- start` (.data/kafka).
import 'reflect-metadata';
import { dataDir, kafkaBrokerStatus } from '@app/infra';
import { createKafka, kafkaSettingsFromEnv, replayDeadLetters } from '@app/messaging';
import { Logger } from '@nestjs/common';

const logger = new Logger('DlqReplay');
const USAGE = 'usage: npm run dlq:replay -- --topic <topic>.dlq [--dry-run]';

function parseArgs(argv: readonly string[]): { topic: string; dryRun: boolean } | 'help' {
  let topic: string | undefined;
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--dry-run') {
      dryRun = true;
      continue;
    }
    const inline = /^--topic=(.+)$/.exec(arg);
    if (inline || arg === '--topic') {
      topic = inline ? inline[1] : argv[++i];
      if (!topic) throw new Error(`--topic needs a value\n${USAGE}`);
      continue;
    }
    throw new Error(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  if (!topic) throw new Error(`--topic is required\n${USAGE}`);
  return { topic, dryRun };
}

async function brokers(): Promise<string> {
  if (process.env.KAFKA_BROKERS) return process.env.KAFKA_BROKERS;
  const local = await kafkaBrokerStatus(dataDir('kafka'));
  if (local.running && local.brokers) return local.brokers.join(',');
  throw new Error('no Kafka broker: set KAFKA_BROKERS, or start the local one with `npm run kafka -- start`');
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const kafka = createKafka(kafkaSettingsFromEnv({ ...process.env, KAFKA_BROKERS: await brokers() }, 'dlq-replay'));
  const report = await replayDeadLetters(kafka, { dlqTopic: args.topic, dryRun: args.dryRun });
  for (const r of report.records) {
    const what = r.eventId ? `${r.type ?? 'event'} ${r.eventId}` : 'record';
    const line = `${r.action.padEnd(13)} ${report.dlqTopic}/${r.partition}/${r.offset} (from ${r.source || '?'}) ${what}: dead-lettered because ${r.reason || '?'}`;
    if (r.action === 'still-invalid') logger.warn(`${line}; still unreadable: ${r.stillInvalidBecause ?? '?'}`);
    else logger.log(line);
  }
  logger.log(
    `${report.records.length} record(s) in ${report.dlqTopic}: ${report.dryRun ? `${report.records.length - report.stillInvalid} would be replayed` : `${report.replayed} replayed`} onto ${report.sourceTopic}, ${report.stillInvalid} still unreadable${report.dryRun ? ' (dry run: nothing sent)' : ''}`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    logger.fatal(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
