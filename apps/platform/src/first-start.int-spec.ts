/**
 * `npm start`'s first start as a process: the first head-office account is made and its sign-in
 * said once (generated password included); the next start says nothing of it. Dev tokens are
 * printed only while the public development secret is in use.
 */
import { createTestDatabase, expectEventually, TestDatabase } from '@app/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** `npm start`'s entry point in a process of its own, from the sources. */
class PlatformProcess {
  output = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(env: NodeJS.ProcessEnv) {
    const boot = `process.argv.splice(1, 0, 'apps/platform/src/main.ts');
      require('ts-node').register({ transpileOnly: true, swc: true, project: 'tsconfig.json' });
      require('tsconfig-paths/register');
      require('./apps/platform/src/main.ts');`;
    this.child = spawn(process.execPath, ['-e', boot], { cwd: ROOT, env: { ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  async waitFor(pattern: RegExp, timeoutMs = 120_000): Promise<void> {
    await expectEventually(() => expect(this.output).toMatch(pattern), { timeoutMs, intervalMs: 100 });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGINT');
      await this.exited;
    }
  }
}

describe('npm start: the first head-office account and the dev tokens', () => {
  let db: TestDatabase;
  let dataDir: string;
  const running: PlatformProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('firstacct');
    dataDir = mkdtempSync(join(tmpdir(), 'kpi-first-'));
    chmodSync(dataDir, 0o755);
  });

  afterAll(async () => {
    for (const child of running) await child.stop();
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async (extra: NodeJS.ProcessEnv) => {
    const port = await freePort();
    const {
      KAFKA_BROKERS: _kafka,
      CLICKHOUSE_DATA_DIR: _chDir,
      CLICKHOUSE_DATABASE: _chDb,
      AUTH_JWT_SECRET: _s,
      AUTH_ADMIN_PASSWORD: _p,
      ...rest
    } = process.env;
    const platform = new PlatformProcess({ ...rest, DATABASE_URL: db.url, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'log', DEMO_SEED: '0', ...extra });
    running.push(platform);
    return { platform, url: `http://127.0.0.1:${port}` };
  };

  it('makes the account on the first start and says how to sign in once; dev tokens only with the development secret', async () => {
    const first = await start({});
    await first.platform.waitFor(/Dashboard: {2}http:\/\/127\.0\.0\.1:\d+\//);
    const block = /First start: created the head-office account\n\s+sign in at (http:\/\/127\.0\.0\.1:\d+)\/\n\s+username\s+admin\n\s+password\s+(\S+)\n/.exec(
      first.platform.output,
    );
    expect(block).not.toBeNull();
    const [, url, password] = block!;
    expect(url).toBe(first.url);
    expect(first.platform.output.split(password!)).toHaveLength(2); // said once
    expect(first.platform.output).toMatch(/Dev tokens \(12 h; .*\), printed because AUTH_JWT_SECRET is not set/);
    expect(first.platform.output).toMatch(/ {2}head-office:\n {4}eyJ[\w-]+\.[\w-]+\.[\w-]+/);

    const signIn = await fetch(`${first.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(signIn.status).toBe(200);
    const { accessToken, user } = (await signIn.json()) as { accessToken: string; user: { role: string } };
    expect(user.role).toBe('head-office');
    const users = await fetch(`${first.url}/api/v1/users`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(users.status).toBe(200);
    await first.platform.stop();

    // The next start, with a real secret: no account block, no password, no dev tokens.
    const second = await start({ AUTH_JWT_SECRET: 'a-real-secret-of-at-least-32-characters-0123' });
    await second.platform.waitFor(/Dashboard: {2}http:\/\/127\.0\.0\.1:\d+\//);
    expect(second.platform.output).not.toMatch(/First start: created/);
    expect(second.platform.output).not.toContain(password);
    expect(second.platform.output).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    expect(second.platform.output).toMatch(/Dev tokens are not printed: AUTH_JWT_SECRET \(or an OIDC provider\) is set/);
    expect(second.platform.output).toMatch(/Sign in: {4}with your user/);
    // The token of the first start was signed with the development secret: refused now.
    const refused = await fetch(`${second.url}/api/v1/users`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(refused.status).toBe(401);
    await second.platform.stop();
  }, 300_000);
});
