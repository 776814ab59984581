/**
 * Users, sign-in sessions, user admin, integration accounts and the rate limits, over HTTP on a
 * fresh database of the real Postgres, behind the platform's real authentication gate.
 */
import { tokenFor } from '@app/auth';
import { EventStore, EventStoreModule } from '@app/event-store';
import { BranchDirectoryModule, OrgModule } from '@app/org';
import { configureHttpApp } from '@app/platform-kit';
import { SalesModule } from '@app/sales';
import { createTestDatabase, TestDatabase, uniqueId } from '@app/testing';
import { INestApplication, Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Server } from 'node:http';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditLog } from './audit-log';
import { FirstAccount } from './first-account';
import { IdentityModule } from './identity.module';
import { IDENTITY_SETTINGS } from './identity.tokens';
import { IdentitySettings, identitySettingsFromEnv } from './identity.settings';

const settings = (overrides: Partial<IdentitySettings> = {}): IdentitySettings => ({
  ...identitySettingsFromEnv({}),
  failedAttemptsPerAddress: 1000,
  badTokensPerAddress: 1000,
  ...overrides,
});

async function startApp(db: TestDatabase, identity: IdentitySettings): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [EventStoreModule.forRoot(() => ({ url: db.url })), BranchDirectoryModule, OrgModule, SalesModule, IdentityModule],
  })
    .overrideProvider(IDENTITY_SETTINGS)
    .useValue(identity)
    .compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  configureHttpApp(app, { title: 'identity' });
  await app.init();
  return app;
}

const lead = (branchId: string) => ({
  branchId,
  source: 'walk_in',
  segment: 'individual',
  consultantId: 'E-1',
  occurredAt: '2026-01-03T02:00:00Z',
});

interface SignIn {
  accessToken: string;
  tokenType: string;
  expiresAt: string;
  user: { id: string; username: string; displayName: string; role: string; regions: string[]; branches: string[]; employeeId: string | null };
}

