import { NewEvent } from '@app/contracts';
import { decideExchangeRate, evolveExchangeRate, ExchangeRateState, initialExchangeRate, SetExchangeRate } from './exchange-rate.aggregate';
import { at, fold } from './given.spec-helper';
import { InvalidOrgDataError } from './org-event';

const given = (...events: NewEvent[]): ExchangeRateState => fold(initialExchangeRate, evolveExchangeRate, 'exchange-rate-2026-01-EUR-CNY', events);
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
    expect(decideExchangeRate(setRate('7.81234567'), given())).toMatchObject([
      { type: 'ExchangeRateSet', branchId: '*', payload: { month: '2026-01', fromCurrency: 'EUR', toCurrency: 'CNY', rate: '7.81234567', version: 1 } },
    ]);
  });

  it('is revised to the next version; the same rate again changes nothing', () => {
    const v1 = decideExchangeRate(setRate('7.8'), initialExchangeRate);
    expect(decideExchangeRate(setRate('7.80000000'), given(...v1))).toEqual([]);
    expect(decideExchangeRate(setRate('7.9'), given(...v1))).toMatchObject([{ payload: { rate: '7.9', version: 2 } }]);
  });

  it('refuses a rate of zero, more than eight decimals, and converting a currency to itself', () => {
    expect(() => decideExchangeRate(setRate('0.00000000'), given())).toThrow(InvalidOrgDataError);
    expect(() => decideExchangeRate(setRate('7.812345678'), given())).toThrow(InvalidOrgDataError);
    expect(() => decideExchangeRate(setRate('-7.8'), given())).toThrow(InvalidOrgDataError);
    expect(() => decideExchangeRate(setRate('1', { fromCurrency: 'CNY' }), given())).toThrow(InvalidOrgDataError);
  });
});
