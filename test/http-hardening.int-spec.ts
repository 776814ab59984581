/**
 * Input hardening on the real command routes (org and sales over real Postgres, the app built
 * through Nest's TestingModule as every test app is): each probe gets a 4xx with the platform's
 * error body, never a 5xx, and appends nothing. JSON only (415), the plan import as
 * multipart/form-data with a bearer token, body depth and size limits, lone surrogates and NUL,
 * impossible calendar dates.
 */
import { SalesModule } from '@app/sales';
import { CommandTestApp, startCommandTestApp, uniqueId } from '@app/testing';

const cny = (net: string, tax: string, gross: string) => ({ currency: 'CNY', net, tax, gross });

describe('input hardening on the command routes', () => {
  let t: CommandTestApp;
  let branchId: string;

  const lead = (overrides: Record<string, unknown> = {}) => ({
    branchId,
    source: 'walk_in',
    segment: 'taxi',
    consultantId: 'E-1',
    modelOfInterest: 'Lavida',
    occurredAt: '2026-01-03T02:00:00Z',
    ...overrides,
  });
  const delivery = (overrides: Record<string, unknown> = {}) => ({
    branchId,
    vin: 'LSVAU2180N2183294',
    model: 'Lavida',
    condition: 'new',
    consultantId: 'E-1',
    invoice: cny('100000.00', '13000.00', '113000.00'),
    cost: cny('92000.00', '11960.00', '103960.00'),
    occurredAt: '2026-01-20T03:00:00Z',
    ...overrides,
  });

  beforeAll(async () => {
    t = await startCommandTestApp('hardening', [SalesModule]);
    branchId = uniqueId('HB');
    await t.openBranch(branchId);
  });

  afterAll(async () => {
    await t?.stop();
  });

  /** Sends the request and checks: the status, the error body with `code`, nothing appended. */
  async function refused(
    send: () => PromiseLike<{ status: number; body: unknown }>,
    status: number,
    code: string,
  ): Promise<{ message: string; errors?: { field: string; messages: string[] }[] }> {
    const before = await t.eventCount();
    const response = await send();
    expect([response.status, response.body]).toEqual([status, expect.objectContaining({ statusCode: status, code, message: expect.any(String) as unknown })]);
    expect(await t.eventCount()).toBe(before);
    return response.body as { message: string; errors?: { field: string; messages: string[] }[] };
  }

  it('a form-encoded, text or multipart command is a 415, whatever the token, and appends nothing', async () => {
    await refused(
      () =>
        t
          .http()
          .post(`/api/v1/sales/leads/${uniqueId('L')}`)
          .type('form')
          .send({ branchId, source: 'walk_in' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    await refused(
      () =>
        t
          .http()
          .post(`/api/v1/sales/leads/${uniqueId('L')}`)
          .set('content-type', 'text/plain')
          .send(JSON.stringify(lead())),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    await refused(
      () =>
        t
          .http()
          .post(`/api/v1/sales/leads/${uniqueId('L')}`)
          .attach('file', Buffer.from(JSON.stringify(lead())), 'lead.json'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    await refused(() => t.http().post('/api/v1/org/regions').type('form').send({ regionId: 'EAST', name: 'East' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refused(
      () => t.http().post('/api/v1/sales/batch').set('content-type', 'application/x-www-form-urlencoded').send('items=1'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    // The same command as JSON is accepted.
    await t
      .http()
      .post(`/api/v1/sales/leads/${uniqueId('L')}`)
      .send(lead())
      .expect(201);
  });

  it('the plan import stays multipart/form-data, requires a token, and refuses JSON with a 415', async () => {
    const plan = Buffer.from('kpi,periodKind,period,grain,grainId,model,segment,kind,value,unit\n');
    await refused(() => t.anonymous().post('/api/v1/org/targets/import').attach('file', plan, 'plan.csv'), 401, 'UNAUTHENTICATED');
    await refused(() => t.http().post('/api/v1/org/targets/import').send({ file: 'plan.csv' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const upload = await t.http().post('/api/v1/org/targets/import').query({ dryRun: 'true' }).attach('file', plan, 'plan.csv');
    expect(upload.status).toBeLessThan(500);
    expect(upload.status).not.toBe(415);
  });

  it('a body nested 2,000 deep is a 400 BODY_TOO_DEEP (it was a 500); one over the size limit a 413', async () => {
    const deep = `{"branchId":"${branchId}","source":${'['.repeat(2000)}${']'.repeat(2000)}}`;
    await refused(
      () =>
        t
          .http()
          .post(`/api/v1/sales/leads/${uniqueId('L')}`)
          .set('content-type', 'application/json')
          .send(deep),
      400,
      'BODY_TOO_DEEP',
    );
    await refused(() => t.http().post('/api/v1/sales/batch').set('content-type', 'application/json').send(deep), 400, 'BODY_TOO_DEEP');
    await refused(
      () =>
        t
          .http()
          .post(`/api/v1/sales/leads/${uniqueId('L')}`)
          .send(lead({ modelOfInterest: 'x'.repeat(6 * 1024 * 1024) })),
      413,
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('a lone UTF-16 surrogate or a NUL anywhere is a 400 naming the field (Postgres refused them with a 500)', async () => {
    const surrogate = await refused(
      () =>
        t
          .http()
          .post(`/api/v1/sales/leads/${uniqueId('L')}`)
          .set('content-type', 'application/json')
          .send(JSON.stringify(lead()).replace('"Lavida"', '"Lavida \\ud800"')),
      400,
      'VALIDATION_FAILED',
    );
    expect(surrogate.errors).toEqual([{ field: 'modelOfInterest', messages: [expect.stringContaining('lone UTF-16 surrogate') as unknown] }]);
    const inBatch = await refused(
      () =>
        t
          .http()
          .post('/api/v1/sales/batch')
          .set('content-type', 'application/json')
          .send(`{"items":[{"command":"CreateLead","body":{"consultantId":"E\\udfff"}}]}`),
      400,
      'VALIDATION_FAILED',
    );
    expect(inBatch.errors?.map((e) => e.field)).toEqual(['items[0].body.consultantId']);
    const nul = await refused(
      () =>
        t
          .http()
          .post(`/api/v1/sales/leads/${uniqueId('L')}`)
          .send(lead({ consultantId: 'E\u00001' })),
      400,
      'VALIDATION_FAILED',
    );
    expect(nul.errors?.map((e) => e.field)).toEqual(['consultantId']);
    await refused(() => t.http().post('/api/v1/sales/vehicle-sales/VS%001/delivery').send(delivery()), 400, 'VALIDATION_FAILED');
  });

  it('an impossible calendar date is a 400: 30 February is not stored as 2 March', async () => {
    const instant = await refused(
      () =>
        t
          .http()
          .post(`/api/v1/sales/leads/${uniqueId('L')}`)
          .send(lead({ occurredAt: '2026-02-30T00:00:00Z' })),
      400,
      'VALIDATION_FAILED',
    );
    expect(instant.errors?.map((e) => e.field)).toEqual(['occurredAt']);
    await refused(
      () =>
        t
          .http()
          .post(`/api/v1/sales/vehicle-sales/${uniqueId('VS')}/delivery`)
          .send(delivery({ occurredAt: '2025-02-29T10:00:00+08:00' })),
      400,
      'VALIDATION_FAILED',
    );
    const opened = await refused(
      () =>
        t
          .http()
          .post('/api/v1/org/branches')
          .send({ branchId: uniqueId('HB'), name: 'B', brands: ['VW'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2026-02-30' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(opened.errors?.map((e) => e.field)).toEqual(['openedOn']);
    const rate = await refused(
      () => t.http().post('/api/v1/org/exchange-rates').send({ month: '2026-13', fromCurrency: 'EUR', toCurrency: 'CNY', rate: '7.8' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(rate.errors?.map((e) => e.field)).toContain('month');
  });

  it('answers with security headers', async () => {
    const response = await t
      .http()
      .post(`/api/v1/sales/leads/${uniqueId('L')}`)
      .send(lead());
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});
