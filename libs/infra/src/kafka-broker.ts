// Local Apache Kafka broker harness: a real Kafka 4.x broker (KRaft, one combined
// broker+controller node, loopback only) started from the Maven Central jars pinned in
// libs/infra/kafka/pom.xml. Used by the integration tests and by scripts/kafka.sh.
import { Logger } from '@nestjs/common';
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { repoRoot as findRepoRoot } from './repo-root';

const logger = new Logger('KafkaBroker');

const POM_RELATIVE = path.join('libs', 'infra', 'kafka', 'pom.xml');
const NODE_ID = 1;
const PID_FILE = 'broker.pid';
const PROPS_FILE = 'server.properties';
const LOG4J_FILE = 'log4j2.properties';
const LOG_DIR = 'kraft-combined-logs';
const JARS_MARKER = '.complete';
const LOG_TAIL_LINES = 30;
const LOG_ROTATE_BYTES = 50 * 1024 * 1024;
const DEFAULT_START_TIMEOUT_MS = 90_000;
const DEFAULT_STOP_TIMEOUT_MS = 20_000;
const MAVEN_LOCK_STALE_MS = 15 * 60_000;

export interface KafkaBrokerOptions {
  /** Broker home: server.properties, log4j2.properties, pid file, log dirs. Created if missing. */
  dataDir: string;
  /** Broker stdout/stderr (log4j logs to stdout). Default `<dataDir>/broker.log`. */
  logFile?: string;
  /** PLAINTEXT listener on 127.0.0.1. Default: a free port. */
  port?: number;
  /** CONTROLLER listener on 127.0.0.1. Default: a free port. */
  controllerPort?: number;
  /** Deadline for "accepts requests". Default 90 s. */
  startTimeoutMs?: number;
  /** Max heap (-Xmx). Default 512. */
  heapMb?: number;
  /** Leave the broker running after this Node process exits (own process group, unref'd). */
  detached?: boolean;
  /** Extra JVM flags, appended after the defaults (so they win). Also env KAFKA_JVM_OPTS (space separated). */
  jvmArgs?: string[];
  /** Extra/overriding server.properties entries. */
  extraProperties?: Record<string, string | number | boolean>;
  /** Jar directory; default: ensureKafkaJars(repoRoot). */
  libsDir?: string;
  /** Repository root used to find the pom and the .cache dir. Default: searched upwards. */
  repoRoot?: string;
}

export interface RunningKafkaBroker {
  /** Bootstrap servers, e.g. ["127.0.0.1:41234"]. */
  brokers: string[];
  pid: number;
  port: number;
  controllerPort: number;
  logFile: string;
  dataDir: string;
  /** SIGTERM, bounded wait, then SIGKILL. Idempotent. */
  stop(): Promise<void>;
}

export interface KafkaBrokerStatus {
  running: boolean;
  pid?: number;
  brokers?: string[];
  logFile: string;
}

// ---------------------------------------------------------------------------------------
// Jars
// ---------------------------------------------------------------------------------------

/** The Kafka version pinned in libs/infra/kafka/pom.xml. */
export async function kafkaVersion(repoRoot: string = findRepoRoot()): Promise<string> {
  const pom = await fs.readFile(path.join(repoRoot, POM_RELATIVE), 'utf8');
  const version = /<kafka\.version>\s*([^<\s]+)\s*<\/kafka\.version>/.exec(pom)?.[1];
  if (version === undefined) throw new Error(`No <kafka.version> in ${path.join(repoRoot, POM_RELATIVE)}`);
  return version;
}

/**
 * Makes sure `<repo>/.cache/kafka/<version>/libs` holds the broker's jars and returns that dir.
 * Runs maven only when the marker (hash of the pom) is missing or stale; safe to call from
 * several processes at once (mkdir lock).
 */
