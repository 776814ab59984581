import { repoRoot } from '@app/infra';
import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Children this test process started; killed if it exits without stopping them. */
const children = new Set<ChildProcess>();
let exitHook = false;

function track(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** `ts-node` running a TypeScript entry of this repository, with the path aliases. */
export function tsNodeArgs(entry: string, args: readonly string[] = []): { command: string; args: string[] } {
  const root = repoRoot();
  return {
    command: join(root, 'node_modules', '.bin', 'ts-node'),
    args: ['--transpile-only', '-P', join(root, 'tsconfig.json'), '-r', 'tsconfig-paths/register', join(root, entry), ...args],
  };
}

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A child process of this test: output appended to a log file, stopped only by its own pid. */
export class TestChild {
  private readonly child: ChildProcess;
  readonly exited: Promise<ExitInfo>;

  private constructor(child: ChildProcess) {
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    track(child);
  }

  static start(entry: string, options: { env: NodeJS.ProcessEnv; logFile: string; args?: readonly string[] }): TestChild {
    const { command, args } = tsNodeArgs(entry, options.args);
    const fd = openSync(options.logFile, 'a');
    try {
      return new TestChild(spawn(command, args, { cwd: repoRoot(), env: options.env, stdio: ['ignore', fd, fd] }));
    } finally {
      closeSync(fd);
    }
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('the child has no pid');
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** kill -9: no shutdown hook, no flush, no goodbye. */
  async kill9(): Promise<ExitInfo> {
    if (this.running) process.kill(this.pid, 'SIGKILL');
    return this.exited;
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 30_000): Promise<ExitInfo> {
    if (!this.running) return this.exited;
    process.kill(this.pid, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), graceMs);
    });
    const outcome = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (outcome === 'late') return this.kill9();
    return outcome;
  }
}

/** Polls `url` until it answers 200, the child exits, or the deadline passes. */
export async function waitHealthy(url: string, child: TestChild, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void child.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the child (pid ${child.pid}) exited before it was healthy`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}
