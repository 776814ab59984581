import { DomainEvent, EventPayloads, EventType, parseEvent } from '@app/contracts';
import { UniformBranchCalendar } from '../business-date';
import {
  salesActivitiesProjection,
  salesCollectionsProjection,
  salesLeadsProjection,
  salesOrdersProjection,
  saleOrdersProjection,
  SALES_PROJECTIONS,
  salesTestDrivesProjection,
} from './sales-facts.projection';

const context = { calendar: new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 }) };
let position = 0;

function ev<K extends EventType>(type: K, payload: EventPayloads[K], occurredAt = '2026-01-31T16:30:00.000Z'): DomainEvent {
  position += 1;
  const parsed = parseEvent({
    eventId: `0d3c7a4e-5b7e-4b8f-9d38-7f7c3d1a2b${String(position).padStart(2, '0')}`,
    type,
    schemaVersion: 1,
    streamId: 'vehicle-sale-VS-1',
    streamPosition: position,
    globalPosition: String(100 + position),
    occurredAt,
    recordedAt: occurredAt,
    branchId: 'SH-01',
    actor: { kind: 'user', id: 'u-1' },
    correlationId: 'c-1',
    causationId: null,
    payload,
  });
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.event;
}

const cny = (net: string, tax = '0.00', gross = net) => ({ currency: 'CNY', net, tax, gross });