export async function ensureKafkaJars(repoRoot: string = findRepoRoot()): Promise<string> {
  const pomPath = path.join(repoRoot, POM_RELATIVE);
  const pomHash = createHash('sha256')
    .update(await fs.readFile(pomPath))
    .digest('hex');
  const version = await kafkaVersion(repoRoot);
  const versionDir = path.join(repoRoot, '.cache', 'kafka', version);
  const libsDir = path.join(versionDir, 'libs');
  const marker = path.join(versionDir, JARS_MARKER);
  const isComplete = async (): Promise<boolean> => (await readTextIfExists(marker))?.trim() === pomHash;

  if (await isComplete()) return libsDir;

  await fs.mkdir(versionDir, { recursive: true });
  const lockDir = path.join(versionDir, '.lock');
  await acquireDirLock(lockDir, isComplete);
  try {
    if (await isComplete()) return libsDir;
    const started = Date.now();
    logger.log(`Fetching Kafka ${version} jars with maven into ${libsDir}`);
    const tmpDir = `${libsDir}.tmp-${process.pid}`;
    await fs.rm(tmpDir, { recursive: true, force: true });
    const mvn = process.env.MVN ?? 'mvn';
    const result = await runToCompletion(mvn, [
      '-q',
      '-B',
      '-f',
      pomPath,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${tmpDir}`,
      '-DincludeScope=runtime',
    ]);
    if (result.code !== 0) {
      await fs.rm(tmpDir, { recursive: true, force: true });
      throw new Error(`maven failed (exit ${result.code}) fetching Kafka ${version} jars:\n${tailLines(result.output, LOG_TAIL_LINES)}`);
    }
    const jars = (await fs.readdir(tmpDir)).filter((f) => f.endsWith('.jar'));
    if (!jars.some((f) => f.startsWith(`kafka_2.13-${version}`))) {
      throw new Error(`maven finished but ${tmpDir} has no kafka_2.13-${version}.jar`);
    }
    await fs.rm(libsDir, { recursive: true, force: true });
    await fs.rename(tmpDir, libsDir);
    await fs.writeFile(marker, `${pomHash}\n`);
    logger.log(`Kafka ${version}: ${jars.length} jars ready in ${Date.now() - started} ms`);
    return libsDir;
  } finally {
    await fs.rm(lockDir, { recursive: true, force: true });
  }
}

async function acquireDirLock(lockDir: string, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + MAVEN_LOCK_STALE_MS;
  for (;;) {
    try {
      await fs.mkdir(lockDir);
      return;
    } catch (err) {
      if (!isErrno(err, 'EEXIST')) throw err;
    }
    if (await done()) return; // someone else finished; caller re-checks
    const stat = await fs.stat(lockDir).catch(() => undefined);
    if (stat && Date.now() - stat.mtimeMs > MAVEN_LOCK_STALE_MS) {
      logger.warn(`Removing stale lock ${lockDir}`);
      await fs.rm(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for lock ${lockDir}`);
    await delay(500);
  }
}

// ---------------------------------------------------------------------------------------
// Start / stop
// ---------------------------------------------------------------------------------------

/** Running non-detached brokers, killed if this Node process exits without stopping them. */
const attached = new Set<ChildProcess>();
let exitHookInstalled = false;

function trackAttached(child: ChildProcess): void {
  attached.add(child);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const c of attached) {
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    }
  });
}

