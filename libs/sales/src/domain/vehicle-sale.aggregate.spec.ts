import { EventEnvelope, NewEvent } from '@app/contracts';
import {
  decideVehicleSale,
  DeliverVehicle,
  evolveVehicleSale,
  initialVehicleSale,
  InvalidDeliveryError,
  VehicleAlreadyDeliveredError,
} from './vehicle-sale.aggregate';

const deliver: DeliverVehicle = {
  type: 'DeliverVehicle',
  eventId: '6f1c1f0e-8a4f-4c59-9a39-3d2f3c1f0a01',
  vehicleSaleId: 'VS-1',
  branchId: 'SH-01',
  orderId: 'O-1',
  vin: 'LSVAU2180N2183294',
  model: 'Lavida',
  condition: 'new',
  consultantId: 'E-7',
  customerId: null,
  invoice: { currency: 'CNY', net: '100000.00', tax: '13000.00', gross: '113000.00' },
  cost: { currency: 'CNY', net: '92000.00', tax: '11960.00', gross: '103960.00' },
  occurredAt: '2026-01-05T03:00:00.000Z',
};

function stored(event: NewEvent, position: number): EventEnvelope {
  return {
    ...event,
    streamId: 'vehicle-sale-VS-1',
    streamPosition: position,
    globalPosition: String(position),
    recordedAt: event.occurredAt,
    actor: { kind: 'user', id: 'u' },
    correlationId: 'c',
    causationId: null,
  };
}

/** Given past events, when a command, then these events or this error. */
function given(...events: NewEvent[]) {
  const state = events.map(stored).reduce(evolveVehicleSale, initialVehicleSale);
  return {
    when: (command: DeliverVehicle) => ({
      then: (expected: Partial<NewEvent>[]) => expect(decideVehicleSale(command, state)).toMatchObject(expected),
      thenThrows: (error: new (...args: never[]) => Error) => expect(() => decideVehicleSale(command, state)).toThrow(error),
    }),
  };
}

describe('VehicleSale', () => {
  it('records a delivery with its invoice and cost', () => {
    given()
      .when(deliver)
      .then([
        {
          type: 'VehicleDelivered',
          schemaVersion: 1,
          branchId: 'SH-01',
          eventId: deliver.eventId,
          payload: { vin: deliver.vin, invoice: deliver.invoice, cost: deliver.cost, condition: 'new' },
        },
      ]);
  });

  it('refuses to deliver the same sale twice', () => {
    const [delivered] = decideVehicleSale(deliver, initialVehicleSale);
    given(delivered!).when({ ...deliver, eventId: 'b5c5f2aa-2c43-4d6c-8f0b-111111111111' }).thenThrows(VehicleAlreadyDeliveredError);
  });

  it('refuses an invoice whose net and tax do not add up to gross', () => {
    given()
      .when({ ...deliver, invoice: { currency: 'CNY', net: '100.00', tax: '13.00', gross: '114.00' } })
      .thenThrows(InvalidDeliveryError);
  });

  it('refuses a VIN with the letters I, O or Q', () => {
    given().when({ ...deliver, vin: 'LSVAU2180N218329O' }).thenThrows(InvalidDeliveryError);
  });
});
