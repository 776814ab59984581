import { EventEnvelope, PARTS_EVENTS, topicFor } from '@app/contracts';
import { CheckpointStore, loadAggregate } from '@app/event-store';
import { ensureTopics, EventRelay, KafkaEventPublisher, kafkaSettingsFromEnv } from '@app/messaging';
import { evolvePartsStock, initialPartsStock, PartsModule, partsStockStreamId, stockOf } from '@app/parts';
import { CommandTestApp, expectEventually, readTopic, startCommandTestApp, testKafka, uniqueId } from '@app/testing';
import { Response } from 'supertest';

const cny = (net: string, tax: string, gross: string) => ({ currency: 'CNY', net, tax, gross });
const eur = (net: string, tax: string, gross: string) => ({ currency: 'EUR', net, tax, gross });
const at = '2026-01-10T02:00:00Z';

const receipt = (branchId: string, overrides: Record<string, unknown> = {}) => ({
  branchId,
  supplierId: 'SUP-FAW',
  purchaseOrderRef: 'PO-1',
  partNumber: 'OIL-FILTER',
  quantity: '10',
  genuine: true,
  cost: cny('500.00', '65.00', '565.00'),
  occurredAt: at,
  ...overrides,
});

const saleLine = (overrides: Record<string, unknown> = {}) => ({
  partNumber: 'OIL-FILTER',
  quantity: '4',
  genuine: true,
  amount: cny('320.00', '41.60', '361.60'),
  cost: cny('200.00', '26.00', '226.00'),
  ...overrides,
});

const sale = (branchId: string, overrides: Record<string, unknown> = {}) => ({
  branchId,
  customerType: 'quick_repair_shop',
  customerId: 'C-9',
  lines: [saleLine()],
  occurredAt: at,
  ...overrides,
});

const customerReturn = (branchId: string, overrides: Record<string, unknown> = {}) => ({
  branchId,
  direction: 'from_customer',
  originalDocumentId: 'CS-1',
  reason: 'wrong part',
  lines: [{ partNumber: 'OIL-FILTER', quantity: '1', amount: cny('80.00', '10.40', '90.40'), cost: cny('50.00', '6.50', '56.50') }],
  occurredAt: at,
  ...overrides,
});

const adjustment = (branchId: string, overrides: Record<string, unknown> = {}) => ({
  branchId,
  reason: 'damage',
  partNumber: 'OIL-FILTER',
  quantityDelta: '-1',
  value: cny('-50.00', '0.00', '-50.00'),
  note: 'dropped',
  occurredAt: at,
  ...overrides,
});

const snapshot = (branchId: string, overrides: Record<string, unknown> = {}) => ({
  branchId,
  partCount: 1,
  totalQuantity: '2',
  totalValue: cny('100.00', '0.00', '100.00'),
  agedStock: {
    days0To90: cny('70.00', '0.00', '70.00'),
    days91To180: cny('30.00', '0.00', '30.00'),
    days181To365: cny('0.00', '0.00', '0.00'),
    over365Days: cny('0.00', '0.00', '0.00'),
  },
  occurredAt: '2026-01-31T16:00:00Z',
  ...overrides,
});

const dispatch = (branchId: string, toBranchId: string, overrides: Record<string, unknown> = {}) => ({
  branchId,
  toBranchId,
  lines: [{ partNumber: 'OIL-FILTER', quantity: '3', value: cny('150.00', '0.00', '150.00') }],
  occurredAt: at,
  ...overrides,
});

const transferReceipt = (branchId: string, fromBranchId: string, overrides: Record<string, unknown> = {}) => ({
  branchId,
  fromBranchId,
  lines: [{ partNumber: 'OIL-FILTER', quantity: '3' }],
  occurredAt: '2026-01-11T02:00:00Z',
  ...overrides,
});

const accessorySale = (branchId: string, overrides: Record<string, unknown> = {}) => ({
  branchId,
  accessoryCode: 'MAT-LAV-01',
  description: 'Floor mats',
  quantity: '1',
  amount: cny('400.00', '52.00', '452.00'),
  cost: cny('250.00', '32.50', '282.50'),
  vehicleSaleId: 'VS-1',
  occurredAt: at,
  ...overrides,
});