export async function startKafkaBroker(opts: KafkaBrokerOptions): Promise<RunningKafkaBroker> {
  const dataDir = path.resolve(opts.dataDir);
  const logFile = path.resolve(opts.logFile ?? path.join(dataDir, 'broker.log'));
  const startTimeoutMs = opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  const heapMb = opts.heapMb ?? 512;
  await fs.mkdir(dataDir, { recursive: true });
  await fs.mkdir(path.dirname(logFile), { recursive: true });

  const existing = await readPidFile(dataDir);
  if (existing !== undefined) {
    if (isBrokerProcess(existing, dataDir)) {
      throw new Error(`A Kafka broker is already running for ${dataDir} (pid ${existing})`);
    }
    await fs.rm(path.join(dataDir, PID_FILE), { force: true });
  }

  const libsDir = opts.libsDir ?? (await ensureKafkaJars(opts.repoRoot));
  const [port, controllerPort] = await resolvePorts(opts.port, opts.controllerPort);
  const propsPath = path.join(dataDir, PROPS_FILE);
  const log4jPath = path.join(dataDir, LOG4J_FILE);
  const logDir = path.join(dataDir, LOG_DIR);
  await fs.writeFile(propsPath, renderServerProperties({ port, controllerPort, logDir, extra: opts.extraProperties }));
  await fs.writeFile(log4jPath, LOG4J2_PROPERTIES);
  await rotateLogIfLarge(logFile);

  const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const classpath = `${libsDir}${path.sep}*`; // expanded by java itself, not a shell
  const baseJvm = [
    '-Djava.awt.headless=true',
    '-Djava.net.preferIPv4Stack=true',
    `-Dlog4j2.configurationFile=${log4jPath}`,
    '-XX:+UseSerialGC',
    '-XX:+ExitOnOutOfMemoryError',
  ];
  const extraJvm = [...(process.env.KAFKA_JVM_OPTS ?? '').split(/\s+/).filter((a) => a !== ''), ...(opts.jvmArgs ?? [])];
  const started = Date.now();

  const metaPath = path.join(logDir, 'meta.properties');
  if (!existsSync(metaPath)) {
    const newClusterId = randomClusterId();
    logger.log(`Formatting KRaft storage in ${logDir} (cluster ${newClusterId})`);
    const code = await runWithLog(
      java,
      [
        ...baseJvm,
        '-Xms64m',
        '-Xmx256m',
        '-XX:TieredStopAtLevel=1',
        '-cp',
        classpath,
        'kafka.tools.StorageTool',
        'format',
        '-t',
        newClusterId,
        '-c',
        propsPath,
        '--ignore-formatted',
      ],
      logFile,
    );
    if (code !== 0) {
      throw new Error(`Kafka storage format failed (exit ${code}); see ${logFile}:\n${await readLogTail(logFile)}`);
    }
  }

  const clusterId = /^cluster\.id=(.+)$/m.exec((await readTextIfExists(metaPath)) ?? '')?.[1]?.trim();
  if (!clusterId) throw new Error(`No cluster.id in ${metaPath}; delete ${logDir} to reformat`);

  const fd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(java, [...baseJvm, `-Xms${Math.min(256, heapMb)}m`, `-Xmx${heapMb}m`, ...extraJvm, '-cp', classpath, 'kafka.Kafka', propsPath], {
      cwd: dataDir,
      stdio: ['ignore', fd, fd],
      detached: opts.detached ?? false,
    });
  } finally {
    closeSync(fd);
  }
  const pid = await spawned(child);
  if (opts.detached) child.unref();
  else trackAttached(child);
  await fs.writeFile(path.join(dataDir, PID_FILE), `${pid}\n`);

  const exited = exitPromise(child);
  const brokers = [`127.0.0.1:${port}`];
  logger.log(`Kafka broker starting (pid ${pid}) on ${brokers[0]}, log ${logFile}`);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const t0 = Date.now();
      await terminate(pid, exited);
      attached.delete(child);
      await removePidFileIfOwned(dataDir, pid);
      logger.log(`Kafka broker (pid ${pid}) stopped in ${Date.now() - t0} ms`);
    })();
    return stopping;
  };

  try {
    await waitUntilReady(brokers, clusterId, exited, started + startTimeoutMs);
  } catch (err) {
    await stop();
    const reason = err instanceof Error ? err.message : String(err);
    const logText = (await readTextIfExists(logFile)) ?? '';
    const firstError = logText.split('\n').find((l) => / (ERROR|FATAL) /.test(l));
    throw new Error(
      `Kafka broker did not become ready: ${reason}. Log file: ${logFile}\n` +
        (firstError ? `First error: ${firstError.trim()}\n` : '') +
        `--- last ${LOG_TAIL_LINES} lines of ${logFile} ---\n${tailLines(logText, LOG_TAIL_LINES)}`,
    );
  }
  logger.log(`Kafka broker ready on ${brokers[0]} in ${Date.now() - started} ms`);

  return { brokers, pid, port, controllerPort, logFile, dataDir, stop };
}

/** Stops the broker recorded in `<dataDir>/broker.pid`. Returns false when none was running. */
export async function stopKafkaBrokerByPidFile(dataDir: string): Promise<boolean> {
  const dir = path.resolve(dataDir);
  const pid = await readPidFile(dir);
  if (pid === undefined) return false;
  if (!isBrokerProcess(pid, dir)) {
    await fs.rm(path.join(dir, PID_FILE), { force: true });
    return false;
  }
  const t0 = Date.now();
  await terminate(pid, undefined);
  await removePidFileIfOwned(dir, pid);
  logger.log(`Kafka broker (pid ${pid}) stopped in ${Date.now() - t0} ms`);
  return true;
}

