/**
 * OIDC mode against a real OpenID provider: panva's certified `oidc-provider` (ES modules only)
 * runs in a process of its own on loopback (libs/identity/test-support/oidc-provider.mjs) with a
 * fresh RS256 key, and issues JWT access tokens by client credentials, with the platform's
 * role/branch claims mapped per client (extraTokenClaims). The platform's real gate, configured
 * with AUTH_OIDC_ISSUER and AUTH_JWKS_URL, verifies them on the real Postgres.
 */
import { AUTH_SETTINGS, authSettingsFrom } from '@app/auth';
import { EventStore, EventStoreModule } from '@app/event-store';
import { BranchDirectoryModule, OrgModule } from '@app/org';
import { configureHttpApp } from '@app/platform-kit';
import { SalesModule } from '@app/sales';
import { createTestDatabase, TestDatabase, uniqueId } from '@app/testing';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { Server } from 'node:http';
import { join } from 'node:path';
import request from 'supertest';
import { IdentityModule } from './identity.module';
import { IDENTITY_SETTINGS } from './identity.tokens';
import { identitySettingsFromEnv } from './identity.settings';

const SCRIPT = join(__dirname, '..', 'test-support', 'oidc-provider.mjs');
const AUDIENCE = 'dealer-kpi';

const CLIENTS = {
  'dms-shanghai': { secret: 'shanghai-secret-0123456789abcdef', claims: { role: 'branch-manager', branches: ['SH-01'] } },
  'head-office-tool': { secret: 'head-office-secret-0123456789abc', claims: { role: 'head-office' } },
  // A sales consultant as the provider's directory knows them: its opaque id as the subject, the employee in employee_id.
  'sales-consultant': { secret: 'consultant-secret-0123456789abcd', claims: { role: 'sales-staff', branches: ['SH-01'], employee_id: 'E-OIDC-1' } },
};

/** A running provider process: its issuer, a client-credentials token, and a stop. */
class OpenIdProvider {
  private constructor(
    readonly issuer: string,
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
  ) {}

