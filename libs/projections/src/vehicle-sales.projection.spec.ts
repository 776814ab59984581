import { DomainEvent } from '@app/contracts';
import { UniformBranchCalendar } from './business-date';
import { vehicleSalesProjection } from './vehicle-sales.projection';

const calendar = new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 });

const delivered: DomainEvent = {
  eventId: '0d3c7a4e-5b7e-4b8f-9d38-7f7c3d1a2b01',
  type: 'VehicleDelivered',
  schemaVersion: 1,
  streamId: 'vehicle-sale-VS-1',
  streamPosition: 1,
  globalPosition: '42',
  occurredAt: '2026-01-31T16:30:00.000Z',
  recordedAt: '2026-01-31T16:30:01.000Z',
  branchId: 'SH-01',
  actor: { kind: 'user', id: 'u-1' },
  correlationId: 'c-1',
  causationId: null,
  payload: {
    vehicleSaleId: 'VS-1',
    orderId: null,
    vin: 'LSVAU2180N2183294',
    model: 'Lavida',
    condition: 'used',
    consultantId: 'E-1',
    customerId: null,
    invoice: { currency: 'CNY', net: '88495.58', tax: '11504.42', gross: '100000.00' },
    cost: { currency: 'CNY', net: '80000.00', tax: '10400.00', gross: '90400.00' },
  },
};

describe('vehicleSalesProjection', () => {
  it('books a delivery at its local business date with the exact net amounts', () => {
    const [row, ...rest] = vehicleSalesProjection.project(delivered, { calendar });
    expect(rest).toHaveLength(0);
    expect(row).toMatchObject({
      event_id: delivered.eventId,
      branch_id: 'SH-01',
      business_date: '2026-02-01', // 00:30 on 1 Feb in Shanghai
      occurred_at: '2026-01-31 16:30:00.000',
      revenue_stream: 'used_vehicle',
      units: 1,
      revenue_net: '88495.58',
      revenue_tax: '11504.42',
      revenue_gross: '100000.00',
      cost_net: '80000.00',
      currency: 'CNY',
      global_position: '42',
    });
  });

  it('keeps the buyer of a delivery (the customer base KPIs count customers), null when the dealer system did not identify them', () => {
    expect(vehicleSalesProjection.project(delivered, { calendar })[0]?.customer_id).toBeNull();
    const named = { ...delivered, payload: { ...delivered.payload, customerId: 'C-1' } } as DomainEvent;
    expect(vehicleSalesProjection.project(named, { calendar })[0]?.customer_id).toBe('C-1');
  });

  it("books a return as a negative row on the return's own business date", () => {
    const returned: DomainEvent = {
      ...delivered,
      eventId: '0d3c7a4e-5b7e-4b8f-9d38-7f7c3d1a2b02',
      type: 'VehicleReturned',
      streamPosition: 2,
      globalPosition: '77',
      occurredAt: '2026-03-02T02:00:00.000Z',
      payload: {
        vehicleSaleId: 'VS-1',
        deliveryEventId: delivered.eventId,
        orderId: null,
        vin: 'LSVAU2180N2183294',
        model: 'Lavida',
        condition: 'used',
        consultantId: 'E-1',
        reason: 'defect',
        invoiceReversed: { currency: 'CNY', net: '88495.58', tax: '11504.42', gross: '100000.00' },
        costReversed: { currency: 'CNY', net: '80000.00', tax: '10400.00', gross: '90400.00' },
      },
    };
    expect(vehicleSalesProjection.project(returned, { calendar })).toEqual([
      expect.objectContaining({
        business_date: '2026-03-02',
        units: -1,
        revenue_net: '-88495.58',
        revenue_tax: '-11504.42',
        revenue_gross: '-100000.00',
        cost_net: '-80000.00',
        revenue_stream: 'used_vehicle',
      }),
    ]);
  });

  it('is a pure function: the same event gives the same row', () => {
    expect(vehicleSalesProjection.project(delivered, { calendar })).toEqual(vehicleSalesProjection.project(delivered, { calendar }));
  });
});
