import { Money, NewEvent } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { DeciderSpecification, decideInTurn } from '@app/contracts/testing';
import {
  AdjustStock,
  BackOrderParts,
  decidePartsStock,
  DispatchedTransfer,
  DispatchTransfer,
  evolvePartsStock,
  initialPartsStock,
  PartsStockCommand,
  ReceiveParts,
  ReceiveTransfer,
  ReturnParts,
  SellParts,
  stockOf,
  TakeStockSnapshot,
} from './parts-stock.aggregate';
import {
  BackOrderExceededError,
  BackOrderNotFoundError,
  DocumentAlreadyRecordedError,
  InsufficientStockError,
  InvalidPartsCommandError,
  OriginalDocumentNotFoundError,
  ReturnExceedsOriginalError,
  StockSnapshotAlreadyTakenError,
  StockSnapshotTooEarlyError,
  TransferAlreadyReceivedError,
  TransferNotDispatchedError,
  TransferReceiptExceedsDispatchError,
  TransferWrongDestinationError,
} from './parts.errors';

const cny = (net: string, tax: string, gross: string): Money => ({ currency: 'CNY', net, tax, gross });
const at = '2026-01-10T02:00:00.000Z';
const base = { occurredAt: at, branchId: 'SH-01' };

const receive = (overrides: Partial<ReceiveParts> = {}): ReceiveParts => ({
  type: 'ReceiveParts',
  eventId: randomUUID(),
  ...base,
  receiptId: 'GR-1',
  supplierId: 'SUP-FAW',
  purchaseOrderRef: 'PO-77',
  partNumber: 'OIL-FILTER',
  quantity: '10',
  genuine: true,
  cost: cny('500.00', '65.00', '565.00'),
  ...overrides,
});

const sell = (overrides: Partial<SellParts> = {}): SellParts => ({
  type: 'SellParts',
  eventId: randomUUID(),
  ...base,
  saleId: 'CS-1',
  customerType: 'quick_repair_shop',
  customerId: 'C-9',
  lines: [{ partNumber: 'OIL-FILTER', quantity: '4', genuine: true, amount: cny('320.00', '41.60', '361.60'), cost: cny('200.00', '26.00', '226.00') }],
  ...overrides,
});

const backOrder = (overrides: Partial<BackOrderParts> = {}): BackOrderParts => ({
  type: 'BackOrderParts',
  eventId: randomUUID(),
  ...base,
  backOrderId: 'BO-1',
  channel: 'counter',
  repairOrderId: null,
  customerType: 'retail',
  partNumber: 'OIL-FILTER',
  genuine: true,
  quantityRequested: '4',
  quantityServed: '0',
  ...overrides,
});

const returnParts = (overrides: Partial<ReturnParts> = {}): ReturnParts => ({
  type: 'ReturnParts',
  eventId: randomUUID(),
  ...base,
  returnId: 'RT-1',
  direction: 'from_customer',
  originalDocumentId: 'CS-1',
  reason: 'wrong part ordered',
  lines: [{ partNumber: 'OIL-FILTER', quantity: '1', amount: cny('80.00', '10.40', '90.40'), cost: cny('50.00', '6.50', '56.50') }],
  ...overrides,
});

const adjust = (overrides: Partial<AdjustStock> = {}): AdjustStock => ({
  type: 'AdjustStock',
  eventId: randomUUID(),
  ...base,
  adjustmentId: 'ADJ-1',
  reason: 'damage',
  partNumber: 'OIL-FILTER',
  quantityDelta: '-2',
  value: cny('-100.00', '0.00', '-100.00'),
  note: null,
  ...overrides,
});

const snapshot = (overrides: Partial<TakeStockSnapshot> = {}): TakeStockSnapshot => ({
  type: 'TakeStockSnapshot',
  eventId: randomUUID(),
  occurredAt: '2026-01-31T15:00:00.000Z',
  branchId: 'SH-01',
  month: '2026-01',
  partCount: 1,
  totalQuantity: '10',
  totalValue: cny('500.00', '0.00', '500.00'),
  agedStock: {
    days0To90: cny('300.00', '0.00', '300.00'),
    days91To180: cny('100.00', '0.00', '100.00'),
    days181To365: cny('60.00', '0.00', '60.00'),
    over365Days: cny('40.00', '0.00', '40.00'),
  },
  ...overrides,
});

const dispatch = (overrides: Partial<DispatchTransfer> = {}): DispatchTransfer => ({
  type: 'DispatchTransfer',
  eventId: randomUUID(),
  ...base,
  transferId: 'TR-1',
  toBranchId: 'SH-02',
  lines: [{ partNumber: 'OIL-FILTER', quantity: '3', value: cny('150.00', '0.00', '150.00') }],
  ...overrides,
});

