// Each measured part (projector, raw consumers, raw insert, API, rebuild) runs in a process of its
// own: its peak RSS is its own, and the embedded ClickHouse engine gets its one data directory.
import { ChildProcess, fork } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './results';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type ToWorker = { kind: 'run'; task: string; input: Json } | { kind: 'stop' };
export type FromWorker = { kind: 'ready'; info: Json } | { kind: 'result'; output: Json; peakRssMb: number } | { kind: 'error'; message: string };

export interface WorkerOutcome<T> {
  readonly output: T;
  /** Peak resident set size of the worker process (getrusage ru_maxrss). */
  readonly peakRssMb: number;
}

export interface RunningWorker<T> {
  readonly child: ChildProcess;
  /** What the task reported once it was ready (e.g. the port it listens on). */
  readonly ready: Promise<Json>;
  /** Asks a long-running task to finish; resolves with its outcome. */
  stop(): Promise<WorkerOutcome<T>>;
  /** Resolves when the task finishes by itself. */
  readonly done: Promise<WorkerOutcome<T>>;
  /** Waits (up to `graceMs`) for the process to exit, then kills it. */
  end(graceMs?: number): Promise<void>;
}

export interface StartWorkerOptions {
  /** Write a V8 CPU profile (.cpuprofile) of the worker into this folder. */
  readonly cpuProfileDir?: string;
  readonly env?: NodeJS.ProcessEnv;
}

const WORKER = join(REPO_ROOT, 'bench', 'workers', 'worker.ts');

/** Forks bench/workers/worker.ts (TypeScript through ts-node) and runs `task` in it. */
export function startWorker<T>(task: string, input: Json, options: StartWorkerOptions = {}): RunningWorker<T> {
  const execArgv = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];
  if (options.cpuProfileDir) {
    mkdirSync(options.cpuProfileDir, { recursive: true });
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`, `--cpu-prof-name=${task}-${Date.now()}.cpuprofile`);
  }
  const child = fork(WORKER, [task], {
    cwd: REPO_ROOT,
    execArgv,
    env: { ...process.env, ...options.env, TS_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json') },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let resolveReady: (info: Json) => void = () => undefined;
  const ready = new Promise<Json>((resolve) => {
    resolveReady = resolve;
  });
  const done = new Promise<WorkerOutcome<T>>((resolve, reject) => {
    let settled = false;
    child.on('message', (message: FromWorker) => {
      if (message.kind === 'ready') resolveReady(message.info);
      else if (message.kind === 'result') {
        settled = true;
        resolve({ output: message.output as T, peakRssMb: message.peakRssMb });
      } else {
        settled = true;
        reject(new Error(`worker ${task} failed: ${message.message}`));
      }
    });
    child.on('exit', (code, signal) => {
      if (!settled) reject(new Error(`worker ${task} exited (${signal ?? `code ${code}`}) without a result`));
    });
  });
  // A worker that fails before it is ready must not leave `ready` pending forever.
  void done.catch((error: unknown) => resolveReady({ failed: String(error) }));
  child.send({ kind: 'run', task, input } satisfies ToWorker);
  return {
    child,
    ready,
    done,
    stop: () => {
      if (child.connected) child.send({ kind: 'stop' } satisfies ToWorker);
      return done;
    },
    end: async (graceMs = 15_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), graceMs);
      });
      // A profiled worker writes its .cpuprofile while exiting: give it the time.
      if ((await Promise.race([exited, late])) === 'late') child.kill('SIGKILL');
      clearTimeout(timer);
      await exited;
    },
  };
}

/** Runs a task to its end in a worker process. */
export function runWorker<T>(task: string, input: Json, options?: StartWorkerOptions): Promise<WorkerOutcome<T>> {
  return startWorker<T>(task, input, options).done;
}
