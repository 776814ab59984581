import { EventEnvelope, parseEvent, SALES_EVENTS, topicFor } from '@app/contracts';
import { CheckpointStore } from '@app/event-store';
import { EventRelay, ensureTopics, KafkaEventPublisher, kafkaSettingsFromEnv } from '@app/messaging';
import { bearerFor } from '@app/auth';
import { SalesModule } from '@app/sales';
import { CommandTestApp, readTopic, runUntilHandedOver, startCommandTestApp, testKafka, uniqueId } from '@app/testing';

const cny = (net: string, tax: string, gross: string) => ({ currency: 'CNY', net, tax, gross });

const lead = (overrides: Record<string, unknown> = {}) => ({
  branchId: 'SH-01',
  source: 'walk_in',
  segment: 'taxi',
  consultantId: 'E-1',
  modelOfInterest: 'Lavida',
  occurredAt: '2026-01-03T02:00:00Z',
  ...overrides,
});

const testDrive = (overrides: Record<string, unknown> = {}) => ({
  branchId: 'SH-01',
  model: 'Lavida',
  consultantId: 'E-1',
  occurredAt: '2026-01-04T06:30:00Z',
  ...overrides,
});

const order = (overrides: Record<string, unknown> = {}) => ({
  branchId: 'SH-01',
  orderId: 'O-1',
  model: 'Lavida',
  condition: 'new',
  listPrice: cny('106194.69', '13805.31', '120000.00'),
  transactionPrice: cny('100000.00', '13000.00', '113000.00'),
  deposit: cny('5000.00', '0.00', '5000.00'),
  finance: 'loan',
  consultantId: 'E-1',
  customerId: 'C-1',
  occurredAt: '2026-01-06T08:00:00Z',
  ...overrides,
});

const payment = (overrides: Record<string, unknown> = {}) => ({
  branchId: 'SH-01',
  kind: 'deposit',
  amount: cny('5000.00', '0.00', '5000.00'),
  occurredAt: '2026-01-06T08:30:00Z',
  ...overrides,
});

const delivery = (overrides: Record<string, unknown> = {}) => ({
  branchId: 'SH-01',
  vin: 'LSVAU2180N2183294',
  model: 'Lavida',
  condition: 'new',
  consultantId: 'E-1',
  invoice: cny('100000.00', '13000.00', '113000.00'),
  cost: cny('92000.00', '11960.00', '103960.00'),
  occurredAt: '2026-01-20T03:00:00Z',
  ...overrides,
});

const cancellation = (overrides: Record<string, unknown> = {}) => ({
  branchId: 'SH-01',
  reason: 'customer bought elsewhere',
  occurredAt: '2026-01-10T03:00:00Z',
  ...overrides,
});

const vehicleReturn = (overrides: Record<string, unknown> = {}) => ({
  branchId: 'SH-01',
  reason: 'gearbox defect',
  invoiceReversed: cny('100000.00', '13000.00', '113000.00'),
  costReversed: cny('92000.00', '11960.00', '103960.00'),
  occurredAt: '2026-02-02T03:00:00Z',
  ...overrides,
});

interface ErrorResponse {
  code: string;
  errors?: { field: string; messages: string[] }[];
}

