/**
 * The dashboard's OIDC sign-in end to end: a real OpenID provider (panva's certified
 * `oidc-provider`, in a process of its own: libs/identity/test-support/oidc-browser-provider.mjs)
 * with a public client, PKCE required, CORS on its token endpoint for the dashboard's origin only,
 * its development login and consent pages, and RS256 JWT access tokens for `dealer-kpi` carrying
 * the platform's role claims; the whole platform in OIDC mode (AUTH_OIDC_ISSUER, AUTH_JWKS_URL,
 * AUTH_OIDC_CLIENT_ID) over real Postgres, the Kafka broker and embedded ClickHouse; headless
 * Chromium (playwright-core) runs the authorization code flow from the company-account button,
 * lands back on the dashboard signed in with the provider's token, and signs out.
 */
import { repoRoot } from '@app/infra';
import { configureHttpApp, loadPlatformConfig } from '@app/platform-kit';
import { createTestDatabase, TestDatabase, uniqueId, useTestClickHouse } from '@app/testing';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { PlatformModule } from '../apps/platform/src/platform.module';
import { launchChromium } from './support/dashboard-browser';

const SCRIPT = join(repoRoot(), 'libs', 'identity', 'test-support', 'oidc-browser-provider.mjs');
const CLIENT_ID = 'kpi-dashboard';
/** The provider's accounts (any login name is accepted by its development login page) and their platform claims. */
const ACCOUNTS = {
  'hu.hong': { name: 'Hu Hong', role: 'head-office' },
};
const ENV_KEYS = ['AUTH_OIDC_ISSUER', 'AUTH_JWKS_URL', 'AUTH_OIDC_CLIENT_ID', 'AUTH_AUDIENCE'] as const;

