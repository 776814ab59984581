import { fromMilli, proRata, sumMoney, toMilli } from './quantity';

describe('quantities and pro-rata money', () => {
  it('reads and writes quantities in thousandths without floats', () => {
    expect(toMilli('2')).toBe(2000n);
    expect(toMilli('1.5')).toBe(1500n);
    expect(toMilli('-0.125')).toBe(-125n);
    expect(fromMilli(2000n)).toBe('2');
    expect(fromMilli(1500n)).toBe('1.5');
    expect(fromMilli(-125n)).toBe('-0.125');
    expect(() => toMilli('1.2345')).toThrow(RangeError);
    expect(() => toMilli('1e3')).toThrow(RangeError);
  });

  it('splits money pro rata to the cent, keeping net + tax = gross', () => {
    const value = { currency: 'CNY', net: '100.00', tax: '13.00', gross: '113.00' };
    expect(proRata(value, 1000n, 3000n)).toEqual({ currency: 'CNY', net: '33.33', tax: '4.33', gross: '37.66' });
    expect(proRata(value, 1500n, 2000n)).toEqual({ currency: 'CNY', net: '75.00', tax: '9.75', gross: '84.75' });
    expect(proRata({ currency: 'CNY', net: '0.05', tax: '0.00', gross: '0.05' }, 1000n, 2000n)).toMatchObject({ net: '0.03' });
    expect(proRata(value, 3000n, 3000n)).toEqual(value);
  });

  it('sums money exactly', () => {
    const a = { currency: 'CNY', net: '0.10', tax: '0.01', gross: '0.11' };
    const b = { currency: 'CNY', net: '0.20', tax: '0.02', gross: '0.22' };
    expect(sumMoney('CNY', [a, b])).toEqual({ currency: 'CNY', net: '0.30', tax: '0.03', gross: '0.33' });
  });
});
