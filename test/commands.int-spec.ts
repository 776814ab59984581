import { SalesModule } from '@app/sales';
import { CommandTestApp, startCommandTestApp } from '@app/testing';

const delivery = (overrides: Record<string, unknown> = {}) => ({
  branchId: 'GZ-01',
  vin: 'LSVAU2180N2183294',
  model: 'Lavida',
  condition: 'new',
  consultantId: 'E-1',
  invoice: { currency: 'CNY', net: '1000.00', tax: '130.00', gross: '1130.00' },
  cost: { currency: 'CNY', net: '900.00', tax: '117.00', gross: '1017.00' },
  occurredAt: '2026-01-05T03:00:00Z',
  ...overrides,
});

describe('command side over HTTP: branch checks, idempotency keys, batches (real Postgres)', () => {
  let t: CommandTestApp;
  const http = () => t.http();
  const eventCount = () => t.eventCount();

  beforeAll(async () => {
    t = await startCommandTestApp('cmd', [SalesModule]);
    await t.openBranch('GZ-01');
    await t.openBranch('MAD-01', { currency: 'EUR', timeZone: 'Europe/Madrid' });
    await t.openBranch('OLD-01');
    await t.closeBranch('OLD-01');
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('refuses an unknown branch, a closed branch and money in another currency with 400, appending nothing', async () => {
    const before = await eventCount();
    expect(
      (
        await http()
          .post('/api/v1/sales/vehicle-sales/X-1/delivery')
          .send(delivery({ branchId: 'NOPE-01' }))
          .expect(400)
      ).body,
    ).toMatchObject({ code: 'UNKNOWN_BRANCH' });
    expect(
      (
        await http()
          .post('/api/v1/sales/vehicle-sales/X-2/delivery')
          .send(delivery({ branchId: 'OLD-01' }))
          .expect(400)
      ).body,
    ).toMatchObject({ code: 'BRANCH_CLOSED' });
    const eur = { currency: 'EUR', net: '1000.00', tax: '210.00', gross: '1210.00' };
    expect(
      (
        await http()
          .post('/api/v1/sales/vehicle-sales/X-3/delivery')
          .send(delivery({ invoice: eur, cost: eur }))
          .expect(400)
      ).body,
    ).toMatchObject({
      code: 'CURRENCY_MISMATCH',
    });
    await http()
      .post('/api/v1/sales/vehicle-sales/X-4/delivery')
      .send(delivery({ branchId: 'MAD-01', invoice: eur, cost: eur }))
      .expect(201);
    expect(await eventCount()).toBe(before + 1);
  });

  it('takes a late sync for a closed branch dated up to its closing day, and nothing after it', async () => {
    // OLD-01 closed on 2025-12-31 (Asia/Shanghai, midnight cut-off).
    await http()
      .post('/api/v1/sales/vehicle-sales/LATE-SYNC-1/delivery')
      .send(delivery({ branchId: 'OLD-01', occurredAt: '2025-12-31T03:00:00Z' }))
      .expect(201);
    const after = await http()
      .post('/api/v1/sales/vehicle-sales/LATE-SYNC-2/delivery')
      .send(delivery({ branchId: 'OLD-01', occurredAt: '2025-12-31T16:30:00Z' }))
      .expect(400);
    expect(after.body).toMatchObject({ code: 'BRANCH_CLOSED' });
  });

  it('answers a retry with the same Idempotency-Key with the first result and appends nothing', async () => {
    const first = await http().post('/api/v1/sales/vehicle-sales/IDEM-1/delivery').set('Idempotency-Key', 'dms:IDEM-1').send(delivery()).expect(201);
    expect(first.headers['idempotent-replayed']).toBe('false');
    const before = await eventCount();
    const retry = await http().post('/api/v1/sales/vehicle-sales/IDEM-1/delivery').set('Idempotency-Key', 'dms:IDEM-1').send(delivery()).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await eventCount()).toBe(before);
    // Without the key, the same request is a second delivery of the same sale: a conflict.
    await http().post('/api/v1/sales/vehicle-sales/IDEM-1/delivery').send(delivery()).expect(409);
  });

  it('replays a retry even when what the command checks has changed since: the branch closed meanwhile', async () => {
    await t.openBranch('SHUT-01');
    const first = await http()
      .post('/api/v1/sales/vehicle-sales/IDEM-SHUT/delivery')
      .set('Idempotency-Key', 'dms:IDEM-SHUT')
      .send(delivery({ branchId: 'SHUT-01', occurredAt: '2026-01-05T03:00:00Z' }))
      .expect(201);
    // Head office closes the branch with a closing day before the delivery: a new delivery is refused…
    await t.closeBranch('SHUT-01', '2025-12-31');
    await http()
      .post('/api/v1/sales/vehicle-sales/IDEM-SHUT-2/delivery')
      .send(delivery({ branchId: 'SHUT-01', occurredAt: '2026-01-05T03:00:00Z' }))
      .expect(400);
    // …but the retry of the first one is answered as it was.
    const before = await eventCount();
    const retry = await http()
      .post('/api/v1/sales/vehicle-sales/IDEM-SHUT/delivery')
      .set('Idempotency-Key', 'dms:IDEM-SHUT')
      .send(delivery({ branchId: 'SHUT-01', occurredAt: '2026-01-05T03:00:00Z' }))
      .expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.text).toBe(first.text);
    expect(await eventCount()).toBe(before);
  });

  it('refuses the same key with a different request with 422', async () => {
    await http().post('/api/v1/sales/vehicle-sales/IDEM-2/delivery').set('Idempotency-Key', 'dms:IDEM-2').send(delivery()).expect(201);
    const reused = await http()
      .post('/api/v1/sales/vehicle-sales/IDEM-2/delivery')
      .set('Idempotency-Key', 'dms:IDEM-2')
      .send(delivery({ model: 'Passat' }))
      .expect(422);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('runs concurrent retries with one key once', async () => {
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => http().post('/api/v1/sales/vehicle-sales/IDEM-3/delivery').set('Idempotency-Key', 'dms:IDEM-3').send(delivery())),
    );
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(responses.map((r) => r.text)).size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'false')).toHaveLength(1);
    expect(await t.store.readStream('vehicle-sale-IDEM-3')).toHaveLength(1);
  });

  it('answers a batch item by item, and a retried batch applies nothing twice', async () => {
    const items = [
      { command: 'DeliverVehicle', idempotencyKey: 'b:1', params: { vehicleSaleId: 'B-1' }, body: delivery() },
      { command: 'DeliverVehicle', idempotencyKey: 'b:2', params: { vehicleSaleId: 'B-2' }, body: delivery({ vin: 'BAD' }) },
      { command: 'FlyToMoon', idempotencyKey: 'b:3', body: {} },
      { command: 'DeliverVehicle', idempotencyKey: 'b:4', params: { vehicleSaleId: 'B-1' }, body: delivery({ model: 'again' }) },
      { command: 'DeliverVehicle', idempotencyKey: 'b:5', params: {}, body: delivery() },
      { command: 'DeliverVehicle', idempotencyKey: 'b:6', params: { vehicleSaleId: 'B-6' }, body: delivery({ branchId: 'NOPE-01' }) },
    ];
    const before = await eventCount();
    const first = await http().post('/api/v1/sales/batch').send({ items }).expect(200);
    const statuses = (first.body as { results: { status: number; body: { code?: string } }[] }).results.map((r) => [r.status, r.body.code]);
    expect(statuses).toEqual([
      [201, undefined],
      [400, 'VALIDATION_FAILED'],
      [400, 'UNKNOWN_COMMAND'],
      [409, 'VEHICLE_ALREADY_DELIVERED'],
      [400, 'VALIDATION_FAILED'],
      [400, 'UNKNOWN_BRANCH'],
    ]);
    expect(first.body).toMatchObject({ succeeded: 1, failed: 5 });
    expect(await eventCount()).toBe(before + 1);

    const again = await http().post('/api/v1/sales/batch').send({ items }).expect(200);
    expect((again.body as { results: { replayed: boolean }[] }).results[0]).toMatchObject({ status: 201, replayed: true });
    expect(await eventCount()).toBe(before + 1);

    // The single endpoint and the batch share keys: the same key and request replays across them.
    const single = await http().post('/api/v1/sales/vehicle-sales/B-1/delivery').set('Idempotency-Key', 'b:1').send(delivery()).expect(201);
    expect(single.headers['idempotent-replayed']).toBe('true');
  });

  it('refuses a batch of more than 1000 items or none', async () => {
    const item = { command: 'DeliverVehicle', idempotencyKey: 'x', params: { vehicleSaleId: 'X' }, body: delivery() };
    await http()
      .post('/api/v1/sales/batch')
      .send({ items: Array.from({ length: 1001 }, () => item) })
      .expect(400);
    await http().post('/api/v1/sales/batch').send({ items: [] }).expect(400);
  });
});