/** A free loopback port, known before the provider starts (its client's redirect URI names it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function startProvider(redirectUri: string): Promise<{ issuer: string; child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [SCRIPT], {
    env: { ...process.env, PORT: '0', AUDIENCE: 'dealer-kpi', CLIENT_ID, REDIRECT_URI: redirectUri, ACCOUNTS: JSON.stringify(ACCOUNTS) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the OpenID provider did not start: ${output}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`the OpenID provider exited (${code}): ${output}`)));
  });
  return { issuer, child, output: () => output };
}

describe('dashboard sign-in with a real OpenID provider (authorization code + PKCE, headless Chromium)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let provider: Awaited<ReturnType<typeof startProvider>>;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};
  const pageErrors: Error[] = [];
  const artifacts = join(repoRoot(), 'test-artifacts');

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    provider = await startProvider(`${baseUrl}/`);

    for (const key of ENV_KEYS) saved[key] = process.env[key];
    process.env.AUTH_OIDC_ISSUER = provider.issuer;
    process.env.AUTH_JWKS_URL = `${provider.issuer}/jwks`;
    process.env.AUTH_OIDC_CLIENT_ID = CLIENT_ID;
    delete process.env.AUTH_AUDIENCE;

    db = await createTestDatabase('dashboard_oidc');
    useTestClickHouse();
    const config = loadPlatformConfig({ ...process.env, KAFKA_TOPIC_PREFIX: `${uniqueId('do')}.` });
    const moduleRef = await Test.createTestingModule({
      imports: [PlatformModule.forRoot({ config, databaseUrl: db.url, kafkaBrokers: process.env.KAFKA_BROKERS ?? '' })],
    }).compile();
    app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
    configureHttpApp(app, { title: 'dashboard oidc test' });
    await app.listen(port, '127.0.0.1');

    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 1000 } })).newPage();
    // Script errors, and anything a Content-Security-Policy refuses, fail the test.
    page.on('pageerror', (error) => pageErrors.push(error));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|CORS/i.test(message.text())) pageErrors.push(new Error(message.text()));
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
    if (provider && provider.child.exitCode === null && provider.child.signalCode === null) {
      const exited = new Promise((resolve) => provider.child.once('exit', resolve));
      provider.child.kill('SIGTERM');
      await exited;
    }
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  const byTestId = (testid: string) => page.locator(`[data-testid="${testid}"]`);
  /** The platform's API answers to the page. */
  const apiCalls: { path: string; status: number }[] = [];

  it('signs in with the company account at the provider, calls the API with its token, and signs out', async () => {
    try {
      page.on('response', (response) => {
        const url = new URL(response.url());
        if (url.origin === baseUrl && url.pathname.startsWith('/api/')) apiCalls.push({ path: url.pathname, status: response.status() });
      });
      await page.goto(`${baseUrl}/#/group`);
      // The company-account button, no password form.
      await byTestId('oidc-sign-in').waitFor();
      expect(await byTestId('sign-in-form').isVisible()).toBe(false);

      const authorizationRequest = page.waitForRequest((r) => r.url().startsWith(`${provider.issuer}/auth?`));
      await byTestId('oidc-sign-in').click();
      // The authorization request: a public client's code flow with PKCE (S256), a state and a nonce, back to `/`.
      const authorize = new URL((await authorizationRequest).url()).searchParams;
      expect(Object.fromEntries(['response_type', 'client_id', 'redirect_uri', 'code_challenge_method'].map((k) => [k, authorize.get(k)]))).toEqual({
        response_type: 'code',
        client_id: CLIENT_ID,
        redirect_uri: `${baseUrl}/`,
        code_challenge_method: 'S256',
      });
      for (const k of ['state', 'nonce', 'code_challenge']) expect(authorize.get(k)).toMatch(/^[\w-]{32,}$/);
      // The provider's development login page: any login name, any password.
      await page.waitForURL((url) => url.origin === provider.issuer && url.pathname.startsWith('/interaction/'));
      await page.locator('input[name="login"]').fill('hu.hong');
      await page.locator('input[name="password"]').fill('any password');
      await page.locator('button[type="submit"]').click();
      // Its consent page.
      await page.locator('button[autofocus]').waitFor();
      const tokenRequest = page.waitForRequest((r) => r.url() === `${provider.issuer}/token` && r.method() === 'POST');
      const me = page.waitForResponse((response) => response.url() === `${baseUrl}/api/v1/me`);
      await page.locator('button[autofocus]').click();

      // Back on the dashboard, signed in with the provider's access token.
      await page.waitForURL((url) => url.origin === baseUrl);
      // The code exchanged from the page (CORS), with the verifier and no client secret.
      const exchange = await tokenRequest;
      const form = new URLSearchParams(exchange.postData() ?? '');
      expect({
        grant: form.get('grant_type'),
        client: form.get('client_id'),
        secret: form.get('client_secret'),
        basic: await exchange.headerValue('authorization'),
      }).toEqual({
        grant: 'authorization_code',
        client: CLIENT_ID,
        secret: null,
        basic: null,
      });
      expect(form.get('code_verifier')).toMatch(/^[\w-]{43,128}$/);
      expect((await exchange.response())?.status()).toBe(200);
      const answer = await me;
      expect(answer.status()).toBe(200);
      expect(await answer.json()).toMatchObject({ subject: 'hu.hong', role: 'head-office' });
      const authorization = await answer.request().headerValue('authorization');
      const accessToken = authorization?.replace(/^Bearer /, '') ?? '';
      const claims = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
      expect(claims).toMatchObject({ iss: provider.issuer, aud: 'dealer-kpi', sub: 'hu.hong', role: 'head-office' });

      // The head office's view: who is signed in (the provider's subject: no local user behind it), the Users page.
      // A locator, not waitForFunction: the page's CSP forbids the eval that waitForFunction needs.
      await page.locator('[data-testid="who"]', { hasText: 'Head office · hu.hong' }).waitFor({ timeout: 60_000 });
      expect(await page.locator('[data-testid="who"]').textContent()).toBe('Head office · hu.hong');
      expect(await byTestId('nav-users').isVisible()).toBe(true);
      // The group's KPI tiles, from the scorecard and series the page fetched with the provider's token.
      await page.locator('[data-testid="kpi-tile"]').first().waitFor();
      expect(await byTestId('loading').count()).toBe(0);
      expect(await byTestId('error').isVisible()).toBe(false);
      const calls = apiCalls.splice(0);
      expect(calls.filter((c) => c.status >= 400)).toEqual([]);
      expect(calls.map((c) => c.path)).toEqual(
        expect.arrayContaining(['/api/v1/auth/config', '/api/v1/me', '/api/v1/units', '/api/v1/auth/me', '/api/v1/scorecard']),
      );
      // The code and state have left the address.
      expect(new URL(page.url()).search).toBe('');
      await page.screenshot({ path: join(artifacts, 'dashboard-oidc-signed-in.png'), fullPage: true });

      const signOut = page.waitForResponse((response) => response.url() === `${baseUrl}/api/v1/auth/sign-out`);
      await byTestId('sign-out').click();
      expect((await signOut).status()).toBe(204);
      await byTestId('oidc-sign-in').waitFor();
      expect(await page.evaluate("sessionStorage.getItem('dealer-kpi.token')")).toBeNull();
      expect(pageErrors).toEqual([]);
    } catch (error) {
      await page.screenshot({ path: join(artifacts, 'dashboard-oidc-failure.png'), fullPage: true }).catch(() => undefined);
      throw new Error(`${(error as Error).message}\npage: ${page.url()}\nprovider: ${provider.output()}`);
    }
  }, 180_000);
});
