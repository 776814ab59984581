import { DeciderSpecification } from '@app/contracts/testing';
import { decideExchangeRate, evolveExchangeRate, initialExchangeRate, SetExchangeRate } from './exchange-rate.aggregate';
import { at } from './org-command.spec-helper';
import { InvalidOrgDataError } from './org-event';

const given = DeciderSpecification.for({
  decide: decideExchangeRate,
  evolve: evolveExchangeRate,
  initialState: initialExchangeRate,
  streamId: 'exchange-rate-2026-01-EUR-CNY',
});
const setRate = (rate: string, overrides: Partial<SetExchangeRate> = {}): SetExchangeRate => ({
  type: 'SetExchangeRate',
  ...at(),
  month: '2026-01',
  fromCurrency: 'EUR',
  toCurrency: 'CNY',
  rate,
  ...overrides,
});

describe('Exchange rate of a month', () => {
  it('is set as version 1 with up to eight decimals, group-wide', () => {
    given()
      .when(setRate('7.81234567'))
      .then([
        { type: 'ExchangeRateSet', branchId: '*', payload: { month: '2026-01', fromCurrency: 'EUR', toCurrency: 'CNY', rate: '7.81234567', version: 1 } },
      ]);
  });

  it('is revised to the next version; the same rate again changes nothing', () => {
    const v1 = decideExchangeRate(setRate('7.8'), initialExchangeRate);
    given(v1).when(setRate('7.80000000')).thenNothingHappened();
    given(v1)
      .when(setRate('7.9'))
      .then([{ payload: { rate: '7.9', version: 2 } }]);
  });

  it('refuses a rate of zero, more than eight decimals, and converting a currency to itself', () => {
    given().when(setRate('0.00000000')).thenThrows(InvalidOrgDataError);
    given().when(setRate('7.812345678')).thenThrows(InvalidOrgDataError);
    given().when(setRate('-7.8')).thenThrows(InvalidOrgDataError);
    given()
      .when(setRate('1', { fromCurrency: 'CNY' }))
      .thenThrows(InvalidOrgDataError);
  });
});