const sentToSh02: DispatchedTransfer = {
  transferId: 'TR-1',
  fromBranchId: 'SH-01',
  toBranchId: 'SH-02',
  lines: [
    { partNumber: 'OIL-FILTER', quantity: '3', value: cny('100.00', '13.00', '113.00') },
    { partNumber: 'WIPER', quantity: '2', value: cny('40.00', '5.20', '45.20') },
  ],
};

const receiveTransfer = (overrides: Partial<ReceiveTransfer> = {}): ReceiveTransfer => ({
  type: 'ReceiveTransfer',
  eventId: randomUUID(),
  occurredAt: at,
  branchId: 'SH-02',
  transferId: 'TR-1',
  fromBranchId: 'SH-01',
  lines: [
    { partNumber: 'OIL-FILTER', quantity: '1' },
    { partNumber: 'WIPER', quantity: '2' },
  ],
  dispatch: sentToSh02,
  ...overrides,
});

const partsStock = { decide: decidePartsStock, evolve: evolvePartsStock, initialState: initialPartsStock, streamId: 'parts-stock-SH-01' };
const given = DeciderSpecification.for(partsStock);

/** The events of past commands, each decided on the state its predecessors left. */
const history = (...commands: PartsStockCommand[]): NewEvent[] => decideInTurn(partsStock, commands);

