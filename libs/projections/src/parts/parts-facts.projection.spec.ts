import { DomainEvent, EventPayloads, EventType, parseEvent } from '@app/contracts';
import { UniformBranchCalendar } from '../business-date';
import {
  accessorySalesProjection,
  PARTS_PROJECTIONS,
  partsPurchasesProjection,
  partsSalesProjection,
  partsTransfersProjection,
  stockSnapshotsProjection,
} from './parts-facts.projection';

const context = { calendar: new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 }) };
let position = 0;

function ev<K extends EventType>(type: K, payload: EventPayloads[K], occurredAt = '2026-01-10T02:00:00.000Z', branchId = 'SH-01'): DomainEvent {
  position += 1;
  const parsed = parseEvent({
    eventId: `1d3c7a4e-5b7e-4b8f-9d38-7f7c3d1a2b${String(position).padStart(2, '0')}`,
    type,
    schemaVersion: 1,
    streamId: 'parts-SH-01',
    streamPosition: position,
    globalPosition: String(200 + position),
    occurredAt,
    recordedAt: occurredAt,
    branchId,
    actor: { kind: 'user', id: 'u-1' },
    correlationId: 'c-1',
    causationId: null,
    payload,
  });
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.event;
}

const cny = (net: string, tax = '0.00', gross = net) => ({ currency: 'CNY', net, tax, gross });
const line = (partNumber: string, quantity: string, genuine: boolean, amount: string, cost: string) => ({
  partNumber,
  quantity,
  genuine,
  amount: cny(amount),
  cost: cny(cost),
});

describe('parts fact projections', () => {
  it('books each line of a counter sale with its customer type, genuine flag, revenue and cost', () => {
    const event = ev('PartsSold', {
      saleId: 'S1',
      customerType: 'retail',
      customerId: null,
      lines: [line('06A115561B', '2', true, '1000.00', '600.00'), line('X-1', '1.5', false, '500.00', '400.00')],
    });
    expect(partsSalesProjection.project(event, context)).toEqual([
      expect.objectContaining({
        event_id: event.eventId,
        line_no: 0,
        event_type: 'PartsSold',
        document_id: 'S1',
        customer_type: 'retail',
        genuine: true,
        quantity: '2',
        revenue_net: '1000.00',
        cost_net: '600.00',
        business_date: '2026-01-10',
      }),
      expect.objectContaining({ line_no: 1, genuine: false, quantity: '1.5', revenue_net: '500.00', cost_net: '400.00' }),
    ]);
    expect(partsPurchasesProjection.project(event, context)).toEqual([]);
  });

  it("books a customer return as negative revenue and cost on the return's own date, linked to the sale", () => {
    const event = ev(
      'PartsReturned',
      { returnId: 'PR1', direction: 'from_customer', originalDocumentId: 'S1', reason: null, lines: [line('06A115561B', '1', true, '500.00', '300.00')] },
      '2026-02-03T02:00:00.000Z',
    );
    expect(partsSalesProjection.project(event, context)).toEqual([
      expect.objectContaining({
        event_type: 'PartsReturned',
        business_date: '2026-02-03',
        document_id: 'PR1',
        original_document_id: 'S1',
        customer_type: '',
        quantity: '-1',
        revenue_net: '-500.00',
        revenue_gross: '-500.00',
        cost_net: '-300.00',
      }),
    ]);
    expect(partsPurchasesProjection.project(event, context)).toEqual([]);
  });

  it('books receipts as purchases and a return to the supplier as a negative purchase', () => {
    const receipt = ev('PartsReceived', {
      receiptId: 'RC1',
      supplierId: 'OEM',
      purchaseOrderRef: null,
      partNumber: '06A115561B',
      quantity: '20',
      genuine: true,
      cost: cny('10000.00', '1300.00', '11300.00'),
    });
    expect(partsPurchasesProjection.project(receipt, context)).toEqual([
      expect.objectContaining({
        line_no: 0,
        event_type: 'PartsReceived',
        supplier_id: 'OEM',
        genuine: true,
        quantity: '20',
        cost_net: '10000.00',
        cost_tax: '1300.00',
        cost_gross: '11300.00',
      }),
    ]);
    const back = ev('PartsReturned', {
      returnId: 'PR2',
      direction: 'to_supplier',
      originalDocumentId: 'RC1',
      reason: 'wrong part',
      lines: [line('06A115561B', '2', true, '1000.00', '1000.00')],
    });
    expect(partsPurchasesProjection.project(back, context)).toEqual([
      expect.objectContaining({ original_document_id: 'RC1', quantity: '-2', cost_net: '-1000.00', genuine: true }),
    ]);
    expect(partsSalesProjection.project(back, context)).toEqual([]);
  });

  it('books an accessory sale apart from parts counter sales', () => {
    const event = ev('AccessorySold', {
      accessorySaleId: 'A1',
      accessoryCode: 'MAT-1',
      description: 'floor mats',
      quantity: '1',
      amount: cny('800.00'),
      cost: cny('500.00'),
      vehicleSaleId: 'VS-1',
    });
    expect(accessorySalesProjection.project(event, context)).toEqual([
      expect.objectContaining({ accessory_sale_id: 'A1', vehicle_sale_id: 'VS-1', revenue_net: '800.00', cost_net: '500.00' }),
    ]);
    expect(partsSalesProjection.project(event, context)).toEqual([]);
  });

  it('keys a stock snapshot by the month it names, not the date it was taken', () => {
    const event = ev(
      'StockSnapshotTaken',
      {
        month: '2026-01',
        partCount: 10,
        totalQuantity: '120.5',
        totalValue: cny('50000.00'),
        agedStock: { days0To90: cny('30000.00'), days91To180: cny('10000.00'), days181To365: cny('6000.00'), over365Days: cny('4000.00') },
      },
      '2026-02-01T03:00:00.000Z',
    );
    expect(stockSnapshotsProjection.project(event, context)).toEqual([
      expect.objectContaining({
        snapshot_month: '2026-01-01',
        business_date: '2026-02-01',
        part_count: 10,
        total_quantity: '120.5',
        total_value_net: '50000.00',
        aged_0_90_net: '30000.00',
        aged_91_180_net: '10000.00',
        aged_181_365_net: '6000.00',
        aged_over_365_net: '4000.00',
        global_position: event.globalPosition,
      }),
    ]);
  });

  it('books a transfer as out on the sender and in on the receiver, never as a sale', () => {
    const payload = {
      transferId: 'T1',
      fromBranchId: 'SH-01',
      toBranchId: 'SH-02',
      lines: [{ partNumber: 'X-1', quantity: '2', value: cny('700.00') }],
      value: cny('700.00'),
    };
    const out = ev('InterBranchTransferDispatched', payload);
    const into = ev('InterBranchTransferReceived', payload, '2026-01-12T02:00:00.000Z', 'SH-02');
    expect(partsTransfersProjection.project(out, context)).toEqual([
      expect.objectContaining({ direction: 'out', branch_id: 'SH-01', counterparty_branch_id: 'SH-02', value_net: '700.00', line_count: 1 }),
    ]);
    expect(partsTransfersProjection.project(into, context)).toEqual([
      expect.objectContaining({ direction: 'in', branch_id: 'SH-02', counterparty_branch_id: 'SH-01', business_date: '2026-01-12' }),
    ]);
    for (const projection of PARTS_PROJECTIONS.filter((p) => p !== partsTransfersProjection)) expect(projection.project(out, context)).toEqual([]);
  });
});