/** Pid-file based status, plus the bootstrap address from server.properties. */
export async function kafkaBrokerStatus(dataDir: string, logFile?: string): Promise<KafkaBrokerStatus> {
  const dir = path.resolve(dataDir);
  const log = path.resolve(logFile ?? path.join(dir, 'broker.log'));
  const pid = await readPidFile(dir);
  if (pid === undefined || !isBrokerProcess(pid, dir)) return { running: false, logFile: log };
  const props = (await readTextIfExists(path.join(dir, PROPS_FILE))) ?? '';
  const advertised = /^advertised\.listeners=PLAINTEXT:\/\/(.+)$/m.exec(props)?.[1];
  return { running: true, pid, brokers: advertised !== undefined ? [advertised.trim()] : undefined, logFile: log };
}

/** Probes the broker once with kafkajs (describeCluster); true when it answers with node 1. */
export async function isKafkaBrokerReady(brokers: string[], timeoutMs = 2_000): Promise<boolean> {
  try {
    await probeBroker(brokers, timeoutMs);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------
// Internals
// ---------------------------------------------------------------------------------------

function renderServerProperties(p: { port: number; controllerPort: number; logDir: string; extra?: Record<string, string | number | boolean> }): string {
  const props: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': NODE_ID,
    // Static single-voter quorum: the controller endpoint lives in this file (not in the
    // formatted metadata log), so a restart on another controller port keeps working.
    'controller.quorum.voters': `${NODE_ID}@127.0.0.1:${p.controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${p.port},CONTROLLER://127.0.0.1:${p.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${p.port}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': p.logDir,
    'num.partitions': 3,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'auto.create.topics.enable': true,
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    // The cleaner allocates its dedupe buffer eagerly (128 MiB by default).
    'log.cleaner.dedupe.buffer.size': 16 * 1024 * 1024,
    'num.network.threads': 2,
    'num.io.threads': 4,
    'num.recovery.threads.per.data.dir': 1,
    ...p.extra,
  };
  const lines = Object.entries(props).map(([k, v]) => `${k}=${escapeProperty(String(v))}`);
  return `# Generated by libs/infra/src/kafka-broker.ts; rewritten on every start.\n${lines.join('\n')}\n`;
}

function escapeProperty(value: string): string {
  // java.util.Properties: backslash is an escape char (Windows paths), keep everything else.
  return value.replace(/\\/g, '\\\\');
}

const LOG4J2_PROPERTIES = `# Generated by libs/infra/src/kafka-broker.ts: everything to stdout, which is the broker log file.
status = warn
name = kafka-local
appender.out.type = Console
appender.out.name = STDOUT
appender.out.target = SYSTEM_OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = STDOUT
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.authorizer.name = kafka.authorizer.logger
logger.authorizer.level = WARN
`;

/** Kafka Uuid: 16 random bytes, base64url without padding, never starting with '-'. */
function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

async function resolvePorts(port?: number, controllerPort?: number): Promise<[number, number]> {
  const holders: net.Server[] = [];
  const reserve = async (): Promise<number> => {
    const server = net.createServer();
    holders.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const addr = server.address();
    if (addr === null || typeof addr === 'string') throw new Error('Unexpected server address');
    return addr.port;
  };
  try {
    const p = port ?? (await reserve());
    let c = controllerPort ?? (await reserve());
    while (c === p) c = await reserve();
    return [p, c];
  } finally {
    await Promise.all(holders.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

async function probeBroker(brokers: string[], timeoutMs: number, clusterId?: string): Promise<void> {
  const kafka = new Kafka({
    clientId: 'kafka-broker-harness',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    // Guards against a different broker answering on the same port.
    if (clusterId !== undefined && cluster.clusterId !== clusterId) {
      throw new Error(`port answered by another cluster (${cluster.clusterId}, expected ${clusterId})`);
    }
    if (!cluster.brokers.some((b) => b.nodeId === NODE_ID)) {
      throw new Error(`broker ${NODE_ID} not yet registered`);
    }
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function waitUntilReady(brokers: string[], clusterId: string, exited: Promise<ExitInfo>, deadline: number): Promise<void> {
  let exit: ExitInfo | undefined;
  void exited.then((e) => {
    exit = e;
  });
  let lastError = 'no attempt made';
  for (;;) {
    if (exit) throw new Error(`broker process exited (${describeExit(exit)})`);
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new Error(`timed out (last probe error: ${lastError})`);
    const attemptStart = Date.now();
    try {
      const probe = probeBroker(brokers, Math.max(250, Math.min(2_000, remaining)), clusterId);
      const outcome = await Promise.race([probe.then(() => 'ready' as const), exited.then(() => 'exited' as const)]);
      if (outcome === 'ready') return;
      void probe.catch(() => undefined);
      continue;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    // Poll interval (not a fixed wait): at most one probe per 200 ms, ends early on exit.
    const pause = 200 - (Date.now() - attemptStart);
    if (pause > 0) await Promise.race([delay(pause), exited]);
  }
}

interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

function describeExit(e: ExitInfo): string {
  return e.signal ? `signal ${e.signal}` : `exit code ${e.code}`;
}

function exitPromise(child: ChildProcess): Promise<ExitInfo> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

function spawned(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('spawn', () => {
      child.removeListener('error', reject);
      if (child.pid === undefined) reject(new Error('spawned process has no pid'));
      else resolve(child.pid);
    });
  });
}

/** SIGTERM, wait (bounded), SIGKILL, wait. `exited` is used when we own the child. */
async function terminate(pid: number, exited: Promise<ExitInfo> | undefined): Promise<void> {
  if (!signal(pid, 'SIGTERM')) return;
  if (await waitForExit(pid, exited, DEFAULT_STOP_TIMEOUT_MS)) return;
  logger.warn(`Kafka broker (pid ${pid}) ignored SIGTERM for ${DEFAULT_STOP_TIMEOUT_MS} ms; sending SIGKILL`);
  if (!signal(pid, 'SIGKILL')) return;
  if (!(await waitForExit(pid, exited, 10_000))) {
    throw new Error(`Kafka broker (pid ${pid}) did not exit after SIGKILL`);
  }
}

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch (err) {
    if (isErrno(err, 'ESRCH')) return false;
    throw err;
  }
}

async function waitForExit(pid: number, exited: Promise<ExitInfo> | undefined, timeoutMs: number): Promise<boolean> {
  if (exited) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([exited.then(() => true as const), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await delay(50);
  }
  return !isAlive(pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return !isErrno(err, 'ESRCH');
  }
  // A zombie still answers kill(0); treat it as gone (Linux only check).
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return true;
  }
}

/** Alive and (where /proc exists) a java process running this dataDir's server.properties. */
function isBrokerProcess(pid: number, dataDir: string): boolean {
  if (!isAlive(pid)) return false;
  const cmdlinePath = `/proc/${pid}/cmdline`;
  if (!existsSync('/proc/self/cmdline')) return true; // no procfs: trust the pid file
  try {
    const cmdline = readFileSync(cmdlinePath, 'utf8');
    return cmdline.split('\0').includes(path.join(dataDir, PROPS_FILE));
  } catch {
    return false;
  }
}

async function readPidFile(dataDir: string): Promise<number | undefined> {
  const text = await readTextIfExists(path.join(dataDir, PID_FILE));
  if (text === undefined) return undefined;
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

async function removePidFileIfOwned(dataDir: string, pid: number): Promise<void> {
  if ((await readPidFile(dataDir)) === pid) await fs.rm(path.join(dataDir, PID_FILE), { force: true });
}

async function readTextIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return undefined;
    throw err;
  }
}

async function readLogTail(logFile: string, lines = LOG_TAIL_LINES): Promise<string> {
  const text = await readTextIfExists(logFile);
  return text === undefined ? '(log file missing)' : tailLines(text, lines);
}

function tailLines(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

async function rotateLogIfLarge(logFile: string): Promise<void> {
  const stat = await fs.stat(logFile).catch(() => undefined);
  if (stat && stat.size > LOG_ROTATE_BYTES) await fs.rename(logFile, `${logFile}.1`);
}

function runWithLog(cmd: string, args: string[], logFile: string): Promise<number | null> {
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(cmd, args, { stdio: ['ignore', fd, fd] });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => resolve(code));
    });
  } finally {
    closeSync(fd);
  }
}

function runToCompletion(cmd: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const append = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-64 * 1024);
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as NodeJS.ErrnoException).code === code;
}
