import { tokenFor } from '@app/auth';
import { createTestDatabase, TestDatabase, uniqueId } from '@app/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, TestChild, waitHealthy } from './support/child-process';
import { VIN } from './support/load';

/**
 * Invariant 8: no secret or token appears in the logs. Real services (the sales service and the
 * reporting API, as docker compose runs them) start with a DATABASE_URL that carries a password
 * and an AUTH_JWT_SECRET at the most verbose log level; they take requests with bearer tokens
 * (valid, forged, in a query string), refusals and errors among them, and a query parameter that
 * reaches ClickHouse, then stop; a third one is refused by the configuration check, a fourth for
 * starting in production without a secret. Everything they print is read back and searched.
 * (ClickHouse's error messages, which quote parameter values, are redacted by libs/clickhouse:
 * clickhouse.contract.ts and reporting-params.clickhouse.spec.ts test that path.)
 */
describe('reliability: no secret or token in the logs', () => {
  let db: TestDatabase;
  let dir: string;
  const role = `rel_secret_${randomBytes(4).toString('hex')}`;
  const password = `Pw${randomBytes(18).toString('hex')}`;
  const jwtSecret = `jwt-${randomBytes(24).toString('hex')}`;
  const opaqueToken = `tok_${randomBytes(20).toString('hex')}`;
  const paramValue = `PARAM-${randomBytes(12).toString('hex')}`;
  const smtpPassword = `smtp-${randomBytes(18).toString('hex')}`;

  async function admin(sql: string, database?: string): Promise<void> {
    const url = new URL(process.env.POSTGRES_ADMIN_URL ?? '');
    if (database) url.pathname = `/${database}`;
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase('rel_secrets');
    dir = mkdtempSync(join(tmpdir(), 'kpi-secrets-'));
    // A login with a password that owns the test database: the password is in DATABASE_URL only.
    await admin(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
    await admin(`ALTER DATABASE ${db.name} OWNER TO ${role}`);
    await admin(`ALTER SCHEMA public OWNER TO ${role}`, db.name);
  });

  afterAll(async () => {
    await db?.drop();
    await admin(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function databaseUrl(port?: number): string {
    const url = new URL(db.url);
    url.username = role;
    url.password = password;
    if (port !== undefined) url.port = String(port);
    return url.toString();
  }

  function serviceEnv(port: number, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl(),
      AUTH_JWT_SECRET: jwtSecret,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS,
      KAFKA_TOPIC_PREFIX: `${uniqueId('t')}.`,
      CLICKHOUSE_DATA_DIR: join(dir, 'clickhouse'),
      CLICKHOUSE_DATABASE: 'kpi',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'verbose',
      ...extra,
    };
    delete env.CLICKHOUSE_URL;
    return env;
  }

  it('prints none of the password, the JWT secret or the bearer tokens, whatever happens', async () => {
    const valid = await tokenFor('head-office', {}, { secret: jwtSecret });
    const forged = await tokenFor('head-office', {}, { secret: `not-${jwtSecret}` });
    const tokens = [valid, forged, opaqueToken];
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const logs: string[] = [];
    const started = Date.now();
    const step = (what: string) => process.stdout.write(`[secrets] +${((Date.now() - started) / 1000).toFixed(1)} s ${what}\n`);

    // Three services start side by side: the sales service, the reporting API, and one whose start
    // the configuration check refuses (a malformed DATABASE_URL that still carries the password,
    // and a JWT secret too short to be accepted: its value must not be echoed either).
    const salesPort = await freePort();
    const salesLog = join(dir, 'sales.log');
    const sales = TestChild.start('apps/sales-service/src/main.ts', { env: serviceEnv(salesPort), logFile: salesLog });
    const reportsPort = await freePort();
    const reportsLog = join(dir, 'reports.log');
    // With the pack delivery's SMTP settings, whose password must not be echoed (no mail is sent: no subscription).
    const smtpEnv = { SMTP_URL: `smtp://kpi-mailer:${smtpPassword}@127.0.0.1:${await freePort()}`, SMTP_FROM: 'kpi@dealer.example' };
    const reports = TestChild.start('apps/reporting-api/src/main.ts', { env: serviceEnv(reportsPort, smtpEnv), logFile: reportsLog });
    const shortSecret = `short-${randomBytes(10).toString('hex')}`;
    const refusedLog = join(dir, 'refused.log');
    const malformed = databaseUrl().replace('postgres://', 'postgres//');
    const refused = TestChild.start('apps/sales-service/src/main.ts', {
      env: serviceEnv(await freePort(), { DATABASE_URL: malformed, AUTH_JWT_SECRET: shortSecret }),
      logFile: refusedLog,
    });
    // And one in production with no secret of its own: refused at the configuration check as well.
    const productionLog = join(dir, 'production.log');
    const productionEnv = serviceEnv(await freePort(), { NODE_ENV: 'production' });
    delete productionEnv.AUTH_JWT_SECRET;
    const production = TestChild.start('apps/reporting-api/src/main.ts', { env: productionEnv, logFile: productionLog });

    // The sales service: commands with tokens, every one refused (no branch exists), some malformed.
    const salesUrl = `http://127.0.0.1:${salesPort}`;
    await waitHealthy(`${salesUrl}/health`, sales, 90_000);
    const post = (path: string, body: unknown, headers: Record<string, string>) =>
      fetch(`${salesUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const delivery = {
      branchId: 'SH-01',
      vin: VIN,
      model: 'Lavida',
      condition: 'new',
      consultantId: 'E-1',
      invoice: { currency: 'CNY', net: '1.00', tax: '0.13', gross: '1.13' },
      cost: { currency: 'CNY', net: '1.00', tax: '0.13', gross: '1.13' },
      occurredAt: '2026-01-05T03:00:00Z',
    };
    const statuses: number[] = [];
    for (const token of tokens) {
      statuses.push(
        (await post('/api/v1/sales/vehicle-sales/VS-S1/delivery', delivery, { ...bearer(token), 'idempotency-key': `k-${token.slice(-12)}` })).status,
      );
      statuses.push((await post('/api/v1/sales/vehicle-sales/VS-S2/delivery', { ...delivery, vin: token }, bearer(token))).status);
      statuses.push((await post(`/api/v1/sales/nowhere?access_token=${token}`, {}, bearer(token))).status);
      statuses.push((await post('/api/v1/sales/vehicle-sales/VS-S3/payments', { branchId: 'SH-01' }, { ...bearer(token), 'x-actor-id': token })).status);
    }
    expect(statuses.every((s) => s >= 400 && s < 500)).toBe(true); // branch SH-01 does not exist: every one is refused
    expect((await sales.stop()).code).toBe(0);
    logs.push(readFileSync(salesLog, 'utf8'));
    step('sales service stopped');

    // The reporting API: reads with valid, forged and opaque tokens.
    const reportsUrl = `http://127.0.0.1:${reportsPort}`;
    await waitHealthy(`${reportsUrl}/health`, reports, 90_000);
    const readStatuses: number[] = [];
    for (const token of tokens) {
      readStatuses.push((await fetch(`${reportsUrl}/api/v1/kpis/revenue_new_vehicles?from=2026-01&to=2026-02`, { headers: bearer(token) })).status);
      readStatuses.push((await fetch(`${reportsUrl}/api/v1/kpis/revenue_new_vehicles?from=2026-13&to=${token}`, { headers: bearer(token) })).status);
    }
    // The valid token passes the guard (the secret really is in use); the forged one does not.
    expect([401, 403]).not.toContain(readStatuses[0]);
    expect(readStatuses.slice(2, 4)).toEqual([401, 401]);
    // A query parameter value that reaches ClickHouse (bound, or inlined by the embedded engine). Here
    // no projector has created the tables, so the engine refuses the statement and the error is
    // logged: ClickHouse quotes the statement it ran, values included, and the log must not.
    const branchAnswer = await fetch(
      `${reportsUrl}/api/v1/kpis/revenue_new_vehicles?from=2026-01&to=2026-02&groupBy=branch&currency=branch&branchId=${paramValue}`,
      { headers: bearer(valid) },
    );
    expect([400, 401, 403]).not.toContain(branchAnswer.status);
    expect((await reports.stop()).code).toBe(0);
    logs.push(readFileSync(reportsLog, 'utf8'));
    step('reporting API stopped');

    const exit = await refused.exited;
    expect(exit.code).toBe(1);
    const refusedText = readFileSync(refusedLog, 'utf8');
    expect(refusedText).toContain('AUTH_JWT_SECRET must be at least 32 characters');
    expect(refusedText).toContain('DATABASE_URL must be a postgres:// URL');
    logs.push(refusedText);
    step('a start with a malformed configuration was refused');
    expect((await production.exited).code).toBe(1);
    const productionText = readFileSync(productionLog, 'utf8');
    expect(productionText).toContain('AUTH_JWT_SECRET is required with NODE_ENV=production');
    logs.push(productionText);
    step('a production start without AUTH_JWT_SECRET was refused');
    tokens.push(shortSecret);

    const text = logs.join('\n');
    // The logs were really read: the services said what they use, with the password masked.
    expect(text).toContain('listening on');
    expect(text).toContain(`${role}:***@`);
    expect(text).toMatch(/scheduled pack delivery is on: SMTP 127\.0\.0\.1:\d+ \(STARTTLS when offered, user kpi-mailer\)/);
    expect(text.length).toBeGreaterThan(2000);
    const secrets = [password, encodeURIComponent(password), jwtSecret, smtpPassword, paramValue, ...tokens, ...tokens.map((t) => t.split('.').at(-1) ?? t)];
    expect(secrets.filter((secret) => text.includes(secret))).toEqual([]);
  }, 300_000);
});
