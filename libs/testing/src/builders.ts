import { EventMetadata, NewEvent, VehicleDeliveredV1 } from '@app/contracts';
import { randomUUID } from 'node:crypto';

export const TEST_METADATA: EventMetadata = {
  actor: { kind: 'user', id: 'test-user' },
  correlationId: 'test-correlation',
  causationId: null,
};

/** A valid VehicleDelivered event as a handler would decide it; override what the test is about. */
export function vehicleDelivered(
  overrides: Partial<Omit<NewEvent, 'payload' | 'type'>> & { payload?: Partial<VehicleDeliveredV1> } = {},
): NewEvent<'VehicleDelivered', VehicleDeliveredV1> {
  const { payload, ...rest } = overrides;
  return {
    eventId: randomUUID(),
    type: 'VehicleDelivered',
    schemaVersion: 1,
    occurredAt: '2026-01-05T03:00:00.000Z',
    branchId: 'SH-01',
    ...rest,
    payload: {
      vehicleSaleId: 'VS-1',
      orderId: null,
      vin: 'LSVAU2180N2183294',
      model: 'Lavida',
      condition: 'new',
      consultantId: 'E-1',
      customerId: null,
      invoice: { currency: 'CNY', net: '1000.00', tax: '130.00', gross: '1130.00' },
      cost: { currency: 'CNY', net: '900.00', tax: '117.00', gross: '1017.00' },
      ...payload,
    },
  };
}