describe('PartsStock ledger of a branch', () => {
  describe('receiving parts', () => {
    it('records the receipt with supplier, genuine flag and cost, and raises stock', () => {
      const after = given()
        .when(receive())
        .then([
          {
            type: 'PartsReceived',
            branchId: 'SH-01',
            payload: { supplierId: 'SUP-FAW', genuine: true, quantity: '10', cost: cny('500.00', '65.00', '565.00') },
          },
        ]).state;
      expect(stockOf(after, 'OIL-FILTER')).toBe('10');
    });

    it('refuses a zero or negative quantity', () => {
      given()
        .when(receive({ quantity: '0' }))
        .thenThrows(InvalidPartsCommandError, /quantity: must be greater than zero/);
      given()
        .when(receive({ quantity: '-1' }))
        .thenThrows(InvalidPartsCommandError);
    });

    it('refuses a negative cost', () => {
      given()
        .when(receive({ cost: cny('-1.00', '0.00', '-1.00') }))
        .thenThrows(InvalidPartsCommandError, /cost.net: must not be negative/);
    });

    it('refuses the same receipt id twice', () => {
      given(history(receive()))
        .when(receive({ quantity: '1' }))
        .thenThrows(DocumentAlreadyRecordedError);
    });
  });

  describe('counter sales', () => {
    it('records the sale with customer type, lines, amounts and cost, and lowers stock', () => {
      const after = given(history(receive()))
        .when(sell())
        .then([
          { type: 'PartsSold', payload: { customerType: 'quick_repair_shop', lines: [{ partNumber: 'OIL-FILTER', quantity: '4', genuine: true }] } },
        ]).state;
      expect(stockOf(after, 'OIL-FILTER')).toBe('6');
    });

    it('sells down to exactly zero but not one unit more', () => {
      const empty = given(history(receive()))
        .when(sell({ lines: [{ ...sell().lines[0]!, quantity: '10' }] }))
        .then([{ type: 'PartsSold' }]).state;
      expect(stockOf(empty, 'OIL-FILTER')).toBe('0');
      given(history(receive(), sell({ saleId: 'CS-0', lines: [{ ...sell().lines[0]!, quantity: '10' }] })))
        .when(sell())
        .thenThrows(InsufficientStockError, /has 0 of part OIL-FILTER/);
    });

    it('refuses the whole sale when one line is short, and a part never received', () => {
      const short = sell({
        lines: [
          sell().lines[0]!,
          { partNumber: 'SPARK-PLUG', quantity: '1', genuine: false, amount: cny('10.00', '1.30', '11.30'), cost: cny('5.00', '0.65', '5.65') },
        ],
      });
      given(history(receive()))
        .when(short)
        .thenThrows(InsufficientStockError, /SPARK-PLUG/);
    });

    it('refuses the same sale id twice', () => {
      given(history(receive(), sell()))
        .when(sell({ lines: [{ ...sell().lines[0]!, quantity: '1' }] }))
        .thenThrows(DocumentAlreadyRecordedError);
    });

    it('refuses a part on two lines, mixed currencies and an unknown customer type', () => {
      const line = sell().lines[0]!;
      given(history(receive()))
        .when(sell({ lines: [line, line] }))
        .thenThrows(InvalidPartsCommandError, /each part number may appear on one line only/);
      given(history(receive()))
        .when(sell({ lines: [{ ...line, cost: { currency: 'EUR', net: '1.00', tax: '0.00', gross: '1.00' } }] }))
        .thenThrows(InvalidPartsCommandError, /same currency/);
      given(history(receive()))
        .when(sell({ customerType: 'workshop' as never }))
        .thenThrows(InvalidPartsCommandError, /customerType/);
    });
  });

  describe('back-orders (the misses of the parts fill rate)', () => {
    it('records a counter or workshop request the stores could not serve in full, and leaves stock alone', () => {
      const after = given(history(receive()))
        .when(backOrder({ quantityServed: '2' }))
        .then([
          {
            type: 'PartsBackOrdered',
            payload: { backOrderId: 'BO-1', channel: 'counter', customerType: 'retail', quantityRequested: '4', quantityServed: '2' },
          },
        ]).state;
      expect(stockOf(after, 'OIL-FILTER')).toBe('10');
      given()
        .when(backOrder({ backOrderId: 'BO-2', channel: 'workshop', repairOrderId: 'RO-7', customerType: null }))
        .then([{ type: 'PartsBackOrdered', payload: { channel: 'workshop', repairOrderId: 'RO-7', customerType: null } }]);
    });

    it('refuses the same back-order id twice', () => {
      given(history(backOrder()))
        .when(backOrder({ partNumber: 'WIPER' }))
        .thenThrows(DocumentAlreadyRecordedError, /back-order BO-1/);
    });

    it('refuses a workshop back-order without its repair order, a counter one without the customer type, and as much served as asked for', () => {
      given()
        .when(backOrder({ channel: 'workshop', customerType: null }))
        .thenThrows(InvalidPartsCommandError, /repairOrderId/);
      given()
        .when(backOrder({ customerType: null }))
        .thenThrows(InvalidPartsCommandError, /customerType/);
      given()
        .when(backOrder({ quantityServed: '4' }))
        .thenThrows(InvalidPartsCommandError, /quantityServed: a back-order serves less than was requested/);
    });

    it('lets a sale line serve a counter back-order of the same part, and refuses an unknown, a workshop or another part’s back-order', () => {
      const line = { ...sell().lines[0]!, backOrderId: 'BO-1' };
      given(history(receive(), backOrder()))
        .when(sell({ lines: [line] }))
        .then([{ type: 'PartsSold', schemaVersion: 2, payload: { lines: [{ partNumber: 'OIL-FILTER', backOrderId: 'BO-1' }] } }]);
      given(history(receive()))
        .when(sell({ lines: [line] }))
        .thenThrows(BackOrderNotFoundError, /no back-order BO-1/);
      given(history(receive(), backOrder({ channel: 'workshop', repairOrderId: 'RO-7', customerType: null })))
        .when(sell({ lines: [line] }))
        .thenThrows(InvalidPartsCommandError, /workshop back-order of part OIL-FILTER/);
      given(history(receive(), backOrder({ partNumber: 'WIPER' })))
        .when(sell({ lines: [line] }))
        .thenThrows(InvalidPartsCommandError, /back-order of part WIPER/);
    });

    it('sells against a back-order at most what was requested, the part handed over at once included', () => {
      const line = { ...sell().lines[0]!, backOrderId: 'BO-1' };
      // 4 requested: 2 handed over at once (sold against the back-order), 2 when they came in; a third sale is refused.
      const served = history(receive(), backOrder({ quantityServed: '2' }), sell({ saleId: 'CS-A', lines: [{ ...line, quantity: '2' }] }));
      given(served)
        .when(sell({ saleId: 'CS-B', lines: [{ ...line, quantity: '2' }] }))
        .then([{ type: 'PartsSold' }]);
      given(served)
        .when(sell({ saleId: 'CS-B', lines: [{ ...line, quantity: '3' }] }))
        .thenThrows(BackOrderExceededError, /BO-1 has 2 left to serve, not 3/);
    });
  });

  describe('returns from customers', () => {
    it('records the return against the sale, copies the genuine flag and puts the parts back in stock', () => {
      const after = given(history(receive(), sell()))
        .when(returnParts())
        .then([
          {
            type: 'PartsReturned',
            payload: { direction: 'from_customer', originalDocumentId: 'CS-1', lines: [{ partNumber: 'OIL-FILTER', quantity: '1', genuine: true }] },
          },
        ]).state;
      expect(stockOf(after, 'OIL-FILTER')).toBe('7');
    });

    it('refuses a sale the branch never recorded', () => {
      given(history(receive(), sell()))
        .when(returnParts({ originalDocumentId: 'CS-404' }))
        .thenThrows(OriginalDocumentNotFoundError);
    });

    it('refuses more than was sold, counting earlier returns', () => {
      given(history(receive(), sell()))
        .when(returnParts({ lines: [{ ...returnParts().lines[0]!, quantity: '5' }] }))
        .thenThrows(ReturnExceedsOriginalError, /has 4 of part OIL-FILTER left/);
      given(history(receive(), sell(), returnParts({ lines: [{ ...returnParts().lines[0]!, quantity: '3' }] })))
        .when(returnParts({ returnId: 'RT-2', lines: [{ ...returnParts().lines[0]!, quantity: '2' }] }))
        .thenThrows(ReturnExceedsOriginalError, /has 1 of part/);
    });

    it('refuses more money back than the sale invoiced', () => {
      given(history(receive(), sell()))
        .when(returnParts({ lines: [{ ...returnParts().lines[0]!, amount: cny('320.01', '0.00', '320.01') }] }))
        .thenThrows(ReturnExceedsOriginalError, /amount returned/);
    });

    it('refuses a part that is not on the sale', () => {
      given(history(receive(), sell()))
        .when(returnParts({ lines: [{ ...returnParts().lines[0]!, partNumber: 'WIPER' }] }))
        .thenThrows(ReturnExceedsOriginalError, /not on counter sale CS-1/);
    });

    it('refuses the same return id twice', () => {
      given(history(receive(), sell(), returnParts()))
        .when(returnParts())
        .thenThrows(DocumentAlreadyRecordedError);
    });
  });

  describe('returns to suppliers', () => {
    const toSupplier = (overrides: Partial<ReturnParts> = {}) =>
      returnParts({
        direction: 'to_supplier',
        originalDocumentId: 'GR-1',
        lines: [{ partNumber: 'OIL-FILTER', quantity: '2', amount: cny('100.00', '13.00', '113.00'), cost: cny('100.00', '13.00', '113.00') }],
        ...overrides,
      });

    it('records the return against the goods receipt and takes the parts out of stock', () => {
      const after = given(history(receive()))
        .when(toSupplier())
        .then([{ type: 'PartsReturned', payload: { direction: 'to_supplier', originalDocumentId: 'GR-1' } }]).state;
      expect(stockOf(after, 'OIL-FILTER')).toBe('8');
    });

    it('links to a receipt, not to a sale', () => {
      given(history(receive(), sell()))
        .when(toSupplier({ originalDocumentId: 'CS-1' }))
        .thenThrows(OriginalDocumentNotFoundError);
    });

    it('refuses more than was received on the receipt', () => {
      given(history(receive()))
        .when(toSupplier({ lines: [{ ...toSupplier().lines[0]!, quantity: '11' }] }))
        .thenThrows(ReturnExceedsOriginalError);
    });

    it('refuses to send back parts that are no longer in stock', () => {
      given(history(receive(), sell({ lines: [{ ...sell().lines[0]!, quantity: '9' }] })))
        .when(toSupplier())
        .thenThrows(InsufficientStockError);
    });
  });

  describe('stock adjustments', () => {
    it('raises stock on a count correction (an opening balance)', () => {
      const after = given()
        .when(adjust({ reason: 'count_correction', quantityDelta: '12.5', value: cny('250.00', '0.00', '250.00') }))
        .then([{ type: 'StockAdjusted', payload: { reason: 'count_correction', quantityDelta: '12.5' } }]).state;
      expect(stockOf(after, 'OIL-FILTER')).toBe('12.5');
    });

    it('lowers stock on damage, but never below zero', () => {
      const after = given(history(receive()))
        .when(adjust())
        .then([{ type: 'StockAdjusted', payload: { reason: 'damage', quantityDelta: '-2' } }]).state;
      expect(stockOf(after, 'OIL-FILTER')).toBe('8');
      given(history(receive()))
        .when(adjust({ reason: 'write_off', quantityDelta: '-10.001' }))
        .thenThrows(InsufficientStockError);
    });

    it('refuses a zero delta and a value of the other sign', () => {
      given(history(receive()))
        .when(adjust({ quantityDelta: '0' }))
        .thenThrows(InvalidPartsCommandError, /must not be zero/);
      given(history(receive()))
        .when(adjust({ value: cny('100.00', '0.00', '100.00') }))
        .thenThrows(InvalidPartsCommandError, /sign of quantityDelta/);
    });

    it('refuses the same adjustment id twice', () => {
      given(history(receive(), adjust()))
        .when(adjust({ quantityDelta: '-1' }))
        .thenThrows(DocumentAlreadyRecordedError);
    });
  });

  describe('month-end stock snapshots', () => {
    it('records the snapshot with aged-stock buckets and leaves stock alone', () => {
      const after = given(history(receive()))
        .when(snapshot())
        .then([{ type: 'StockSnapshotTaken', payload: { month: '2026-01', agedStock: { over365Days: cny('40.00', '0.00', '40.00') } } }]).state;
      expect(stockOf(after, 'OIL-FILTER')).toBe('10');
    });

    it('takes one snapshot per month: the second of the same month is a conflict, the next month is fine', () => {
      given(history(snapshot())).when(snapshot()).thenThrows(StockSnapshotAlreadyTakenError);
      given(history(snapshot()))
        .when(snapshot({ month: '2026-02', occurredAt: '2026-02-28T15:00:00.000Z' }))
        .then([{ type: 'StockSnapshotTaken' }]);
    });

    it('refuses buckets that do not add up to the total value', () => {
      given()
        .when(snapshot({ totalValue: cny('501.00', '0.00', '501.00') }))
        .thenThrows(InvalidPartsCommandError, /aged-stock buckets must add up/);
    });

    it('refuses a month that has not begun', () => {
      given()
        .when(snapshot({ month: '2026-03' }))
        .thenThrows(StockSnapshotTooEarlyError);
    });
  });

  describe('inter-branch transfers: dispatch', () => {
    it('records the dispatch with its total value and lowers the sender’s stock', () => {
      const after = given(history(receive()))
        .when(dispatch())
        .then([
          {
            type: 'InterBranchTransferDispatched',
            branchId: 'SH-01',
            payload: { fromBranchId: 'SH-01', toBranchId: 'SH-02', value: cny('150.00', '0.00', '150.00') },
          },
        ]).state;
      expect(stockOf(after, 'OIL-FILTER')).toBe('7');
      expect(after.dispatched.get('TR-1')).toMatchObject({ toBranchId: 'SH-02' });
    });

    it('refuses to dispatch more than is in stock', () => {
      given(history(receive()))
        .when(dispatch({ lines: [{ ...dispatch().lines[0]!, quantity: '11' }] }))
        .thenThrows(InsufficientStockError);
    });

    it('refuses a transfer to the sending branch itself', () => {
      given(history(receive()))
        .when(dispatch({ toBranchId: 'SH-01' }))
        .thenThrows(InvalidPartsCommandError, /branches must differ/);
    });

    it('refuses the same transfer id twice', () => {
      given(history(receive(), dispatch())).when(dispatch()).thenThrows(DocumentAlreadyRecordedError);
    });
  });

  describe('inter-branch transfers: receipt', () => {
    it('records what arrived, valued pro rata at the dispatched value, and raises the receiver’s stock', () => {
      const after = given()
        .when(receiveTransfer())
        .then([
          {
            type: 'InterBranchTransferReceived',
            branchId: 'SH-02',
            payload: {
              fromBranchId: 'SH-01',
              toBranchId: 'SH-02',
              lines: [
                { partNumber: 'OIL-FILTER', quantity: '1', value: cny('33.33', '4.33', '37.66') },
                { partNumber: 'WIPER', quantity: '2', value: cny('40.00', '5.20', '45.20') },
              ],
              value: cny('73.33', '9.53', '82.86'),
            },
          },
        ]).state;
      expect(stockOf(after, 'OIL-FILTER')).toBe('1');
      expect(stockOf(after, 'WIPER')).toBe('2');
    });

    it('refuses a transfer that was not dispatched', () => {
      given()
        .when(receiveTransfer({ dispatch: null }))
        .thenThrows(TransferNotDispatchedError);
    });

    it('lets only the destination branch receive it', () => {
      given()
        .when(receiveTransfer({ branchId: 'SH-03' }))
        .thenThrows(TransferWrongDestinationError);
    });

    it('receives a transfer once', () => {
      given(history(receiveTransfer())).when(receiveTransfer()).thenThrows(TransferAlreadyReceivedError);
    });

    it('refuses more than was dispatched, and a part that was not dispatched', () => {
      given()
        .when(receiveTransfer({ lines: [{ partNumber: 'OIL-FILTER', quantity: '3.001' }] }))
        .thenThrows(TransferReceiptExceedsDispatchError, /only 3 dispatched/);
      given()
        .when(receiveTransfer({ lines: [{ partNumber: 'BRAKE-PAD', quantity: '1' }] }))
        .thenThrows(TransferReceiptExceedsDispatchError, /was not dispatched/);
    });
  });
});
