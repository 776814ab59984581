// Entry point of a benchmark worker process (see bench/lib/child.ts): runs one task and reports
// its output and the process's peak RSS to the parent over IPC.
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { FromWorker, Json, ToWorker } from '../lib/child';
import { TASKS, TaskContext } from './tasks';

function send(message: FromWorker): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, () => resolve());
  });
}

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

// Debug logs (TypeORM, kafkajs) would cost time inside the measurements.
Logger.overrideLogger(['fatal', 'error', 'warn', 'log']);
let stopRequested: () => void = () => undefined;
const stopped = new Promise<void>((resolve) => {
  stopRequested = resolve;
});

async function run(task: string, input: Json): Promise<void> {
  const handler = TASKS[task];
  if (!handler) throw new Error(`unknown benchmark task ${task}`);
  const context: TaskContext = { ready: (info) => void send({ kind: 'ready', info }), stopped };
  const output = await handler(input, context);
  await send({ kind: 'result', output, peakRssMb: peakRssMb() });
}

process.on('message', (message: ToWorker) => {
  if (message.kind === 'stop') {
    stopRequested();
    return;
  }
  run(message.task, message.input).then(
    () => process.exit(0),
    async (error: unknown) => {
      await send({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      process.exit(1);
    },
  );
});
// The parent going away ends the worker too.
process.on('disconnect', () => process.exit(2));