interface ErrorBody {
  code: string;
  errors?: { field: string; messages: string[] }[];
}

describe('parts commands over HTTP (real Postgres) and their relay to Kafka', () => {
  let t: CommandTestApp;
  const http = () => t.http();
  const eventCount = () => t.eventCount();
  const types = (streamId: string) => t.streamTypes(streamId);
  const stock = async (branchId: string, partNumber: string) =>
    stockOf((await loadAggregate(t.store, partsStockStreamId(branchId), initialPartsStock, evolvePartsStock)).state, partNumber);
  const codes = (responses: Response[]) => responses.map((r) => [r.status, (r.body as ErrorBody).code]);

  beforeAll(async () => {
    t = await startCommandTestApp('parts', [PartsModule]);
    for (const branchId of ['SH-01', 'SH-02', 'SH-03', 'RULE-01', 'RULE-02', 'RACE-01', 'RACE-02', 'IDEM-01', 'BATCH-01', 'BO-01'])
      await t.openBranch(branchId);
    await t.openBranch('MAD-01', { currency: 'EUR' });
    await t.openBranch('OLD-01');
    await t.closeBranch('OLD-01');
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('records every parts command through its endpoint, on the branch ledgers', async () => {
    const first = await http().post('/api/v1/parts/receipts/GR-1').send(receipt('SH-01')).expect(201);
    expect(first.headers.etag).toBe('"1"');
    expect(first.body).toMatchObject({ streamId: 'parts-stock-SH-01', streamVersion: 1 });
    await http().post('/api/v1/parts/counter-sales/CS-1').send(sale('SH-01')).expect(201);
    await http().post('/api/v1/parts/returns/RT-1').send(customerReturn('SH-01')).expect(201);
    await http()
      .post('/api/v1/parts/returns/RT-2')
      .send(
        customerReturn('SH-01', {
          direction: 'to_supplier',
          originalDocumentId: 'GR-1',
          lines: [{ partNumber: 'OIL-FILTER', quantity: '2', amount: cny('100.00', '13.00', '113.00'), cost: cny('100.00', '13.00', '113.00') }],
        }),
      )
      .expect(201);
    await http().post('/api/v1/parts/stock-adjustments/ADJ-1').send(adjustment('SH-01')).expect(201);
    await http().post('/api/v1/parts/transfers/TR-1/dispatch').send(dispatch('SH-01', 'SH-02')).expect(201);
    await http().post('/api/v1/parts/stock-snapshots/2026-01').send(snapshot('SH-01')).expect(201);
    await http().post('/api/v1/parts/transfers/TR-1/receipt').send(transferReceipt('SH-02', 'SH-01')).expect(201);
    const accessory = await http().post('/api/v1/parts/accessory-sales/AS-1').send(accessorySale('SH-01')).expect(201);
    expect(accessory.body).toMatchObject({ streamId: 'accessory-sale-AS-1', streamVersion: 1 });

    expect(await types('parts-stock-SH-01')).toEqual([
      'PartsReceived',
      'PartsSold',
      'PartsReturned',
      'PartsReturned',
      'StockAdjusted',
      'InterBranchTransferDispatched',
      'StockSnapshotTaken',
    ]);
    expect(await types('parts-stock-SH-02')).toEqual(['InterBranchTransferReceived']);
    expect(await types('accessory-sale-AS-1')).toEqual(['AccessorySold']);
    // 10 received − 4 sold + 1 back from the customer − 2 back to the supplier − 1 damaged − 3 sent away.
    expect(await stock('SH-01', 'OIL-FILTER')).toBe('1');
    expect(await stock('SH-02', 'OIL-FILTER')).toBe('3');
    const [received] = await t.store.readStream('parts-stock-SH-02');
    expect(received).toMatchObject({ branchId: 'SH-02', payload: { fromBranchId: 'SH-01', toBranchId: 'SH-02', value: cny('150.00', '0.00', '150.00') } });
  });

  it('records a back-order (a miss of the parts fill rate) and the sale line that serves it later; refuses an unknown or mismatched one', async () => {
    const backOrder = {
      branchId: 'BO-01',
      channel: 'counter',
      customerType: 'retail',
      partNumber: 'OIL-FILTER',
      genuine: true,
      quantityRequested: '5',
      quantityServed: '1',
      occurredAt: at,
    };
    await http().post('/api/v1/parts/back-orders/BO-1').send(backOrder).expect(201);
    await http().post('/api/v1/parts/back-orders/BO-1').send(backOrder).expect(409);
    await http().post('/api/v1/parts/receipts/GR-1').send(receipt('BO-01')).expect(201);
    await http()
      .post('/api/v1/parts/counter-sales/CS-1')
      .send(sale('BO-01', { lines: [saleLine({ backOrderId: 'BO-1' })] }))
      .expect(201);
    const unknown = await http()
      .post('/api/v1/parts/counter-sales/CS-2')
      .send(sale('BO-01', { lines: [saleLine({ quantity: '1', backOrderId: 'BO-9' })] }))
      .expect(422);
    expect((unknown.body as ErrorBody).code).toBe('BACK_ORDER_NOT_FOUND');
    // A workshop back-order names its repair order; as much served as asked for is no back-order.
    const noRo = await http()
      .post('/api/v1/parts/back-orders/BO-2')
      .send({ ...backOrder, channel: 'workshop', customerType: undefined })
      .expect(400);
    expect((noRo.body as ErrorBody).errors?.map((e) => e.field)).toContain('repairOrderId');
    const allServed = await http()
      .post('/api/v1/parts/back-orders/BO-3')
      .send({ ...backOrder, quantityServed: '5' })
      .expect(400);
    expect(JSON.stringify(allServed.body)).toMatch(/a back-order serves less than was requested/);
    expect(await types('parts-stock-BO-01')).toEqual(['PartsBackOrdered', 'PartsReceived', 'PartsSold']);
    const [, , sold] = await t.store.readStream('parts-stock-BO-01');
    expect(sold).toMatchObject({ schemaVersion: 2, payload: { lines: [{ partNumber: 'OIL-FILTER', backOrderId: 'BO-1' }] } });
  });

  it('refuses bad input with 400 and a message per field, appending nothing', async () => {
    const before = await eventCount();
    const fieldsOf = async (path: string, body: object) => {
      const response = await http().post(path).send(body).expect(400);
      const error = response.body as ErrorBody;
      expect(error.code).toBe('VALIDATION_FAILED');
      return (error.errors ?? []).map((e) => e.field);
    };
    expect(await fieldsOf('/api/v1/parts/counter-sales/BAD-1', sale('SH-01', { customerType: 'workshop' }))).toEqual(['customerType']);
    expect(await fieldsOf('/api/v1/parts/receipts/BAD-2', receipt('SH-01', { cost: cny('-1.00', '0.00', '-1.00') }))).toEqual(['cost']);
    expect(await fieldsOf('/api/v1/parts/receipts/BAD-3', receipt('SH-01', { cost: { currency: 'CNY', net: 100.5, tax: '0.00', gross: '100.50' } }))).toEqual([
      'cost.net',
    ]);
    expect(await fieldsOf('/api/v1/parts/receipts/BAD-4', receipt('SH-01', { cost: cny('100.00', '13.00', '114.00') }))).toEqual(['cost.gross']);
    expect(await fieldsOf('/api/v1/parts/receipts/BAD-5', receipt('SH-01', { quantity: '0' }))).toEqual(['quantity']);
    expect(await fieldsOf('/api/v1/parts/receipts/BAD-6', receipt('SH-01', { quantity: 2 }))).toEqual(['quantity']);
    expect(await fieldsOf('/api/v1/parts/receipts/BAD-7', receipt('SH-01', { occurredAt: '2099-01-01T00:00:00Z' }))).toEqual(['occurredAt']);
    expect(await fieldsOf('/api/v1/parts/counter-sales/BAD-8', sale('SH-01', { lines: [] }))).toEqual(['lines']);
    expect(await fieldsOf('/api/v1/parts/counter-sales/BAD-9', sale('SH-01', { lines: [saleLine({ amount: cny('-1.00', '0.00', '-1.00') })] }))).toEqual([
      'lines.0.amount',
    ]);
    expect(await fieldsOf('/api/v1/parts/stock-adjustments/BAD-10', adjustment('SH-01', { reason: 'theft', quantityDelta: '0' }))).toEqual([
      'reason',
      'quantityDelta',
    ]);
    expect(await fieldsOf('/api/v1/parts/returns/BAD-11', customerReturn('SH-01', { direction: 'sideways' }))).toEqual(['direction']);
    expect(await fieldsOf('/api/v1/parts/receipts/BAD-12', receipt('SH-01', { vin: 'LSVAU2180N2183294' }))).toEqual(['vin']);

    const domain = async (path: string, body: object) => (await http().post(path).send(body).expect(400)).body as ErrorBody;
    expect(await domain('/api/v1/parts/stock-snapshots/2026-13', snapshot('SH-01'))).toMatchObject({ code: 'INVALID_PARTS_COMMAND' });
    expect(await domain('/api/v1/parts/stock-adjustments/BAD-13', adjustment('SH-01', { value: cny('50.00', '0.00', '50.00') }))).toMatchObject({
      code: 'INVALID_PARTS_COMMAND',
    });
    expect(await domain('/api/v1/parts/receipts/BAD-14', receipt('SH-01', { cost: eur('1.00', '0.00', '1.00') }))).toMatchObject({ code: 'CURRENCY_MISMATCH' });
    expect(await domain('/api/v1/parts/receipts/BAD-15', receipt('NOPE-01'))).toMatchObject({ code: 'UNKNOWN_BRANCH' });
    expect(await domain('/api/v1/parts/receipts/BAD-16', receipt('OLD-01'))).toMatchObject({ code: 'BRANCH_CLOSED' });
    expect(await domain('/api/v1/parts/transfers/BAD-17/dispatch', dispatch('SH-01', 'OLD-01'))).toMatchObject({ code: 'BRANCH_CLOSED' });
    expect(await domain('/api/v1/parts/transfers/BAD-18/dispatch', dispatch('SH-01', 'MAD-01'))).toMatchObject({ code: 'CURRENCY_MISMATCH' });
    expect(await domain('/api/v1/parts/accessory-sales/BAD-19', accessorySale('SH-01', { amount: eur('1.00', '0.00', '1.00') }))).toMatchObject({
      code: 'CURRENCY_MISMATCH',
    });
    expect(await eventCount()).toBe(before);
  });

  it('answers broken business rules with stable codes and appends nothing', async () => {
    await http()
      .post('/api/v1/parts/receipts/GR-1')
      .send(receipt('RULE-01', { quantity: '5' }))
      .expect(201);
    await http().post('/api/v1/parts/counter-sales/CS-1').send(sale('RULE-01')).expect(201);
    await http().post('/api/v1/parts/stock-snapshots/2026-01').send(snapshot('RULE-01')).expect(201);
    await http()
      .post('/api/v1/parts/transfers/TR-9/dispatch')
      .send(dispatch('RULE-01', 'SH-03', { lines: [{ partNumber: 'OIL-FILTER', quantity: '1', value: cny('50.00', '0.00', '50.00') }] }))
      .expect(201);
    const before = await eventCount();
    const answers = [
      await http()
        .post('/api/v1/parts/counter-sales/CS-2')
        .send(sale('RULE-01', { lines: [saleLine({ quantity: '0.001' })] })),
      await http().post('/api/v1/parts/receipts/GR-1').send(receipt('RULE-01')),
      await http()
        .post('/api/v1/parts/returns/RT-1')
        .send(customerReturn('RULE-01', { originalDocumentId: 'CS-404' })),
      await http()
        .post('/api/v1/parts/returns/RT-2')
        .send(customerReturn('RULE-01', { lines: [{ ...customerReturn('RULE-01').lines[0], quantity: '5' }] })),
      await http()
        .post('/api/v1/parts/stock-adjustments/ADJ-1')
        .send(adjustment('RULE-01', { quantityDelta: '-2', value: cny('-1.00', '0.00', '-1.00') })),
      await http().post('/api/v1/parts/stock-snapshots/2026-01').send(snapshot('RULE-01')),
      await http().post('/api/v1/parts/transfers/TR-8/receipt').send(transferReceipt('SH-03', 'RULE-01')),
      await http()
        .post('/api/v1/parts/transfers/TR-9/receipt')
        .send(transferReceipt('RULE-02', 'RULE-01', { lines: [{ partNumber: 'OIL-FILTER', quantity: '1' }] })),
      await http()
        .post('/api/v1/parts/transfers/TR-9/receipt')
        .send(transferReceipt('SH-03', 'RULE-01', { lines: [{ partNumber: 'OIL-FILTER', quantity: '2' }] })),
    ];
    expect(codes(answers)).toEqual([
      [409, 'INSUFFICIENT_STOCK'],
      [409, 'PARTS_DOCUMENT_ALREADY_RECORDED'],
      [422, 'ORIGINAL_DOCUMENT_NOT_FOUND'],
      [409, 'RETURN_EXCEEDS_ORIGINAL'],
      [409, 'INSUFFICIENT_STOCK'],
      [409, 'STOCK_SNAPSHOT_ALREADY_TAKEN'],
      [422, 'TRANSFER_NOT_DISPATCHED'],
      [422, 'TRANSFER_WRONG_DESTINATION'],
      [422, 'TRANSFER_RECEIPT_EXCEEDS_DISPATCH'],
    ]);
    expect(await eventCount()).toBe(before);

    await http()
      .post('/api/v1/parts/transfers/TR-9/receipt')
      .send(transferReceipt('SH-03', 'RULE-01', { lines: [{ partNumber: 'OIL-FILTER', quantity: '1' }] }))
      .expect(201);
    const again = await http()
      .post('/api/v1/parts/transfers/TR-9/receipt')
      .send(transferReceipt('SH-03', 'RULE-01', { lines: [{ partNumber: 'OIL-FILTER', quantity: '1' }] }));
    expect(codes([again])).toEqual([[409, 'TRANSFER_ALREADY_RECEIVED']]);
  });

  it('lets exactly one of two requests with the same If-Match through', async () => {
    const first = await http().post('/api/v1/parts/receipts/GR-1').send(receipt('RACE-01')).expect(201);
    const version = first.headers.etag as string;
    const racing = await Promise.all(
      ['GR-2', 'GR-3'].map((id) => http().post(`/api/v1/parts/receipts/${id}`).set('If-Match', version).send(receipt('RACE-01'))),
    );
    expect(codes(racing).sort()).toEqual([
      [201, undefined],
      [409, 'STREAM_VERSION_CONFLICT'],
    ]);
    expect(await types('parts-stock-RACE-01')).toHaveLength(2);
  });

  it('sells the last unit once when five clerks sell it at the same moment, and queues unrelated sales', async () => {
    await http()
      .post('/api/v1/parts/receipts/GR-1')
      .send(receipt('RACE-02', { quantity: '1' }))
      .expect(201);
    const lastUnit = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        http()
          .post(`/api/v1/parts/counter-sales/CS-${n}`)
          .send(sale('RACE-02', { lines: [saleLine({ quantity: '1' })] })),
      ),
    );
    expect(codes(lastUnit).sort()).toEqual([[201, undefined], ...Array.from({ length: 4 }, () => [409, 'INSUFFICIENT_STOCK'])]);
    expect(await stock('RACE-02', 'OIL-FILTER')).toBe('0');

    const parts = ['P-1', 'P-2', 'P-3', 'P-4', 'P-5'];
    for (const [i, partNumber] of parts.entries()) {
      await http()
        .post(`/api/v1/parts/receipts/GR-P${i}`)
        .send(receipt('RACE-02', { partNumber, quantity: '1' }))
        .expect(201);
    }
    const unrelated = await Promise.all(
      parts.map((partNumber) =>
        http()
          .post(`/api/v1/parts/counter-sales/CS-${partNumber}`)
          .send(sale('RACE-02', { lines: [saleLine({ partNumber, quantity: '1' })] })),
      ),
    );
    expect(unrelated.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
  });

  it('answers a retry with the same Idempotency-Key with the first answer, and refuses the key for another request', async () => {
    const first = await http().post('/api/v1/parts/receipts/GR-1').set('Idempotency-Key', 'dms:GR-1').send(receipt('IDEM-01')).expect(201);
    expect(first.headers['idempotent-replayed']).toBe('false');
    const before = await eventCount();
    const retry = await http().post('/api/v1/parts/receipts/GR-1').set('Idempotency-Key', 'dms:GR-1').send(receipt('IDEM-01')).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await eventCount()).toBe(before);

    const reused = await http()
      .post('/api/v1/parts/receipts/GR-1')
      .set('Idempotency-Key', 'dms:GR-1')
      .send(receipt('IDEM-01', { quantity: '11' }))
      .expect(422);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    // Without the key, the same receipt id again is a conflict, not a second receipt.
    await http().post('/api/v1/parts/receipts/GR-1').send(receipt('IDEM-01')).expect(409);
    expect(await eventCount()).toBe(before);
  });

  it('answers a batch item by item, and a retried batch applies nothing twice', async () => {
    const items = [
      { command: 'ReceiveParts', idempotencyKey: 'pb:1', params: { receiptId: 'GR-1' }, body: receipt('BATCH-01', { quantity: '2' }) },
      { command: 'SellParts', idempotencyKey: 'pb:2', params: { saleId: 'CS-1' }, body: sale('BATCH-01', { lines: [saleLine({ quantity: '2' })] }) },
      { command: 'SellParts', idempotencyKey: 'pb:3', params: { saleId: 'CS-2' }, body: sale('BATCH-01', { lines: [saleLine({ quantity: '1' })] }) },
      { command: 'SellParts', idempotencyKey: 'pb:4', params: { saleId: 'CS-3' }, body: sale('BATCH-01', { customerType: 'workshop' }) },
      { command: 'ScrapEverything', idempotencyKey: 'pb:5', body: {} },
      { command: 'TakeStockSnapshot', idempotencyKey: 'pb:6', params: {}, body: snapshot('BATCH-01') },
      { command: 'TakeStockSnapshot', idempotencyKey: 'pb:7', params: { month: '2026-01' }, body: snapshot('BATCH-01') },
      { command: 'SellAccessory', idempotencyKey: 'pb:8', params: { accessorySaleId: 'B-AS-1' }, body: accessorySale('BATCH-01') },
    ];
    const before = await eventCount();
    const first = await http().post('/api/v1/parts/batch').send({ items }).expect(200);
    const results = (first.body as { results: { status: number; body: ErrorBody }[] }).results;
    expect(results.map((r) => [r.status, r.body.code])).toEqual([
      [201, undefined],
      [201, undefined],
      [409, 'INSUFFICIENT_STOCK'],
      [400, 'VALIDATION_FAILED'],
      [400, 'UNKNOWN_COMMAND'],
      [400, 'VALIDATION_FAILED'],
      [201, undefined],
      [201, undefined],
    ]);
    expect(first.body).toMatchObject({ succeeded: 4, failed: 4 });
    expect(await eventCount()).toBe(before + 4);

    const again = await http().post('/api/v1/parts/batch').send({ items }).expect(200);
    expect((again.body as { results: { status: number; replayed: boolean }[] }).results.filter((r) => r.replayed)).toHaveLength(4);
    expect(await eventCount()).toBe(before + 4);
  });

  it('relays every parts event type to the parts topic', async () => {
    const kafka = testKafka();
    const prefix = `${uniqueId('parts')}.`;
    await ensureTopics(kafka, { ...kafkaSettingsFromEnv(process.env, 'test'), topicPrefix: prefix, partitions: 3 });
    const publisher = new KafkaEventPublisher(kafka, prefix);
    const relay = new EventRelay(t.dataSource, t.store, t.app.get(CheckpointStore), publisher, { name: uniqueId('parts-relay-'), idleMs: 10 });
    const partsTypes: string[] = PARTS_EVENTS.map((d) => d.type);
    const rows = await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM events WHERE type = ANY($1)', [partsTypes]);
    const expected = Number(rows[0]?.n);
    const all = await eventCount();
    relay.start();
    try {
      await expectEventually(() => expect(relay.publishedCount).toBe(all));
      const read = await readTopic(kafka, topicFor('parts', prefix), expected);
      const events = read.map((r) => JSON.parse(r.message.value!.toString('utf8')) as EventEnvelope);
      expect(events).toHaveLength(expected);
      expect(new Set(events.map((e) => e.type))).toEqual(new Set(partsTypes));
      const sold = read.find((r) => r.message.headers?.['event-type']?.toString() === 'PartsSold');
      expect(sold?.message.key?.toString()).toMatch(/^parts-stock-/);
    } finally {
      await relay.stop();
      await publisher.disconnect();
    }
  });
});
