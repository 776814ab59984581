/**
 * GET /api/v1/reports/vehicle-revenue over HTTP, behind bearer tokens and access scopes, on the
 * ClickHouse engine (embedded unless CLICKHOUSE_URL is set) with the repository's migrations.
 */
import { assignBranchRegions, authHeaderFor, tokenFor } from '@app/auth';
import { CLICKHOUSE_CLIENT, ClickHouseClient, ClickHouseModule, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { configureHttpApp } from '@app/platform-kit';
import { useTestClickHouse } from '@app/testing';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { Server } from 'node:http';
import request from 'supertest';
import { ReportingModule } from './reporting.module';

const URL = '/api/v1/reports/vehicle-revenue';
const JANUARY = { from: '2026-01', to: '2026-01' };

let position = 0;
function delivery(branchId: string, net: string) {
  position += 1;
  return {
    event_id: randomUUID(),
    event_type: 'VehicleDelivered',
    branch_id: branchId,
    business_date: '2026-01-10',
    occurred_at: new Date('2026-01-10T03:00:00Z'),
    vehicle_sale_id: `VS-${position}`,
    vin: 'LSVAU2180N2183294',
    model: 'Lavida',
    revenue_stream: 'new_vehicles',
    currency: 'CNY',
    units: 1,
    revenue_net: net,
    revenue_tax: '0.00',
    revenue_gross: net,
    cost_net: '0.00',
    global_position: String(position),
  };
}

type Row = { branchId: string; revenueNet: string };

describe('GET /api/v1/reports/vehicle-revenue: 401 without a valid token, 403 outside scope', () => {
  let app: INestApplication;
  let clickhouse: ClickHouseClient;
  const http = () => request(app.getHttpServer() as Server);
  const branchesOf = (body: unknown) => (body as { rows: Row[] }).rows.map((r) => r.branchId);

  beforeAll(async () => {
    useTestClickHouse();
    const moduleRef = await Test.createTestingModule({ imports: [ClickHouseModule.forRoot(), ReportingModule] }).compile();
    app = moduleRef.createNestApplication({ logger: ['error'] });
    configureHttpApp(app, { title: 'test' });
    await app.init();
    clickhouse = app.get(CLICKHOUSE_CLIENT);
    await runClickHouseMigrations(clickhouse, MIGRATIONS_DIR, { logger: { log: () => undefined, warn: () => undefined } });
    await clickhouse.insert('fact_vehicle_sales', [delivery('SH-01', '100000.00'), delivery('SH-02', '200000.00'), delivery('GZ-01', '300000.00')]);
    await assignBranchRegions(clickhouse, [
      { branchId: 'SH-01', regionId: 'EAST' },
      { branchId: 'SH-02', regionId: 'EAST' },
      { branchId: 'GZ-01', regionId: 'SOUTH' },
    ]);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers 401 UNAUTHENTICATED with a Bearer challenge without a token', async () => {
    const response = await http().get(URL).query(JANUARY).expect(401);
    expect(response.body).toEqual({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'missing bearer token (Authorization: Bearer <token>)' });
    expect(response.headers['www-authenticate']).toBe('Bearer realm="dealer-kpi"');
  });

  it('answers 401 to a malformed, forged, expired or unsigned token', async () => {
    const forged = await tokenFor('head-office', {}, { secret: 'not-the-platform-secret-but-32-chars-long' });
    const expired = await tokenFor('head-office', {}, { expiresIn: '-1h' });
    const [, payload] = (await tokenFor('head-office')).split('.');
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    const cases: [string, string][] = [
      ['Basic dXNlcjpwYXNz', 'malformed Authorization header: expected "Bearer <token>"'],
      ['Bearer not.a.token', 'malformed token'],
      [`Bearer ${forged}`, 'token signature invalid'],
      [`Bearer ${expired}`, 'token expired'],
      [`Bearer ${unsigned}`, 'token algorithm not accepted'],
    ];
    for (const [authorization, message] of cases) {
      const response = await http().get(URL).query(JANUARY).set({ authorization }).expect(401);
      expect(response.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
      expect((response.body as { message: string }).message).toContain(message);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="dealer-kpi", error="invalid_token"');
    }
  });

  it('answers 403 OUT_OF_SCOPE for a branch outside the scope', async () => {
    const response = await http()
      .get(URL)
      .query({ ...JANUARY, branchId: 'GZ-01' })
      .set(await authHeaderFor('branch-manager', { branches: ['SH-01'] }))
      .expect(403);
    expect(response.body).toEqual({ statusCode: 403, code: 'OUT_OF_SCOPE', message: 'branch GZ-01 is outside your access scope' });
    await http()
      .get(URL)
      .query({ ...JANUARY, branchId: 'GZ-01' })
      .set(await authHeaderFor('region-manager', { regions: ['EAST'] }))
      .expect(403);
  });

  it('answers 200 with the branch inside the scope', async () => {
    const response = await http()
      .get(URL)
      .query({ ...JANUARY, branchId: 'SH-01' })
      .set(await authHeaderFor('branch-manager', { branches: ['SH-01'] }))
      .expect(200);
    expect(response.body).toEqual({
      rows: [{ branchId: 'SH-01', month: '2026-01', stream: 'new_vehicles', currency: 'CNY', revenueNet: '100000.00', units: 1 }],
    });
  });

  it("limits a request without branchId to the scope's branches", async () => {
    const as = async (...args: Parameters<typeof authHeaderFor>) =>
      branchesOf((await http().get(URL).query(JANUARY).set(await authHeaderFor(...args)).expect(200)).body);
    expect(await as('branch-manager', { branches: ['SH-01'] })).toEqual(['SH-01']);
    expect(await as('region-manager', { regions: ['EAST'] })).toEqual(['SH-01', 'SH-02']);
    expect(await as('region-manager', { regions: ['NORTH'] })).toEqual([]);
    expect(await as('analyst', { branches: ['GZ-01', 'SH-02'] })).toEqual(['GZ-01', 'SH-02']);
    expect(await as('analyst')).toEqual(['GZ-01', 'SH-01', 'SH-02']);
    expect(await as('head-office')).toEqual(['GZ-01', 'SH-01', 'SH-02']);
  });

  it('still validates the query (400) once authenticated', async () => {
    const response = await http()
      .get(URL)
      .query({ from: '2026-13', to: '2026-01' })
      .set(await authHeaderFor('head-office'))
      .expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
  });
});