describe('users, sessions and integration accounts (real Postgres, the real gate)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let adminPassword: string;
  let admin: string; // the first account's token
  const http = () => request(app.getHttpServer() as Server);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  const signIn = async (username: string, password: string): Promise<SignIn> =>
    (await http().post('/api/v1/auth/sign-in').send({ username, password }).expect(200)).body as SignIn;

  const createUser = async (body: Record<string, unknown>): Promise<{ id: string; version: number }> =>
    (await http().post('/api/v1/users').set(bearer(admin)).send(body).expect(201)).body as { id: string; version: number };

  beforeAll(async () => {
    db = await createTestDatabase('identity');
    app = await startApp(db, settings());
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('makes the first head-office account once, with a generated password, when there is no user', async () => {
    const first = await app.get(FirstAccount).ensure();
    expect(first).toMatchObject({ status: 'created', username: 'admin' });
    adminPassword = (first as { generatedPassword: string }).generatedPassword;
    expect(adminPassword.length).toBeGreaterThanOrEqual(20);
    await expect(app.get(FirstAccount).ensure()).resolves.toEqual({ status: 'exists' });
    const signedIn = await signIn('admin', adminPassword);
    admin = signedIn.accessToken;
    expect(signedIn.user).toMatchObject({ username: 'admin', role: 'head-office', regions: [], branches: [] });
    const stored = await app.get(DataSource).query<{ password_hash: string }[]>(`SELECT password_hash FROM users`);
    expect(stored[0]?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('signs in: an HS256 token bound to a session, ending with it; /me gives the principal and the user', async () => {
    const created = await createUser({
      username: 'Li.Wei',
      displayName: 'Li Wei',
      role: 'branch-manager',
      branches: ['SH-01'],
      password: 'correct horse battery',
    });
    const started = Date.now();
    // Usernames are case-insensitive.
    const body = await signIn('li.wei', 'correct horse battery');
    expect(body).toEqual({
      accessToken: expect.any(String) as string,
      tokenType: 'Bearer',
      expiresAt: expect.any(String) as string,
      user: { id: created.id, username: 'Li.Wei', displayName: 'Li Wei', role: 'branch-manager', regions: [], branches: ['SH-01'], employeeId: null },
    });
    const hours = (Date.parse(body.expiresAt) - started) / 3_600_000;
    expect(hours).toBeGreaterThan(7.99);
    expect(hours).toBeLessThan(8.01);
    const [header, payload] = body.accessToken
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>) as [Record<string, unknown>, Record<string, unknown>];
    expect(header).toMatchObject({ alg: 'HS256' });
    expect(payload).toMatchObject({
      sub: created.id,
      role: 'branch-manager',
      branches: ['SH-01'],
      iss: 'dealer-kpi-dev',
      aud: 'dealer-kpi',
      sid: expect.any(String) as string,
    });
    expect(payload.exp).toBe(Math.floor(Date.parse(body.expiresAt) / 1000));
    const me = await http().get('/api/v1/auth/me').set(bearer(body.accessToken)).expect(200);
    expect(me.body).toEqual({
      principal: { kind: 'user', subject: created.id, role: 'branch-manager', regions: [], branches: ['SH-01'], contexts: [], sessionId: payload.sid },
      user: body.user,
    });
    await http().get('/api/v1/auth/config').expect(200, { signIn: 'password' });
  });

  it('answers one 401 INVALID_CREDENTIALS for a wrong password, an unknown user and a disabled user', async () => {
    const user = await createUser({ username: 'wang.fang', displayName: 'Wang Fang', role: 'analyst', password: 'analyst password 1' });
    const wrong = await http().post('/api/v1/auth/sign-in').send({ username: 'wang.fang', password: 'not the password' }).expect(401);
    const unknown = await http().post('/api/v1/auth/sign-in').send({ username: 'nobody', password: 'analyst password 1' }).expect(401);
    await http().patch(`/api/v1/users/${user.id}`).set(bearer(admin)).send({ disabled: true }).expect(200);
    const disabled = await http().post('/api/v1/auth/sign-in').send({ username: 'wang.fang', password: 'analyst password 1' }).expect(401);
    const expected = { statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'username or password is wrong, or the account is disabled' };
    expect([wrong.body, unknown.body, disabled.body]).toEqual([expected, expected, expected]);
    await http().patch(`/api/v1/users/${user.id}`).set(bearer(admin)).send({ disabled: false }).expect(200);
    await signIn('wang.fang', 'analyst password 1');
    // Malformed bodies are the usual 400 with field errors.
    const bad = await http().post('/api/v1/auth/sign-in').send({ username: 'x' }).expect(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'password', messages: expect.any(Array) as string[] }] });
  });

  it('signs out (204): the token is refused from then on', async () => {
    const { accessToken } = await signIn('wang.fang', 'analyst password 1');
    await http().get('/api/v1/auth/me').set(bearer(accessToken)).expect(200);
    await http().post('/api/v1/auth/sign-out').set(bearer(accessToken)).expect(204);
    const refused = await http().get('/api/v1/auth/me').set(bearer(accessToken)).expect(401);
    expect(refused.body).toEqual({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'session ended: sign in again' });
    await http().post('/api/v1/auth/sign-out').expect(401);
  });

  it('refuses the token of an expired session', async () => {
    const { accessToken } = await signIn('wang.fang', 'analyst password 1');
    const sid = (JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()) as { sid: string }).sid;
    await app.get(DataSource).query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [sid]);
    await http().get('/api/v1/auth/me').set(bearer(accessToken)).expect(401);
  });

  it('lets head office alone manage users: branch manager 403 ROLE_FORBIDDEN, anonymous 401', async () => {
    const manager = await signIn('li.wei', 'correct horse battery');
    const forbidden = await http().get('/api/v1/users').set(bearer(manager.accessToken)).expect(403);
    expect(forbidden.body).toMatchObject({ statusCode: 403, code: 'ROLE_FORBIDDEN' });
    await http()
      .post('/api/v1/users')
      .set(bearer(manager.accessToken))
      .send({ username: 'sneaky', displayName: 'S', role: 'head-office', password: 'a long password 1' })
      .expect(403);
    await http()
      .delete(`/api/v1/users/${manager.user.id}/sessions`)
      .set(bearer(await tokenFor('analyst')))
      .expect(403);
    const integration = await tokenFor('integration', { branches: ['SH-01'], contexts: ['sales'], subject: 'integration:dev' });
    await http().get('/api/v1/integrations').set(bearer(integration)).expect(403);
    await http().get('/api/v1/users').expect(401);
    await http().post('/api/v1/users').send({}).expect(401);
    // A head-office dev token (scripts, tests) may.
    const list = await http()
      .get('/api/v1/users')
      .set(bearer(await tokenFor('head-office')))
      .expect(200);
    expect((list.body as { username: string }[]).map((u) => u.username)).toEqual(['admin', 'Li.Wei', 'wang.fang']);
    expect(JSON.stringify(list.body)).not.toMatch(/argon2|password/i);
  });

  it('validates users: password policy, role scope, unique usernames (409), versions (409)', async () => {
    const refused = await http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ username: 'zhao.lei', displayName: 'Zhao Lei', role: 'sales-staff', password: 'short', extra: 1 })
      .expect(400);
    expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((refused.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(['extra', 'password']);
    const same = await http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ username: 'zhao.lei.12345', displayName: 'Zhao Lei', role: 'sales-staff', branches: ['SH-01'], password: 'ZHAO.LEI.12345' })
      .expect(400);
    expect(same.body).toMatchObject({ errors: [{ field: 'password', messages: ['password must not be the username'] }] });
    const scope = await http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ username: 'zhao.lei', displayName: 'Zhao Lei', role: 'sales-staff', password: 'a long password 1' })
      .expect(400);
    expect(scope.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'branches', messages: ['a sales-staff needs at least one branch'] }] });
    await http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ username: 'rm', displayName: 'R', role: 'region-manager', password: 'a long password 1' })
      .expect(400);
    await http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ username: 'dms', displayName: 'D', role: 'integration', branches: ['SH-01'], password: 'a long password 1' })
      .expect(400);
    const taken = await http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ username: 'LI.WEI', displayName: 'Other', role: 'analyst', password: 'a long password 1' })
      .expect(409);
    expect(taken.body).toMatchObject({ code: 'USERNAME_TAKEN' });

    const user = await createUser({ username: 'zhao.lei', displayName: 'Zhao Lei', role: 'sales-staff', branches: ['SH-01'], password: 'a long password 1' });
    expect(user.version).toBe(1);
    const renamed = await http().patch(`/api/v1/users/${user.id}`).set(bearer(admin)).set('If-Match', '"1"').send({ displayName: 'Zhao Lei (SH)' }).expect(200);
    expect(renamed.headers.etag).toBe('"2"');
    const stale = await http().patch(`/api/v1/users/${user.id}`).set(bearer(admin)).set('If-Match', '"1"').send({ displayName: 'Other' }).expect(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT' });
    await http().patch(`/api/v1/users/${user.id}`).set(bearer(admin)).send({ role: 'region-manager' }).expect(400);
    await http().patch(`/api/v1/users/not-a-user`).set(bearer(admin)).send({ disabled: true }).expect(404);
    // The last enabled head-office user stays.
    const adminId = ((await http().get('/api/v1/auth/me').set(bearer(admin)).expect(200)).body as { user: { id: string } }).user.id;
    const last = await http().patch(`/api/v1/users/${adminId}`).set(bearer(admin)).send({ disabled: true }).expect(409);
    expect(last.body).toMatchObject({ code: 'LAST_HEAD_OFFICE' });
  });

  it('revokes sessions on a password reset, a role or scope change, disabling, and on demand', async () => {
    const user = await createUser({ username: 'chen.jie', displayName: 'Chen Jie', role: 'service-staff', branches: ['SH-01'], password: 'first password 1' });
    const first = await signIn('chen.jie', 'first password 1');
    const reset = await http().post(`/api/v1/users/${user.id}/password`).set(bearer(admin)).send({ password: 'chen.jie' }).expect(400);
    expect(reset.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'password' }] });
    await http().post(`/api/v1/users/${user.id}/password`).set(bearer(admin)).send({ password: 'second password 2' }).expect(204);
    await http().get('/api/v1/auth/me').set(bearer(first.accessToken)).expect(401);
    await http().post('/api/v1/auth/sign-in').send({ username: 'chen.jie', password: 'first password 1' }).expect(401);

    const second = await signIn('chen.jie', 'second password 2');
    await http().patch(`/api/v1/users/${user.id}`).set(bearer(admin)).send({ displayName: 'Chen Jie (workshop)' }).expect(200);
    await http().get('/api/v1/auth/me').set(bearer(second.accessToken)).expect(200); // a name is not a permission
    await http()
      .patch(`/api/v1/users/${user.id}`)
      .set(bearer(admin))
      .send({ branches: ['SH-01', 'SH-02'] })
      .expect(200);
    await http().get('/api/v1/auth/me').set(bearer(second.accessToken)).expect(401);

    const third = await signIn('chen.jie', 'second password 2');
    expect(third.user.branches).toEqual(['SH-01', 'SH-02']);
    const listed = (await http().get(`/api/v1/users/${user.id}`).set(bearer(admin)).expect(200)).body as { activeSessions: number };
    expect(listed.activeSessions).toBe(1);
    await http().delete(`/api/v1/users/${user.id}/sessions`).set(bearer(admin)).expect(204);
    await http().get('/api/v1/auth/me').set(bearer(third.accessToken)).expect(401);

    const fourth = await signIn('chen.jie', 'second password 2');
    await http().patch(`/api/v1/users/${user.id}`).set(bearer(admin)).send({ disabled: true }).expect(200);
    await http().get('/api/v1/auth/me').set(bearer(fourth.accessToken)).expect(401);
  });

  it('writes every admin change to the audit log with the authenticated actor, and no secret', async () => {
    const adminId = ((await http().get('/api/v1/auth/me').set(bearer(admin)).expect(200)).body as { user: { id: string } }).user.id;
    const entries = await app.get(AuditLog).latest(1000);
    const actions = entries.map((e) => `${e.actor === adminId ? 'admin' : e.actor} ${e.action}`);
    expect(actions).toEqual(
      expect.arrayContaining<string>([
        'system:first-start user.created',
        'admin user.created',
        'admin user.updated',
        'admin user.password-reset',
        'admin user.sessions-revoked',
      ]),
    );
    expect(entries.find((e) => e.action === 'user.updated' && e.details.branches)?.details).toEqual({ branches: ['SH-01', 'SH-02'], sessionsRevoked: 1 });
    const text = JSON.stringify(entries);
    for (const secret of ['first password 1', 'second password 2', adminPassword, 'argon2']) expect(text).not.toContain(secret);
  });

  describe('the employee link of a user account', () => {
    const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    const logActivity = (token: string, activityId: string) =>
      http().post(`/api/v1/sales/activities/${activityId}`).set(bearer(token)).send({ branchId: 'GZ-01', kind: 'call', occurredAt: '2026-01-12T02:00:00Z' });

    beforeAll(async () => {
      await http()
        .post('/api/v1/org/branches')
        .set(bearer(admin))
        .send({
          branchId: 'GZ-01',
          name: 'GZ-01',
          brands: ['Volkswagen'],
          currency: 'CNY',
          timeZone: 'Asia/Shanghai',
          cutoffMinutes: 0,
          openedOn: '2025-01-01',
        })
        .expect(201);
      await http()
        .post('/api/v1/org/employees/E-GZ-7/assignments')
        .set(bearer(admin))
        .send({ branchId: 'GZ-01', department: 'sales', role: 'sales_consultant', effectiveFrom: '2025-06-01' })
        .expect(201);
    });

    it("head office links a consultant's account to their employee; the sign-in token carries it and logs the consultant's own activity", async () => {
      const user = await createUser({ username: 'wu.fang', displayName: 'Wu Fang', role: 'sales-staff', branches: ['GZ-01'], password: 'wu fang password 1' });
      expect(user).toMatchObject({ employeeId: null });
      // Not linked: the token has no employee_id, and the consultant cannot log an activity.
      const unlinked = await signIn('wu.fang', 'wu fang password 1');
      expect(unlinked.user.employeeId).toBeNull();
      expect(claimsOf(unlinked.accessToken)).not.toHaveProperty('employee_id');
      expect((await logActivity(unlinked.accessToken, 'ACT-GZ-0').expect(403)).body).toMatchObject({ code: 'NO_EMPLOYEE_LINK' });

      // Head office links the account: the user's answers show it, the old session ends (the token would not carry it).
      const linked = await http().patch(`/api/v1/users/${user.id}`).set(bearer(admin)).send({ employeeId: 'E-GZ-7' }).expect(200);
      expect(linked.body).toMatchObject({ id: user.id, employeeId: 'E-GZ-7', version: 2 });
      await http().get('/api/v1/auth/me').set(bearer(unlinked.accessToken)).expect(401);
      const listed = (await http().get('/api/v1/users').set(bearer(admin)).expect(200)).body as { id: string; employeeId: string | null }[];
      expect(listed.find((u) => u.id === user.id)).toMatchObject({ employeeId: 'E-GZ-7' });
      expect(listed.filter((u) => u.id !== user.id).every((u) => u.employeeId === null)).toBe(true);

      // The consultant signs in with the password: the token's principal has the employee.
      const signedIn = await signIn('wu.fang', 'wu fang password 1');
      expect(signedIn.user).toMatchObject({ id: user.id, employeeId: 'E-GZ-7' });
      expect(claimsOf(signedIn.accessToken)).toMatchObject({ sub: user.id, employee_id: 'E-GZ-7' });
      const me = await http().get('/api/v1/auth/me').set(bearer(signedIn.accessToken)).expect(200);
      expect(me.body).toMatchObject({ principal: { kind: 'user', subject: user.id, role: 'sales-staff', employeeId: 'E-GZ-7' } });

      // …and logs their own call: the consultant is the employee, the actor the user account.
      const logged = await logActivity(signedIn.accessToken, 'ACT-GZ-1').expect(201);
      const [event] = await app.get(EventStore).readStream((logged.body as { streamId: string }).streamId);
      expect(event).toMatchObject({
        type: 'SalesActivityLogged',
        branchId: 'GZ-01',
        actor: { kind: 'user', id: user.id },
        payload: { activityId: 'ACT-GZ-1', consultantId: 'E-GZ-7' },
      });

      // One account per employee; an employee id is validated; null unlinks.
      const twice = await http()
        .post('/api/v1/users')
        .set(bearer(admin))
        .send({
          username: 'wu.fang.2',
          displayName: 'Wu Fang 2',
          role: 'sales-staff',
          branches: ['GZ-01'],
          employeeId: 'E-GZ-7',
          password: 'wu fang password 2',
        })
        .expect(409);
      expect(twice.body).toMatchObject({ code: 'EMPLOYEE_ALREADY_LINKED' });
      const other = await createUser({
        username: 'wu.fang.3',
        displayName: 'Wu Fang 3',
        role: 'sales-staff',
        branches: ['GZ-01'],
        password: 'wu fang password 3',
      });
      expect((await http().patch(`/api/v1/users/${other.id}`).set(bearer(admin)).send({ employeeId: 'E-GZ-7' }).expect(409)).body).toMatchObject({
        code: 'EMPLOYEE_ALREADY_LINKED',
      });
      const malformed = await http().patch(`/api/v1/users/${other.id}`).set(bearer(admin)).send({ employeeId: 'E GZ/7' }).expect(400);
      expect(malformed.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'employeeId' }] });
      const unlinkedAgain = await http().patch(`/api/v1/users/${user.id}`).set(bearer(admin)).send({ employeeId: null }).expect(200);
      expect(unlinkedAgain.body).toMatchObject({ employeeId: null });
      await http().get('/api/v1/auth/me').set(bearer(signedIn.accessToken)).expect(401);

      // The audit log has each change of the link, by head office.
      const adminId = ((await http().get('/api/v1/auth/me').set(bearer(admin)).expect(200)).body as { user: { id: string } }).user.id;
      const changes = (await app.get(AuditLog).latest(1000)).filter((e) => e.target === user.id && e.action === 'user.updated');
      expect(changes.map((e) => ({ actor: e.actor, details: e.details }))).toEqual([
        { actor: adminId, details: { employeeId: null, sessionsRevoked: 1 } },
        { actor: adminId, details: { employeeId: 'E-GZ-7', sessionsRevoked: 1 } },
      ]);
    });
  });

  describe('integration accounts', () => {
    const sales = (token: string, branchId: string) =>
      http()
        .post(`/api/v1/sales/leads/${uniqueId('L-')}`)
        .set(bearer(token))
        .send(lead(branchId));
    const token = (body: Record<string, unknown>) =>
      http()
        .post('/api/v1/auth/token')
        .send({ grant_type: 'client_credentials', ...body });

    beforeAll(async () => {
      for (const branchId of ['SH-01', 'BJ-01']) {
        await http()
          .post('/api/v1/org/branches')
          .set(bearer(admin))
          .send({ branchId, name: branchId, brands: ['Volkswagen'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2025-01-01' })
          .expect(201);
      }
    });

    it('creates an account (secret once), issues client-credentials tokens that write in scope only, attributed to it', async () => {
      const created = await http()
        .post('/api/v1/integrations')
        .set(bearer(admin))
        .send({ clientId: 'dms-sh', name: 'DMS Shanghai', branches: ['SH-01'], contexts: ['sales'] })
        .expect(201);
      expect(created.body).toEqual({
        clientId: 'dms-sh',
        clientSecret: expect.stringMatching(/^dkpi_[A-Za-z0-9_-]{43}$/) as string,
        name: 'DMS Shanghai',
        branches: ['SH-01'],
        contexts: ['sales'],
        status: 'active',
        createdAt: expect.any(String) as string,
        createdBy: expect.any(String) as string,
        rotatedAt: null,
        revokedAt: null,
      });
      expect(created.headers['cache-control']).toBe('no-store');
      const secret = (created.body as { clientSecret: string }).clientSecret;
      await http()
        .post('/api/v1/integrations')
        .set(bearer(admin))
        .send({ clientId: 'dms-sh', name: 'again', branches: ['SH-01'], contexts: ['sales'] })
        .expect(409);
      const listed = await http().get('/api/v1/integrations').set(bearer(admin)).expect(200);
      expect(JSON.stringify(listed.body)).not.toContain(secret);

      const issued = await token({ client_id: 'dms-sh', client_secret: secret }).expect(200);
      expect(issued.body).toEqual({ access_token: expect.any(String) as string, token_type: 'Bearer', expires_in: 900 });
      const access = (issued.body as { access_token: string }).access_token;
      const basic = Buffer.from(`dms-sh:${secret}`).toString('base64');
      await http().post('/api/v1/auth/token').set('authorization', `Basic ${basic}`).send({ grant_type: 'client_credentials' }).expect(200);

      const written = await sales(access, 'SH-01').expect(201);
      const [event] = await app.get(EventStore).readStream((written.body as { streamId: string }).streamId);
      expect(event?.actor).toEqual({ kind: 'integration', id: 'integration:dms-sh' });
      const outside = await sales(access, 'BJ-01').expect(403);
      expect(outside.body).toMatchObject({ code: 'OUT_OF_SCOPE' });
      const workshop = await http()
        .post('/api/v1/org/branches')
        .set(bearer(access))
        .send({ branchId: 'X-1', name: 'X', brands: ['VW'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2025-01-01' })
        .expect(403);
      expect(workshop.body).toMatchObject({ code: 'ROLE_FORBIDDEN' });

      const wrong = await token({ client_id: 'dms-sh', client_secret: `${secret}x` }).expect(401);
      expect(wrong.body).toMatchObject({ error: 'invalid_client', code: 'INVALID_CLIENT' });
      await token({ client_id: 'nobody', client_secret: secret }).expect(401);
      await http()
        .post('/api/v1/auth/token')
        .send({ grant_type: 'password', username: 'a', password: 'b' })
        .expect(400, /unsupported_grant_type/);
      await http()
        .post('/api/v1/auth/token')
        .send({ grant_type: 'client_credentials' })
        .expect(400, /invalid_request/);
    });

    it('rotates: the old secret and its tokens stop working, the new ones work', async () => {
      const created = await http()
        .post('/api/v1/integrations')
        .set(bearer(admin))
        .send({ clientId: 'dms-rot', name: 'Rotating', branches: ['SH-01'], contexts: ['sales', 'parts'] })
        .expect(201);
      const oldSecret = (created.body as { clientSecret: string }).clientSecret;
      const oldToken = ((await token({ client_id: 'dms-rot', client_secret: oldSecret }).expect(200)).body as { access_token: string }).access_token;
      await sales(oldToken, 'SH-01').expect(201);
      const rotated = await http().post('/api/v1/integrations/dms-rot/secret').set(bearer(admin)).expect(200);
      const newSecret = (rotated.body as { clientSecret: string; rotatedAt: string }).clientSecret;
      expect(newSecret).not.toBe(oldSecret);
      expect(rotated.body).toMatchObject({ clientId: 'dms-rot', rotatedAt: expect.any(String) as string });
      await token({ client_id: 'dms-rot', client_secret: oldSecret }).expect(401);
      await sales(oldToken, 'SH-01').expect(401);
      const newToken = ((await token({ client_id: 'dms-rot', client_secret: newSecret }).expect(200)).body as { access_token: string }).access_token;
      await sales(newToken, 'SH-01').expect(201);
      await http().post('/api/v1/integrations/nobody/secret').set(bearer(admin)).expect(404);
    });

    it('revokes: the secret and every token stop working, and the client id is not reused', async () => {
      const created = await http()
        .post('/api/v1/integrations')
        .set(bearer(admin))
        .send({ clientId: 'dms-rev', name: 'Revoked', branches: ['SH-01'], contexts: ['sales'] })
        .expect(201);
      const secret = (created.body as { clientSecret: string }).clientSecret;
      const access = ((await token({ client_id: 'dms-rev', client_secret: secret }).expect(200)).body as { access_token: string }).access_token;
      await sales(access, 'SH-01').expect(201);
      await http().delete('/api/v1/integrations/dms-rev').set(bearer(admin)).expect(204);
      await sales(access, 'SH-01').expect(401);
      await token({ client_id: 'dms-rev', client_secret: secret }).expect(401);
      await http().post('/api/v1/integrations/dms-rev/secret').set(bearer(admin)).expect(409);
      await http()
        .post('/api/v1/integrations')
        .set(bearer(admin))
        .send({ clientId: 'dms-rev', name: 'again', branches: ['SH-01'], contexts: ['sales'] })
        .expect(409);
      const listed = (await http().get('/api/v1/integrations').set(bearer(admin)).expect(200)).body as { clientId: string; status: string }[];
      expect(listed.find((a) => a.clientId === 'dms-rev')?.status).toBe('revoked');
      const audit = (await app.get(AuditLog).latest(1000)).map((e) => `${e.action} ${e.target}`);
      expect(audit).toEqual(
        expect.arrayContaining<string>(['integration.created dms-rev', 'integration.revoked dms-rev', 'integration.secret-rotated dms-rot']),
      );
    });
  });

  describe('rate limits', () => {
    let limited: INestApplication;
    const limitedHttp = () => request(limited.getHttpServer() as Server);

    beforeAll(async () => {
      limited = await startApp(db, settings({ failedAttemptsPerAccount: 3, failedAttemptsPerAddress: 6, badTokensPerAddress: 4 }));
    });

    afterAll(async () => {
      await limited?.close();
    });

    it('refuses sign-ins for a username after its failures (429 TOO_MANY_ATTEMPTS, Retry-After), even with the right password', async () => {
      for (let i = 0; i < 3; i += 1)
        await limitedHttp()
          .post('/api/v1/auth/sign-in')
          .send({ username: 'li.wei', password: `wrong ${i}` })
          .expect(401);
      const blocked = await limitedHttp().post('/api/v1/auth/sign-in').send({ username: 'li.wei', password: 'correct horse battery' }).expect(429);
      expect(blocked.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_ATTEMPTS' });
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
      // Another user from the same address still may.
      await limitedHttp().post('/api/v1/auth/sign-in').send({ username: 'wang.fang', password: 'analyst password 1' }).expect(200);
    });

    it('refuses an address after its failures across usernames and clients', async () => {
      for (let i = 0; i < 3; i += 1)
        await limitedHttp()
          .post('/api/v1/auth/sign-in')
          .send({ username: `ghost-${i}`, password: 'whatever it is' })
          .expect(401);
      const blocked = await limitedHttp()
        .post('/api/v1/auth/token')
        .send({ grant_type: 'client_credentials', client_id: 'ghost', client_secret: 'nope' })
        .expect(429);
      expect(blocked.body).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', error: 'slow_down' });
      expect(blocked.headers['retry-after']).toBeDefined();
      await limitedHttp().post('/api/v1/auth/sign-in').send({ username: 'wang.fang', password: 'analyst password 1' }).expect(429);
    });

    it('refuses requests with bad tokens from an address after its failures', async () => {
      for (let i = 0; i < 4; i += 1) await limitedHttp().get('/api/v1/auth/me').set('authorization', `Bearer not.a.token${i}`).expect(401);
      const blocked = await limitedHttp().get('/api/v1/auth/me').set('authorization', 'Bearer not.a.token').expect(429);
      expect(blocked.body).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
      expect(blocked.headers['retry-after']).toBeDefined();
      // Public routes and requests without a token are not held up.
      await limitedHttp().get('/api/v1/auth/config').expect(200);
      await limitedHttp().get('/api/v1/auth/me').expect(401);
    });
  });

  it('never logs a password, hash, secret or token', async () => {
    const lines: string[] = [];
    const spies = (['log', 'warn', 'error', 'debug', 'verbose'] as const).map((level) =>
      jest.spyOn(Logger.prototype, level).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' '))),
    );
    try {
      const user = await createUser({ username: 'log.check', displayName: 'Log', role: 'analyst', password: 'log password secret 1' });
      const signedIn = await signIn('log.check', 'log password secret 1');
      await http().post(`/api/v1/users/${user.id}/password`).set(bearer(admin)).send({ password: 'log password secret 2' }).expect(204);
      const created = await http()
        .post('/api/v1/integrations')
        .set(bearer(admin))
        .send({ clientId: 'dms-log', name: 'Log', branches: ['SH-01'], contexts: ['sales'] })
        .expect(201);
      const secret = (created.body as { clientSecret: string }).clientSecret;
      const text = lines.join('\n');
      expect(lines.length).toBeGreaterThan(0);
      for (const value of ['log password secret', signedIn.accessToken, secret, 'argon2']) expect(text).not.toContain(value);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
