import { DeciderSpecification } from '@app/contracts/testing';
import { decideAccessorySale, evolveAccessorySale, initialAccessorySale, SellAccessory } from './accessory-sale.aggregate';
import { AccessorySaleAlreadyRecordedError, InvalidPartsCommandError } from './parts.errors';

const sell: SellAccessory = {
  type: 'SellAccessory',
  eventId: '0b8a3f0e-5d1c-4c39-9a39-3d2f3c1f0a01',
  occurredAt: '2026-01-06T02:00:00.000Z',
  branchId: 'SH-01',
  accessorySaleId: 'AS-1',
  accessoryCode: 'MAT-LAV-01',
  description: 'Floor mats, Lavida',
  quantity: '1',
  amount: { currency: 'CNY', net: '400.00', tax: '52.00', gross: '452.00' },
  cost: { currency: 'CNY', net: '250.00', tax: '32.50', gross: '282.50' },
  vehicleSaleId: 'VS-1',
};

const given = DeciderSpecification.for({
  decide: decideAccessorySale,
  evolve: evolveAccessorySale,
  initialState: initialAccessorySale,
  streamId: 'accessory-sale-AS-1',
});

describe('AccessorySale', () => {
  it('records an accessory sold with a vehicle, with its amount and cost', () => {
    given()
      .when(sell)
      .then([{ type: 'AccessorySold', branchId: 'SH-01', payload: { accessoryCode: 'MAT-LAV-01', vehicleSaleId: 'VS-1', amount: sell.amount } }]);
  });

  it('records an accessory sold on its own', () => {
    given()
      .when({ ...sell, vehicleSaleId: null })
      .then([{ payload: { vehicleSaleId: null } }]);
  });

  it('refuses to record the same accessory sale twice', () => {
    const [sold] = decideAccessorySale(sell, initialAccessorySale);
    given([sold!])
      .when({ ...sell, eventId: '0b8a3f0e-5d1c-4c39-9a39-3d2f3c1f0a02' })
      .thenThrows(AccessorySaleAlreadyRecordedError);
  });

  it('refuses a negative amount, a zero quantity and a cost in another currency', () => {
    given()
      .when({ ...sell, amount: { currency: 'CNY', net: '-1.00', tax: '0.00', gross: '-1.00' } })
      .thenThrows(InvalidPartsCommandError);
    given()
      .when({ ...sell, quantity: '0' })
      .thenThrows(InvalidPartsCommandError);
    given()
      .when({ ...sell, cost: { currency: 'EUR', net: '1.00', tax: '0.00', gross: '1.00' } })
      .thenThrows(InvalidPartsCommandError);
  });
});
