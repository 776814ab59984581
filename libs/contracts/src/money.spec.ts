import { amountOf, decimalOf, Exact, formatAmount, formatQuantity, negateAmount, proRata, quantityOf, sumMoney, withTax } from './money';

describe('money and quantities', () => {
  it('reads and writes quantities exactly, without floats', () => {
    expect(quantityOf('2').eq(2)).toBe(true);
    expect(quantityOf('1.5').eq('1.5')).toBe(true);
    expect(quantityOf('-0.125').eq('-0.125')).toBe(true);
    expect(formatQuantity(new Exact('2.000'))).toBe('2');
    expect(formatQuantity(new Exact('1.500'))).toBe('1.5');
    expect(formatQuantity(new Exact('-0.125'))).toBe('-0.125');
    expect(() => quantityOf('1.2345')).toThrow(RangeError);
    expect(() => quantityOf('1e3')).toThrow(RangeError);
    expect(() => formatQuantity(new Exact('0.0001'))).toThrow(RangeError);
  });

  it('reads hours and amounts with their fraction digits, and refuses more', () => {
    expect(decimalOf('7.5', 2).plus(decimalOf('0.25', 2)).toFixed(2)).toBe('7.75');
    expect(() => decimalOf('7.125', 2)).toThrow(RangeError);
    expect(() => decimalOf('1e3', 2)).toThrow(RangeError);
    expect(() => amountOf('1.5')).toThrow(RangeError);
    expect(() => formatAmount(new Exact('0.005'))).toThrow(RangeError);
    expect(negateAmount('0.00')).toBe('0.00');
    expect(negateAmount('-12.50')).toBe('12.50');
  });

  it('splits money pro rata to the cent, keeping net + tax = gross', () => {
    const value = { currency: 'CNY', net: '100.00', tax: '13.00', gross: '113.00' };
    expect(proRata(value, new Exact(1), new Exact(3))).toEqual({ currency: 'CNY', net: '33.33', tax: '4.33', gross: '37.66' });
    expect(proRata(value, quantityOf('1.5'), quantityOf('2'))).toEqual({ currency: 'CNY', net: '75.00', tax: '9.75', gross: '84.75' });
    expect(proRata({ currency: 'CNY', net: '0.05', tax: '0.00', gross: '0.05' }, new Exact(1), new Exact(2))).toMatchObject({ net: '0.03' });
    expect(proRata(value, new Exact(3), new Exact(3))).toEqual(value);
    expect(() => proRata(value, new Exact(1), new Exact(0))).toThrow(RangeError);
  });

  it('sums money exactly, in one currency', () => {
    const a = { currency: 'CNY', net: '0.10', tax: '0.01', gross: '0.11' };
    const b = { currency: 'CNY', net: '0.20', tax: '0.02', gross: '0.22' };
    expect(sumMoney('CNY', [a, b])).toEqual({ currency: 'CNY', net: '0.30', tax: '0.03', gross: '0.33' });
    expect(sumMoney('CNY', [])).toEqual({ currency: 'CNY', net: '0.00', tax: '0.00', gross: '0.00' });
    expect(() => sumMoney('CNY', [a, { ...b, currency: 'EUR' }])).toThrow(RangeError);
  });

  it('adds tax at a rate, to the cent half away from zero', () => {
    expect(withTax('CNY', amountOf('100.00'), '0.13')).toEqual({ currency: 'CNY', net: '100.00', tax: '13.00', gross: '113.00' });
    expect(withTax('CNY', amountOf('0.50'), '0.13')).toEqual({ currency: 'CNY', net: '0.50', tax: '0.07', gross: '0.57' });
    expect(withTax('CNY', amountOf('-0.50'), '0.13')).toEqual({ currency: 'CNY', net: '-0.50', tax: '-0.07', gross: '-0.57' });
  });
});
