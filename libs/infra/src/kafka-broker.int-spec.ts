import { mkdtemp, readFile, rm } from 'node:fs/promises';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { ensureKafkaJars, type RunningKafkaBroker, startKafkaBroker } from './kafka-broker';

function connectOutcome(port: number): Promise<'open' | 'closed'> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('open');
    });
    socket.once('error', () => resolve('closed'));
  });
}

describe('local Kafka broker harness', () => {
  const dirs: string[] = [];
  const newDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'kafka-broker-spec-'));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    await ensureKafkaJars(); // first run downloads ~43 MB from Maven Central
  }, 300_000);

  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('starts a KRaft broker, round-trips a message and stops cleanly', async () => {
    const broker: RunningKafkaBroker = await startKafkaBroker({ dataDir: await newDir() });
    try {
      expect(broker.brokers).toEqual([`127.0.0.1:${broker.port}`]);
      const kafka = new Kafka({ clientId: 'broker-spec', brokers: broker.brokers, logLevel: logLevel.NOTHING });
      const topic = 'harness.roundtrip';
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      await admin.disconnect();

      const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
      await producer.connect();
      await producer.send({ topic, messages: [{ key: 'k1', value: 'hello kafka 4' }] });
      await producer.disconnect();

      const consumer = kafka.consumer({ groupId: 'broker-spec-group' });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const received = new Promise<{ key: string; value: string }>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) => {
            resolve({ key: message.key?.toString() ?? '', value: message.value?.toString() ?? '' });
          },
        });
      });
      await expect(received).resolves.toEqual({ key: 'k1', value: 'hello kafka 4' });
      await consumer.disconnect();
    } finally {
      await broker.stop();
    }
    expect(await connectOutcome(broker.port)).toBe('closed');
    expect(await connectOutcome(broker.controllerPort)).toBe('closed');
    expect(await readFile(broker.logFile, 'utf8')).toContain('Kafka Server started');
  }, 120_000);

  it('fails with an error naming the log file when the port is taken', async () => {
    // The probe connects to the squatter; its sockets must be destroyed for close() to finish.
    const accepted = new Set<net.Socket>();
    const blocker = net.createServer((socket) => accepted.add(socket));
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const address = blocker.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const dataDir = await newDir();
    try {
      const error: unknown = await startKafkaBroker({ dataDir, port: address.port, startTimeoutMs: 60_000 }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(Error);
      const message = (error as Error).message;
      expect(message).toContain(join(dataDir, 'broker.log'));
      expect(message).toContain('broker process exited');
      expect(message).toContain('Address already in use');
    } finally {
      for (const socket of accepted) socket.destroy();
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  }, 120_000);
});