describe('sales commands over HTTP: lead → test drive → order → payments → delivery → return (real Postgres, real Kafka)', () => {
  let t: CommandTestApp;
  const http = () => t.http();
  const eventCount = () => t.eventCount();
  const typesOf = (streamId: string) => t.streamTypes(streamId);
  const sale = (id: string, action: string) => `/api/v1/sales/vehicle-sales/${id}/${action}`;
  /** A fresh Idempotency-Key: payments and test drives require one. */
  const key = () => uniqueId('k-');

  beforeAll(async () => {
    t = await startCommandTestApp('salescmd', [SalesModule]);
    await t.openBranch('SH-01');
    await t.openBranch('BJ-01');
    await t.openBranch('MAD-01', { currency: 'EUR', timeZone: 'Europe/Madrid' });
    await t.openBranch('OLD-01');
    await t.closeBranch('OLD-01');
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('records a whole sale: lead, test drive, order, deposit, balance, delivery and return', async () => {
    const created = await http().post('/api/v1/sales/leads/L-1').send(lead()).expect(201);
    expect(created.body).toMatchObject({ streamId: 'lead-L-1', streamVersion: 1 });
    expect(created.headers.etag).toBe('"1"');
    await http().post('/api/v1/sales/leads/L-1/test-drives').set('Idempotency-Key', key()).send(testDrive()).expect(201);
    await http()
      .post('/api/v1/sales/leads/L-1/test-drives')
      .set('Idempotency-Key', key())
      .send(testDrive({ model: 'Tiguan L' }))
      .expect(201);

    const signed = await http()
      .post(sale('S-1', 'order'))
      .send(order({ leadId: 'L-1' }))
      .expect(201);
    expect(signed.body).toMatchObject({ streamId: 'vehicle-sale-S-1', streamVersion: 1 });
    await http().post(sale('S-1', 'payments')).set('Idempotency-Key', key()).send(payment()).expect(201);
    await http()
      .post(sale('S-1', 'payments'))
      .set('Idempotency-Key', key())
      .send(payment({ kind: 'loan', amount: cny('108000.00', '0.00', '108000.00'), occurredAt: '2026-01-18T03:00:00Z' }))
      .expect(201);
    // The buyer lives in SH-02's area: the delivery names it, the return carries it (ADR 29).
    await http()
      .post(sale('S-1', 'delivery'))
      .send(delivery({ customerArea: 'SH-MINHANG' }))
      .expect(201);
    const returned = await http().post(sale('S-1', 'return')).send(vehicleReturn()).expect(201);
    expect(returned.body).toMatchObject({ streamId: 'vehicle-sale-S-1', streamVersion: 5 });
    // After the return the customer gets the money back, at most what was paid.
    await http()
      .post(sale('S-1', 'payments'))
      .set('Idempotency-Key', key())
      .send(payment({ kind: 'refund', amount: cny('113000.00', '0.00', '113000.00'), occurredAt: '2026-02-02T04:00:00Z' }))
      .expect(201);

    expect(await typesOf('lead-L-1')).toEqual(['LeadCreated', 'TestDriveCompleted', 'TestDriveCompleted']);
    const events = await t.store.readStream('vehicle-sale-S-1');
    expect(events.map((e) => e.type)).toEqual(['OrderSigned', 'PaymentReceived', 'PaymentReceived', 'VehicleDelivered', 'VehicleReturned', 'PaymentReceived']);
    expect(events[0]?.payload).toMatchObject({ orderId: 'O-1', leadId: 'L-1', finance: 'loan', deposit: cny('5000.00', '0.00', '5000.00') });
    // The delivery names the signed order; the return points at the delivery and leaves it as it was.
    expect(events[3]).toMatchObject({
      schemaVersion: 2,
      payload: { orderId: 'O-1', invoice: cny('100000.00', '13000.00', '113000.00'), customerArea: 'SH-MINHANG' },
    });
    expect(events[4]).toMatchObject({ schemaVersion: 2, payload: { customerArea: 'SH-MINHANG' } });
    expect(events[4]).toMatchObject({
      occurredAt: '2026-02-02T03:00:00.000Z',
      payload: { vehicleSaleId: 'S-1', deliveryEventId: events[3]?.eventId, vin: 'LSVAU2180N2183294', condition: 'new', reason: 'gearbox defect' },
    });
    expect(events[5]?.payload).toMatchObject({ kind: 'refund', orderId: 'O-1' });
    for (const event of [...events, ...(await t.store.readStream('lead-L-1'))]) expect(parseEvent(event)).toMatchObject({ ok: true });
  });

  it('answers a retried payment with its first answer and appends it once, although the retry decides it again: one after the other and side by side', async () => {
    await http()
      .post(sale('S-IDEM', 'order'))
      .send(order({ orderId: 'O-IDEM' }))
      .expect(201);
    const first = await http().post(sale('S-IDEM', 'payments')).set('Idempotency-Key', 'dms:PAY-1').send(payment()).expect(201);
    expect(first.headers['idempotent-replayed']).toBe('false');
    // A second payment of the same kind is a valid command: the retry runs it, finds the key taken and rolls it back.
    const retry = await http().post(sale('S-IDEM', 'payments')).set('Idempotency-Key', 'dms:PAY-1').send(payment()).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.text).toBe(first.text);
    expect(await typesOf('vehicle-sale-S-IDEM')).toEqual(['OrderSigned', 'PaymentReceived']);

    const balance = payment({ kind: 'loan', amount: cny('108000.00', '0.00', '108000.00'), occurredAt: '2026-01-18T03:00:00Z' });
    const racing = await Promise.all(
      Array.from({ length: 4 }, () => http().post(sale('S-IDEM', 'payments')).set('Idempotency-Key', 'dms:PAY-2').send(balance)),
    );
    expect(racing.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(racing.map((r) => r.text)).size).toBe(1);
    expect(racing.filter((r) => r.headers['idempotent-replayed'] === 'false')).toHaveLength(1);
    expect(await typesOf('vehicle-sale-S-IDEM')).toEqual(['OrderSigned', 'PaymentReceived', 'PaymentReceived']);
  });

  it('records a cancelled order and the refund of its deposit', async () => {
    await http()
      .post(sale('S-2', 'order'))
      .send(order({ orderId: 'O-2' }))
      .expect(201);
    await http().post(sale('S-2', 'payments')).set('Idempotency-Key', key()).send(payment()).expect(201);
    await http().post(sale('S-2', 'cancellation')).send(cancellation()).expect(201);
    await http()
      .post(sale('S-2', 'payments'))
      .set('Idempotency-Key', key())
      .send(payment({ kind: 'refund', occurredAt: '2026-01-11T03:00:00Z' }))
      .expect(201);
    expect(await typesOf('vehicle-sale-S-2')).toEqual(['OrderSigned', 'PaymentReceived', 'OrderCancelled', 'PaymentReceived']);
  });

  it('answers the business rules with their codes and appends nothing', async () => {
    await http().post('/api/v1/sales/leads/L-R').send(lead()).expect(201);
    await http().post(sale('R-1', 'order')).send(order()).expect(201);
    await http()
      .post(sale('R-2', 'order'))
      .send(order({ orderId: 'O-R2' }))
      .expect(201);
    await http().post(sale('R-2', 'cancellation')).send(cancellation()).expect(201);
    await http()
      .post(sale('R-3', 'delivery'))
      .send(delivery({ orderId: 'O-R3' }))
      .expect(201);
    const before = await eventCount();

    const refused: [string, Record<string, unknown>, number, string][] = [
      ['/api/v1/sales/leads/L-R', lead(), 409, 'LEAD_ALREADY_CREATED'],
      ['/api/v1/sales/leads/L-NONE/test-drives', testDrive(), 404, 'LEAD_NOT_FOUND'],
      ['/api/v1/sales/leads/L-R/test-drives', testDrive({ branchId: 'BJ-01' }), 400, 'OTHER_BRANCH'],
      [sale('R-9', 'order'), order({ leadId: 'L-NONE' }), 400, 'UNKNOWN_LEAD'],
      [sale('R-9', 'order'), order({ deposit: cny('113000.01', '0.00', '113000.01') }), 400, 'INVALID_ORDER'],
      [sale('R-1', 'order'), order(), 409, 'ORDER_ALREADY_SIGNED'],
      [sale('R-2', 'delivery'), delivery(), 409, 'ORDER_CANCELLED'],
      [sale('R-2', 'payments'), payment({ kind: 'balance' }), 409, 'ORDER_CANCELLED'],
      [sale('R-2', 'payments'), payment({ kind: 'refund', amount: cny('0.01', '0.00', '0.01') }), 422, 'REFUND_EXCEEDS_PAYMENTS'],
      [sale('R-2', 'cancellation'), cancellation(), 409, 'ORDER_ALREADY_CANCELLED'],
      [sale('R-3', 'cancellation'), cancellation(), 409, 'ORDER_NOT_SIGNED'],
      [sale('R-9', 'cancellation'), cancellation(), 404, 'VEHICLE_SALE_NOT_FOUND'],
      [sale('R-9', 'payments'), payment(), 404, 'VEHICLE_SALE_NOT_FOUND'],
      [sale('R-1', 'return'), vehicleReturn(), 409, 'VEHICLE_NOT_DELIVERED'],
      [sale('R-1', 'delivery'), delivery({ orderId: 'O-OTHER' }), 400, 'ORDER_MISMATCH'],
      [sale('R-1', 'delivery'), delivery({ branchId: 'BJ-01' }), 400, 'OTHER_BRANCH'],
      [sale('R-3', 'return'), vehicleReturn({ invoiceReversed: cny('100000.01', '12999.99', '113000.00') }), 422, 'RETURN_EXCEEDS_DELIVERY'],
      [sale('R-3', 'return'), vehicleReturn({ costReversed: cny('92000.00', '11960.01', '103960.01') }), 422, 'RETURN_EXCEEDS_DELIVERY'],
      [sale('R-3', 'return'), vehicleReturn({ occurredAt: '2026-01-19T03:00:00Z' }), 400, 'INVALID_RETURN'],
    ];
    for (const [path, body, status, code] of refused) {
      const response = await http().post(path).set('Idempotency-Key', key()).send(body);
      expect({ path, status: response.status, code: (response.body as ErrorResponse).code }).toEqual({ path, status, code });
    }
    expect(await eventCount()).toBe(before);

    await http().post(sale('R-3', 'return')).send(vehicleReturn()).expect(201);
    expect((await http().post(sale('R-3', 'return')).send(vehicleReturn()).expect(409)).body).toMatchObject({ code: 'VEHICLE_ALREADY_RETURNED' });
    expect((await http().post(sale('R-3', 'delivery')).send(delivery()).expect(409)).body).toMatchObject({ code: 'VEHICLE_ALREADY_DELIVERED' });
  });

  it('refuses bad input with 400 and a message per field, appending nothing', async () => {
    await http().post(sale('V-1', 'order')).send(order()).expect(201);
    const before = await eventCount();
    const future = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    const eur = { currency: 'EUR', net: '5000.00', tax: '0.00', gross: '5000.00' };

    const invalid: [string, Record<string, unknown>, string][] = [
      ['/api/v1/sales/leads/V-L1', lead({ source: 'billboard' }), 'source'],
      ['/api/v1/sales/leads/V-L1', lead({ segment: 'vip' }), 'segment'],
      [sale('V-2', 'order'), order({ finance: 'barter' }), 'finance'],
      [sale('V-1', 'payments'), payment({ kind: 'gift' }), 'kind'],
      [sale('V-2', 'delivery'), delivery({ vin: 'LSVAU2180N218329O' }), 'vin'],
      [sale('V-2', 'delivery'), delivery({ customerArea: 'Shanghai Minhang' }), 'customerArea'],
      [sale('V-1', 'payments'), payment({ amount: cny('-5000.00', '0.00', '-5000.00') }), 'amount'],
      [sale('V-1', 'payments'), payment({ amount: cny('0.00', '0.00', '0.00') }), 'amount'],
      [sale('V-2', 'order'), order({ deposit: cny('-1.00', '0.00', '-1.00') }), 'deposit'],
      [sale('V-2', 'delivery'), delivery({ invoice: cny('-1.00', '0.00', '-1.00') }), 'invoice'],
      [sale('V-1', 'return'), vehicleReturn({ costReversed: cny('-1.00', '0.00', '-1.00') }), 'costReversed'],
      [sale('V-2', 'order'), order({ listPrice: { currency: 'CNY', net: 1000, tax: '0.00', gross: '1000.00' } }), 'listPrice.net'],
      [sale('V-1', 'payments'), payment({ amount: cny('5000.00', '0.00', '5000.01') }), 'amount.gross'],
      [sale('V-1', 'payments'), payment({ amount: cny('5000.001', '0.00', '5000.00') }), 'amount.net'],
      [sale('V-1', 'payments'), payment({ occurredAt: future }), 'occurredAt'],
      [sale('V-1', 'cancellation'), cancellation({ occurredAt: '2026-01-10 03:00' }), 'occurredAt'],
      ['/api/v1/sales/leads/V-L1/test-drives', testDrive({ model: '' }), 'model'],
      // A padded model would never meet head office's catalogue (its facts under no brand): refused like the catalogue refuses it.
      ['/api/v1/sales/leads/V-L1/test-drives', testDrive({ model: 'Lavida 1.5L ' }), 'model'],
      [sale('V-2', 'order'), order({ model: ' Lavida 1.5L' }), 'model'],
      [sale('V-2', 'delivery'), delivery({ model: 'Lavida 1.5L ' }), 'model'],
      ['/api/v1/sales/leads/V-L1', lead({ modelOfInterest: 'Passat ' }), 'modelOfInterest'],
      [sale('V-1', 'return'), vehicleReturn({ reason: undefined }), 'reason'],
      [sale('V-2', 'order'), order({ unexpected: 'x' }), 'unexpected'],
    ];
    for (const [path, body, field] of invalid) {
      const response = await http().post(path).set('Idempotency-Key', key()).send(body);
      expect({ path, field, status: response.status, code: (response.body as ErrorResponse).code }).toEqual({
        path,
        field,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      const fields = ((response.body as ErrorResponse).errors ?? []).map((e) => e.field);
      expect({ field, fields }).toEqual({ field, fields: expect.arrayContaining([field]) as unknown });
    }

    const branchRefusals: [string, Record<string, unknown>, string][] = [
      [sale('V-2', 'order'), order({ listPrice: eur, transactionPrice: eur, deposit: eur }), 'CURRENCY_MISMATCH'],
      [sale('V-1', 'payments'), payment({ amount: eur }), 'CURRENCY_MISMATCH'],
      [sale('V-2', 'order'), order({ branchId: 'MAD-01' }), 'CURRENCY_MISMATCH'],
      ['/api/v1/sales/leads/V-L1', lead({ branchId: 'NOPE-01' }), 'UNKNOWN_BRANCH'],
      [sale('V-2', 'order'), order({ branchId: 'NOPE-01' }), 'UNKNOWN_BRANCH'],
      [sale('V-1', 'cancellation'), cancellation({ branchId: 'OLD-01' }), 'BRANCH_CLOSED'],
      ['/api/v1/sales/leads/V-L1/test-drives', testDrive({ branchId: 'OLD-01' }), 'BRANCH_CLOSED'],
    ];
    for (const [path, body, code] of branchRefusals) {
      const response = await http().post(path).set('Idempotency-Key', key()).send(body);
      expect({ path, status: response.status, code: (response.body as ErrorResponse).code }).toEqual({ path, status: 400, code });
    }
    expect(await eventCount()).toBe(before);
  });

  it('lets exactly one of two requests with the same If-Match append to a sale', async () => {
    await http().post(sale('C-1', 'order')).send(order()).expect(201);
    const responses = await Promise.all(
      ['2026-01-06T09:00:00Z', '2026-01-06T09:01:00Z'].map((occurredAt) =>
        http().post(sale('C-1', 'payments')).set('Idempotency-Key', key()).set('If-Match', '"1"').send(payment({ occurredAt })),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
    expect((responses.find((r) => r.status === 409)?.body as ErrorResponse).code).toBe('STREAM_VERSION_CONFLICT');
    expect(await typesOf('vehicle-sale-C-1')).toEqual(['OrderSigned', 'PaymentReceived']);
    // A stale version is refused too.
    await http().post(sale('C-1', 'payments')).set('Idempotency-Key', key()).set('If-Match', '"1"').send(payment()).expect(409);
  });

  it('answers a retry with the same Idempotency-Key with the first result, and refuses the key for another request', async () => {
    await http().post(sale('I-1', 'order')).send(order()).expect(201);
    const first = await http().post(sale('I-1', 'payments')).set('Idempotency-Key', 'bank:tx-1').send(payment()).expect(201);
    expect(first.headers['idempotent-replayed']).toBe('false');
    const before = await eventCount();
    const retry = await http().post(sale('I-1', 'payments')).set('Idempotency-Key', 'bank:tx-1').send(payment()).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await eventCount()).toBe(before);

    const reused = await http()
      .post(sale('I-1', 'payments'))
      .set('Idempotency-Key', 'bank:tx-1')
      .send(payment({ amount: cny('6000.00', '0.00', '6000.00') }))
      .expect(422);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    const leadFirst = await http().post('/api/v1/sales/leads/I-L1').set('Idempotency-Key', 'crm:I-L1').send(lead()).expect(201);
    const leadRetry = await http().post('/api/v1/sales/leads/I-L1').set('Idempotency-Key', 'crm:I-L1').send(lead()).expect(201);
    expect(leadRetry.body).toEqual(leadFirst.body);
    expect(await eventCount()).toBe(before + 1);
  });

  it('requires an Idempotency-Key for a payment and a test drive, so that a retry after a timeout is recorded once', async () => {
    await http().post(sale('K-1', 'order')).send(order()).expect(201);
    await http().post('/api/v1/sales/leads/K-L1').send(lead()).expect(201);
    const before = await eventCount();

    const missing = await http().post(sale('K-1', 'payments')).send(payment()).expect(400);
    expect(missing.body).toMatchObject({ statusCode: 400, code: 'IDEMPOTENCY_KEY_REQUIRED' });
    const noKeyTestDrive = await http().post('/api/v1/sales/leads/K-L1/test-drives').send(testDrive()).expect(400);
    expect(noKeyTestDrive.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REQUIRED' });
    // An empty key is not a key.
    expect((await http().post(sale('K-1', 'payments')).set('Idempotency-Key', '').send(payment()).expect(400)).body).toMatchObject({
      code: 'INVALID_HEADER',
    });
    expect(await eventCount()).toBe(before);

    // The client times out and sends the same payment again with the same key: one payment.
    const first = await http().post(sale('K-1', 'payments')).set('Idempotency-Key', 'bank:K-1:tx-1').send(payment()).expect(201);
    const retry = await http().post(sale('K-1', 'payments')).set('Idempotency-Key', 'bank:K-1:tx-1').send(payment()).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await typesOf('vehicle-sale-K-1')).toEqual(['OrderSigned', 'PaymentReceived']);
    expect(await eventCount()).toBe(before + 1);
  });

  it('answers a batch of every sales command item by item, and a retried batch applies nothing twice', async () => {
    const items = [
      { command: 'CreateLead', idempotencyKey: 'sb:1', params: { leadId: 'B-L1' }, body: lead() },
      { command: 'CompleteTestDrive', idempotencyKey: 'sb:2', params: { leadId: 'B-L1' }, body: testDrive() },
      { command: 'SignOrder', idempotencyKey: 'sb:3', params: { vehicleSaleId: 'B-1' }, body: order({ leadId: 'B-L1' }) },
      { command: 'ReceivePayment', idempotencyKey: 'sb:4', params: { vehicleSaleId: 'B-1' }, body: payment() },
      { command: 'ReceivePayment', idempotencyKey: 'sb:5', params: { vehicleSaleId: 'B-1' }, body: payment({ kind: 'gift' }) },
      { command: 'ReturnVehicle', idempotencyKey: 'sb:6', params: { vehicleSaleId: 'B-1' }, body: vehicleReturn() },
      { command: 'DeliverVehicle', idempotencyKey: 'sb:7', params: { vehicleSaleId: 'B-1' }, body: delivery() },
      { command: 'ReturnVehicle', idempotencyKey: 'sb:8', params: { vehicleSaleId: 'B-1' }, body: vehicleReturn() },
      { command: 'SignOrder', idempotencyKey: 'sb:9', params: { vehicleSaleId: 'B-2' }, body: order({ branchId: 'NOPE-01' }) },
      { command: 'SignOrder', idempotencyKey: 'sb:10', params: { vehicleSaleId: 'B-3' }, body: order() },
      { command: 'CancelOrder', idempotencyKey: 'sb:11', params: { vehicleSaleId: 'B-3' }, body: cancellation() },
      { command: 'CancelOrder', idempotencyKey: 'sb:12', params: {}, body: cancellation() },
      { command: 'TeleportVehicle', idempotencyKey: 'sb:13', body: {} },
    ];
    const before = await eventCount();
    const first = await http().post('/api/v1/sales/batch').send({ items }).expect(200);
    const results = (first.body as { results: { status: number; body: { code?: string } }[] }).results;
    expect(results.map((r) => [r.status, r.body.code])).toEqual([
      [201, undefined],
      [201, undefined],
      [201, undefined],
      [201, undefined],
      [400, 'VALIDATION_FAILED'],
      [409, 'VEHICLE_NOT_DELIVERED'],
      [201, undefined],
      [201, undefined],
      [400, 'UNKNOWN_BRANCH'],
      [201, undefined],
      [201, undefined],
      [400, 'VALIDATION_FAILED'],
      [400, 'UNKNOWN_COMMAND'],
    ]);
    expect(first.body).toMatchObject({ succeeded: 8, failed: 5 });
    expect(await eventCount()).toBe(before + 8);

    const again = await http().post('/api/v1/sales/batch').send({ items }).expect(200);
    const replayed = (again.body as { results: { status: number; replayed: boolean }[] }).results.filter((r) => r.status === 201);
    expect(replayed).toHaveLength(8);
    expect(replayed.every((r) => r.replayed)).toBe(true);
    expect(await eventCount()).toBe(before + 8);
    expect(await typesOf('vehicle-sale-B-1')).toEqual(['OrderSigned', 'PaymentReceived', 'VehicleDelivered', 'VehicleReturned']);
  });

  it('documents every sales command in the OpenAPI document', async () => {
    const document = (await http().get('/docs-json').expect(200)).body as { paths: Record<string, { post?: { summary?: string } }> };
    for (const path of [
      '/api/v1/sales/leads/{leadId}',
      '/api/v1/sales/leads/{leadId}/test-drives',
      '/api/v1/sales/vehicle-sales/{vehicleSaleId}/order',
      '/api/v1/sales/vehicle-sales/{vehicleSaleId}/cancellation',
      '/api/v1/sales/vehicle-sales/{vehicleSaleId}/payments',
      '/api/v1/sales/vehicle-sales/{vehicleSaleId}/delivery',
      '/api/v1/sales/vehicle-sales/{vehicleSaleId}/return',
      '/api/v1/sales/batch',
    ]) {
      expect({ path, documented: document.paths[path]?.post !== undefined }).toEqual({ path, documented: true });
    }
    const keyRequired = (path: string) =>
      (document.paths[path]?.post as { parameters?: { name: string; in: string; required?: boolean }[] } | undefined)?.parameters?.find(
        (p) => p.in === 'header' && p.name === 'Idempotency-Key',
      )?.required;
    expect(keyRequired('/api/v1/sales/vehicle-sales/{vehicleSaleId}/payments')).toBe(true);
    expect(keyRequired('/api/v1/sales/leads/{leadId}/test-drives')).toBe(true);
    expect(keyRequired('/api/v1/sales/vehicle-sales/{vehicleSaleId}/delivery')).toBe(false);
  });

  it("logs sales activities: a consultant their own (the token's employee link), the branch manager for the branch's consultants; the actor is the caller; once per id", async () => {
    const assign = (employeeId: string, branchId: string, role: string, effectiveFrom: string) =>
      http()
        .post(`/api/v1/org/employees/${employeeId}/assignments`)
        .send({ branchId, department: role === 'sales_consultant' ? 'sales' : 'admin', role, effectiveFrom })
        .expect(201);
    await assign('E-ACT-1', 'SH-01', 'sales_consultant', '2025-06-01');
    await assign('E-ACT-2', 'SH-01', 'sales_consultant', '2026-01-10');
    await assign('E-ACT-3', 'BJ-01', 'sales_consultant', '2025-06-01');
    const activity = (overrides: Record<string, unknown> = {}) => ({ branchId: 'SH-01', kind: 'call', occurredAt: '2026-01-12T02:00:00Z', ...overrides });
    // A signed-in consultant's subject is their user account's id; the employee comes from the employee_id claim.
    const consultantUser = '0b4f6c1e-8d2a-4e57-9c3b-5a1d7e9f2c01';
    const consultant = bearerFor('sales-staff', { branches: ['SH-01'], subject: consultantUser, employeeId: 'E-ACT-1' });
    const manager = bearerFor('branch-manager', { branches: ['SH-01'], subject: 'm-sh01' });
    const path = (id: string) => `/api/v1/sales/activities/${id}`;
    const before = await eventCount();

    // A sales-staff token without an employee link cannot log any activity, even when its subject
    // looks like an employee id (the subject is a user account's or a provider's id, never an employee's).
    for (const unlinked of [
      bearerFor('sales-staff', { branches: ['SH-01'], subject: 'E-ACT-1' }),
      bearerFor('sales-staff', { branches: ['SH-01'], subject: consultantUser }),
    ]) {
      for (const body of [activity(), activity({ consultantId: 'E-ACT-1' })]) {
        const refused = await t.anonymous().post(path('ACT-0')).set(unlinked).send(body).expect(403);
        expect(refused.body).toMatchObject({ code: 'NO_EMPLOYEE_LINK', message: expect.stringMatching(/head office/) as string });
      }
    }
    expect(await eventCount()).toBe(before);

    // A consultant logs their own call without naming themselves; the consultant is the token's
    // employee, the actor the token's subject (the user account).
    const own = await t
      .anonymous()
      .post(path('ACT-1'))
      .set(consultant)
      .send(activity({ leadId: 'L-1', note: 'quote sent' }))
      .expect(201);
    expect(own.body).toMatchObject({ streamId: 'sales-activity-ACT-1', streamVersion: 1 });
    const [logged] = await t.store.readStream('sales-activity-ACT-1');
    expect(logged).toMatchObject({
      type: 'SalesActivityLogged',
      branchId: 'SH-01',
      actor: { kind: 'user', id: consultantUser },
      payload: { activityId: 'ACT-1', consultantId: 'E-ACT-1', kind: 'call', leadId: 'L-1', customerId: null, note: 'quote sent' },
    });
    await t
      .anonymous()
      .post(path('ACT-2'))
      .set(consultant)
      .send(activity({ consultantId: 'E-ACT-1', kind: 'visit', customerId: 'C-1' }))
      .expect(201);
    // Not another consultant's.
    const others = await t
      .anonymous()
      .post(path('ACT-3'))
      .set(consultant)
      .send(activity({ consultantId: 'E-ACT-2' }))
      .expect(403);
    expect(others.body).toMatchObject({ code: 'NOT_OWN_ACTIVITY' });
    // The branch manager logs for a consultant of the branch (the actor is the manager).
    await t
      .anonymous()
      .post(path('ACT-4'))
      .set(manager)
      .send(activity({ consultantId: 'E-ACT-2' }))
      .expect(201);
    expect((await t.store.readStream('sales-activity-ACT-4'))[0]).toMatchObject({ actor: { id: 'm-sh01' }, payload: { consultantId: 'E-ACT-2' } });
    // …but names the consultant, who must be a sales consultant of the branch on the business date.
    expect((await t.anonymous().post(path('ACT-5')).set(manager).send(activity()).expect(400)).body).toMatchObject({ code: 'VALIDATION_FAILED' });
    const early = await t
      .anonymous()
      .post(path('ACT-6'))
      .set(manager)
      .send(activity({ consultantId: 'E-ACT-2', occurredAt: '2026-01-09T02:00:00Z' }))
      .expect(422);
    expect(early.body).toMatchObject({ code: 'NOT_A_SALES_CONSULTANT' });
    // A consultant of another branch: the answer names the requested branch and date only, never
    // the branch (role, start date) the employee is assigned to, which may be outside the caller's scope.
    const elsewhere = await t
      .anonymous()
      .post(path('ACT-7'))
      .set(manager)
      .send(activity({ consultantId: 'E-ACT-3' }))
      .expect(422);
    expect(elsewhere.body).toMatchObject({
      code: 'NOT_A_SALES_CONSULTANT',
      message: 'employee E-ACT-3 is not a sales consultant of branch SH-01 on 2026-01-12',
    });
    expect(JSON.stringify(elsewhere.body)).not.toMatch(/BJ-01|2025-06-01/);
    // Another branch's manager, and a service advisor, are refused before anything runs.
    const bjManager = bearerFor('branch-manager', { branches: ['BJ-01'], subject: 'm-bj01' });
    expect(
      (
        await t
          .anonymous()
          .post(path('ACT-8'))
          .set(bjManager)
          .send(activity({ consultantId: 'E-ACT-1' }))
          .expect(403)
      ).body,
    ).toMatchObject({ code: 'OUT_OF_SCOPE' });
    const advisor = bearerFor('service-staff', { branches: ['SH-01'], subject: 'E-ACT-1' });
    expect((await t.anonymous().post(path('ACT-9')).set(advisor).send(activity()).expect(403)).body).toMatchObject({ code: 'ROLE_FORBIDDEN' });
    // Once per id (409), a retry with the same key answers the first result; bad input is a 400 per field.
    expect((await t.anonymous().post(path('ACT-1')).set(consultant).send(activity()).expect(409)).body).toMatchObject({
      code: 'SALES_ACTIVITY_ALREADY_LOGGED',
    });
    const first = await t.anonymous().post(path('ACT-10')).set(consultant).set('Idempotency-Key', 'crm:ACT-10').send(activity()).expect(201);
    const retry = await t.anonymous().post(path('ACT-10')).set(consultant).set('Idempotency-Key', 'crm:ACT-10').send(activity()).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    const bad = await t
      .anonymous()
      .post(path('ACT-11'))
      .set(consultant)
      .send(activity({ kind: 'email', note: 'x'.repeat(501) }))
      .expect(400);
    expect((bad.body as ErrorResponse).errors?.map((e) => e.field).sort()).toEqual(['kind', 'note']);
    expect(await eventCount()).toBe(before + 4);
    expect(await typesOf('sales-activity-ACT-2')).toEqual(['SalesActivityLogged']);

    const document = (await http().get('/docs-json').expect(200)).body as { paths: Record<string, { post?: unknown }> };
    expect(document.paths['/api/v1/sales/activities/{activityId}']?.post).toBeDefined();
  });

  it('relays every sales event type to the sales topic on Kafka', async () => {
    const kafka = testKafka();
    const prefix = `${uniqueId('t')}.`;
    await ensureTopics(kafka, { ...kafkaSettingsFromEnv(process.env, 'test'), topicPrefix: prefix, partitions: 3 });
    const publisher = new KafkaEventPublisher(kafka, prefix);
    const relay = new EventRelay(t.dataSource, t.store, new CheckpointStore(t.dataSource), publisher, { name: uniqueId('relay-'), idleMs: 10 });
    try {
      const stored = Number((await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM events'))[0]?.n);
      await runUntilHandedOver(() => relay.runOnce(), stored);
    } finally {
      await publisher.disconnect();
    }
    const salesTypes: string[] = SALES_EVENTS.map((d) => d.type);
    const rows = await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM events WHERE type = ANY($1)', [salesTypes]);
    const expected = Number(rows[0]?.n);
    const read = await readTopic(kafka, topicFor('sales', prefix), expected);
    expect(read).toHaveLength(expected);
    const events = read.map((r) => JSON.parse(r.message.value?.toString('utf8') ?? 'null') as EventEnvelope);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(salesTypes));
    for (const event of events) expect(parseEvent(event)).toMatchObject({ ok: true });
    // Per stream, in stream order, keyed by the stream.
    const sale1 = read.filter((r) => r.message.key?.toString() === 'vehicle-sale-S-1');
    expect(new Set(sale1.map((r) => r.partition)).size).toBe(1);
    expect(sale1.map((r) => (JSON.parse(r.message.value?.toString('utf8') ?? 'null') as EventEnvelope).streamPosition)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