describe('sales fact projections', () => {
  it('books a lead with its source and segment at the local business date', () => {
    const event = ev('LeadCreated', { leadId: 'L1', source: 'online', segment: 'taxi', consultantId: 'E-1', modelOfInterest: null, customerId: null });
    expect(salesLeadsProjection.project(event, context)).toEqual([
      {
        event_id: event.eventId,
        branch_id: 'SH-01',
        business_date: '2026-02-01', // 00:30 on 1 Feb in Shanghai
        occurred_at: '2026-01-31 16:30:00.000',
        lead_id: 'L1',
        source: 'online',
        segment: 'taxi',
        consultant_id: 'E-1',
        model_of_interest: '',
        referrer_customer_id: null,
        global_position: event.globalPosition,
      },
    ]);
  });

  it('books the referrer a v2 referral lead names', () => {
    const v1 = ev('LeadCreated', { leadId: 'L2', source: 'referral', segment: 'individual', consultantId: 'E-1', modelOfInterest: null, customerId: null });
    const v2 = { ...v1, schemaVersion: 2, payload: { ...v1.payload, referrerCustomerId: 'C-0815' } } as typeof v1;
    expect(salesLeadsProjection.project(v2, context)).toMatchObject([{ lead_id: 'L2', source: 'referral', referrer_customer_id: 'C-0815' }]);
  });

  it('books a test drive', () => {
    const event = ev('TestDriveCompleted', { leadId: 'L1', model: 'Lavida', consultantId: 'E-2' }, '2026-01-10T02:00:00.000Z');
    expect(salesTestDrivesProjection.project(event, context)).toMatchObject([
      { lead_id: 'L1', model: 'Lavida', consultant_id: 'E-2', business_date: '2026-01-10' },
    ]);
  });

  it('books a logged call or visit on its business date, without the note; no other projection takes it', () => {
    // 16:30 UTC on 31 January is 00:30 on 1 February in Shanghai.
    const event = ev('SalesActivityLogged', { activityId: 'ACT-1', consultantId: 'E-2', kind: 'visit', leadId: null, customerId: 'C-9', note: 'showroom' });
    expect(salesActivitiesProjection.project(event, context)).toEqual([
      {
        event_id: event.eventId,
        branch_id: 'SH-01',
        business_date: '2026-02-01',
        occurred_at: '2026-01-31 16:30:00.000',
        activity_id: 'ACT-1',
        consultant_id: 'E-2',
        kind: 'visit',
        lead_id: '',
        customer_id: 'C-9',
        global_position: event.globalPosition,
      },
    ]);
    for (const projection of SALES_PROJECTIONS.filter((p) => p !== salesActivitiesProjection)) expect(projection.project(event, context)).toEqual([]);
  });

  it('books a signed order and a cancellation as separate movements, each on its own date', () => {
    const signed = ev(
      'OrderSigned',
      {
        vehicleSaleId: 'VS-1',
        orderId: 'O1',
        leadId: 'L1',
        model: 'Lavida',
        condition: 'new',
        listPrice: cny('120000.00'),
        transactionPrice: cny('110000.00'),
        deposit: cny('5000.00'),
        finance: 'loan',
        consultantId: 'E-1',
        customerId: 'C-1',
      },
      '2026-01-10T02:00:00.000Z',
    );
    const cancelled = ev('OrderCancelled', { vehicleSaleId: 'VS-1', orderId: 'O1', reason: 'changed mind' }, '2026-02-03T02:00:00.000Z');
    expect(salesOrdersProjection.project(signed, context)).toMatchObject([
      {
        event_type: 'OrderSigned',
        business_date: '2026-01-10',
        lead_id: 'L1',
        orders_signed: 1,
        orders_cancelled: 0,
        list_price_net: '120000.00',
        transaction_price_net: '110000.00',
        finance: 'loan',
      },
    ]);
    expect(salesOrdersProjection.project(cancelled, context)).toMatchObject([
      {
        event_type: 'OrderCancelled',
        business_date: '2026-02-03',
        lead_id: null,
        orders_signed: 0,
        orders_cancelled: 1,
        cancel_reason: 'changed mind',
        list_price_net: null,
        transaction_price_net: '0.00',
      },
    ]);
  });

  it('keeps each order signing by its vehicle sale (the sales dimensions read the latest), and no cancellation', () => {
    const signed = ev(
      'OrderSigned',
      {
        vehicleSaleId: 'VS-2',
        orderId: 'O2',
        leadId: null,
        model: 'Tayron',
        condition: 'new',
        listPrice: cny('220000.00'),
        transactionPrice: cny('210000.00'),
        deposit: cny('5000.00'),
        finance: 'cash',
        consultantId: 'E-2',
        customerId: 'C-2',
      },
      '2026-01-31T16:30:00.000Z',
    );
    expect(saleOrdersProjection.project(signed, context)).toEqual([
      {
        branch_id: 'SH-01',
        vehicle_sale_id: 'VS-2',
        order_id: 'O2',
        consultant_id: 'E-2',
        finance: 'cash',
        lead_id: '',
        model: 'Tayron',
        // Its business date in Shanghai: 1 February 00:30.
        signed_on: '2026-02-01',
        event_id: signed.eventId,
        global_position: signed.globalPosition,
      },
    ]);
    expect(saleOrdersProjection.project(ev('OrderCancelled', { vehicleSaleId: 'VS-2', orderId: 'O2', reason: 'changed mind' }), context)).toEqual([]);
    expect(SALES_PROJECTIONS).toContain(saleOrdersProjection);
  });

  it('books payments in as positive collections and a refund as negative', () => {
    const balance = ev('PaymentReceived', { vehicleSaleId: 'VS-1', orderId: 'O1', kind: 'balance', amount: cny('95575.22', '12424.78', '108000.00') });
    const refund = ev('PaymentReceived', { vehicleSaleId: 'VS-1', orderId: null, kind: 'refund', amount: cny('5000.00') });
    expect(salesCollectionsProjection.project(balance, context)).toMatchObject([
      { kind: 'balance', amount_net: '95575.22', amount_tax: '12424.78', amount_gross: '108000.00', currency: 'CNY' },
    ]);
    expect(salesCollectionsProjection.project(refund, context)).toMatchObject([
      { kind: 'refund', order_id: null, amount_net: '-5000.00', amount_tax: '0.00', amount_gross: '-5000.00' },
    ]);
  });

  it('projects nothing from events of other kinds, and vehicle deliveries are left to fact_vehicle_sales', () => {
    const delivered = ev('VehicleDelivered', {
      vehicleSaleId: 'VS-1',
      orderId: null,
      vin: 'LSVAU2180N2183294',
      model: 'Lavida',
      condition: 'new',
      consultantId: 'E-1',
      customerId: null,
      invoice: cny('100.00'),
      cost: cny('90.00'),
    });
    for (const projection of SALES_PROJECTIONS) expect(projection.project(delivered, context)).toEqual([]);
  });

  it('is a pure function of the event: projecting twice gives the same rows', () => {
    const event = ev('LeadCreated', {
      leadId: 'L9',
      source: 'phone',
      segment: 'individual',
      consultantId: 'E-1',
      modelOfInterest: 'Tiguan',
      customerId: 'C-9',
    });
    expect(salesLeadsProjection.project(event, context)).toEqual(salesLeadsProjection.project(event, context));
  });
});