  static async start(port = 0): Promise<OpenIdProvider> {
    const child = spawn(process.execPath, [SCRIPT], {
      env: { ...process.env, PORT: String(port), AUDIENCE, CLIENTS: JSON.stringify(CLIENTS) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let output = '';
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
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.once('exit', (code) => reject(new Error(`the OpenID provider exited (${code}): ${output}`)));
    });
    return new OpenIdProvider(issuer, child, exited);
  }

  get port(): number {
    return Number(new URL(this.issuer).port);
  }

  /** A JWT access token for the client, from the provider's token endpoint (client_secret_basic). */
  async token(clientId: keyof typeof CLIENTS): Promise<string> {
    const response = await fetch(`${this.issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${CLIENTS[clientId].secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'kpi' }).toString(),
    });
    const body = (await response.json()) as { access_token?: string; token_type?: string };
    expect({ status: response.status, tokenType: body.token_type }).toEqual({ status: 200, tokenType: 'Bearer' });
    return body.access_token!;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      await this.exited;
    }
  }
}

async function startPlatform(db: TestDatabase, issuer: string): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [EventStoreModule.forRoot(() => ({ url: db.url })), BranchDirectoryModule, OrgModule, SalesModule, IdentityModule],
  })
    .overrideProvider(AUTH_SETTINGS)
    .useValue(authSettingsFrom({ AUTH_OIDC_ISSUER: issuer, AUTH_JWKS_URL: `${issuer}/jwks`, AUTH_AUDIENCE: AUDIENCE }))
    .overrideProvider(IDENTITY_SETTINGS)
    .useValue(identitySettingsFromEnv({ AUTH_OIDC_CLIENT_ID: 'kpi-dashboard' }))
    .compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  configureHttpApp(app, { title: 'oidc' });
  await app.init();
  return app;
}

const branch = (branchId: string) => ({
  branchId,
  name: branchId,
  brands: ['Volkswagen'],
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  cutoffMinutes: 0,
  openedOn: '2025-01-01',
});

const lead = (branchId: string) => ({ branchId, source: 'walk_in', segment: 'individual', consultantId: 'E-1', occurredAt: '2026-01-03T02:00:00Z' });

describe('OIDC mode with a real OpenID provider (oidc-provider, RS256, client credentials)', () => {
  let db: TestDatabase;
  let provider: OpenIdProvider;
  let app: INestApplication;
  const providers: OpenIdProvider[] = [];
  const apps: INestApplication[] = [];
  const http = (on: INestApplication = app) => request(on.getHttpServer() as Server);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    db = await createTestDatabase('oidc');
    provider = await OpenIdProvider.start();
    providers.push(provider);
    app = await startPlatform(db, provider.issuer);
    apps.push(app);
  });

  afterAll(async () => {
    for (const started of apps) await started.close();
    for (const started of providers) await started.stop();
    await db?.drop();
  });

  it("accepts the provider's token for a read and authorizes writes by its role and branch claims", async () => {
    const headOffice = await provider.token('head-office-tool');
    const branchSystem = await provider.token('dms-shanghai');
    const [header] = branchSystem.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });

    const me = await http().get('/api/v1/auth/me').set(bearer(branchSystem)).expect(200);
    expect(me.body).toEqual({
      principal: { kind: 'user', subject: 'dms-shanghai', role: 'branch-manager', regions: [], branches: ['SH-01'], contexts: [] },
      user: null,
    });

    for (const id of ['SH-01', 'BJ-01']) await http().post('/api/v1/org/branches').set(bearer(headOffice)).send(branch(id)).expect(201);
    const written = await http()
      .post(`/api/v1/sales/leads/${uniqueId('L-')}`)
      .set(bearer(branchSystem))
      .send(lead('SH-01'))
      .expect(201);
    const [event] = await app.get(EventStore).readStream((written.body as { streamId: string }).streamId);
    expect(event?.actor).toEqual({ kind: 'user', id: 'dms-shanghai' });
    const outside = await http()
      .post(`/api/v1/sales/leads/${uniqueId('L-')}`)
      .set(bearer(branchSystem))
      .send(lead('BJ-01'))
      .expect(403);
    expect(outside.body).toMatchObject({ code: 'OUT_OF_SCOPE' });
    const orgData = await http().post('/api/v1/org/branches').set(bearer(branchSystem)).send(branch('GZ-01')).expect(403);
    expect(orgData.body).toMatchObject({ code: 'ROLE_FORBIDDEN' });
  });

  it("reads the provider's employee_id claim: a sales consultant logs their own activity as that employee", async () => {
    const headOffice = await provider.token('head-office-tool');
    const consultant = await provider.token('sales-consultant');
    const me = await http().get('/api/v1/auth/me').set(bearer(consultant)).expect(200);
    expect(me.body).toMatchObject({ principal: { kind: 'user', subject: 'sales-consultant', role: 'sales-staff', employeeId: 'E-OIDC-1' } });
    await http()
      .post('/api/v1/org/employees/E-OIDC-1/assignments')
      .set(bearer(headOffice))
      .send({ branchId: 'SH-01', department: 'sales', role: 'sales_consultant', effectiveFrom: '2025-06-01' })
      .expect(201);
    const logged = await http()
      .post('/api/v1/sales/activities/ACT-OIDC-1')
      .set(bearer(consultant))
      .send({ branchId: 'SH-01', kind: 'visit', occurredAt: '2026-01-12T02:00:00Z' })
      .expect(201);
    const [event] = await app.get(EventStore).readStream((logged.body as { streamId: string }).streamId);
    expect(event).toMatchObject({ actor: { kind: 'user', id: 'sales-consultant' }, payload: { consultantId: 'E-OIDC-1' } });
  });

  it('tells the dashboard to sign in at the provider, and refuses password sign-in and client credentials here', async () => {
    const config = await http().get('/api/v1/auth/config').expect(200);
    expect(config.body).toEqual({
      signIn: 'oidc',
      oidc: {
        issuer: provider.issuer,
        authorizationEndpoint: `${provider.issuer}/auth`,
        tokenEndpoint: `${provider.issuer}/token`,
        endSessionEndpoint: `${provider.issuer}/session/end`,
        clientId: 'kpi-dashboard',
        scope: 'openid profile',
      },
    });
    const signIn = await http().post('/api/v1/auth/sign-in').send({ username: 'admin', password: 'whatever password' }).expect(409);
    expect(signIn.body).toMatchObject({ code: 'OIDC_SIGN_IN' });
    await http().post('/api/v1/auth/token').send({ grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' }).expect(409);
  });

  it('refuses tokens of another issuer', async () => {
    const stranger = await OpenIdProvider.start();
    providers.push(stranger);
    const token = await stranger.token('head-office-tool');
    const refused = await http().get('/api/v1/auth/me').set(bearer(token)).expect(401);
    expect(refused.body).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses tokens signed with the old key once the provider changed its key', async () => {
    const old = await provider.token('dms-shanghai');
    await http().get('/api/v1/auth/me').set(bearer(old)).expect(200);
    // The same issuer (same port) restarted with a new RS256 key.
    const port = provider.port;
    await provider.stop();
    provider = await OpenIdProvider.start(port);
    providers.push(provider);
    const fresh = await provider.token('dms-shanghai');
    // A platform that has not cached the old key set: the old key is unknown, the new one works.
    const restarted = await startPlatform(db, provider.issuer);
    apps.push(restarted);
    const refused = await http(restarted).get('/api/v1/auth/me').set(bearer(old)).expect(401);
    expect(refused.body).toMatchObject({ code: 'UNAUTHENTICATED', message: 'token signed with an unknown key' });
    await http(restarted).get('/api/v1/auth/me').set(bearer(fresh)).expect(200);
  });
});
