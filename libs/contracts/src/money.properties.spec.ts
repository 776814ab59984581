import fc from 'fast-check';
import {
  amountOf,
  amountOfCents,
  centsOf,
  decimalOf,
  Exact,
  formatAmount,
  formatDecimal,
  formatQuantity,
  Money,
  moneyAddsUp,
  negateAmount,
  proRata,
  quantityOf,
  remainder,
  sumMoney,
  withTax,
} from './money';

/**
 * The arithmetic of the hand-written scaled-bigint code this module replaced (contracts money.ts,
 * workshop decimal.ts, parts quantity.ts, simulator money.ts), kept as the oracle: on random
 * inputs the decimal.js module gives exactly the same strings.
 */
const old = {
  toCents(amount: string): bigint {
    const negative = amount.startsWith('-');
    const [whole, fraction] = (negative ? amount.slice(1) : amount).split('.');
    const cents = BigInt(whole!) * 100n + BigInt(fraction!);
    return negative ? -cents : cents;
  },
  fromCents(cents: bigint): string {
    const negative = cents < 0n;
    const abs = negative ? -cents : cents;
    const whole = abs / 100n;
    const fraction = (abs % 100n).toString().padStart(2, '0');
    return `${negative ? '-' : ''}${whole.toString()}.${fraction}`;
  },
  scaled(value: string, digits: number): bigint {
    const negative = value.startsWith('-');
    const [whole = '0', fraction = ''] = (negative ? value.slice(1) : value).split('.');
    if (!/^\d+$/.test(whole) || !/^\d*$/.test(fraction) || fraction.length > digits) {
      throw new RangeError(`not a decimal with at most ${digits} fraction digits: ${JSON.stringify(value)}`);
    }
    const result = BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
    return negative ? -result : result;
  },
  unscaled(value: bigint, digits: number): string {
    const negative = value < 0n;
    const abs = negative ? -value : value;
    const unit = 10n ** BigInt(digits);
    const fraction = (abs % unit).toString().padStart(digits, '0');
    return `${negative ? '-' : ''}${(abs / unit).toString()}.${fraction}`;
  },
  fromMilli(milli: bigint): string {
    const negative = milli < 0n;
    const abs = negative ? -milli : milli;
    const fraction = (abs % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
    return `${negative ? '-' : ''}${(abs / 1000n).toString()}${fraction ? `.${fraction}` : ''}`;
  },
  share(cents: bigint, numerator: bigint, denominator: bigint): bigint {
    const product = cents * numerator;
    const negative = product < 0n;
    const rounded = ((negative ? -product : product) * 2n + denominator) / (2n * denominator);
    return negative ? -rounded : rounded;
  },
  proRata(money: Money, part: bigint, whole: bigint): Money {
    if (part === whole) return { ...money };
    const net = old.share(old.toCents(money.net), part, whole);
    const tax = old.share(old.toCents(money.tax), part, whole);
    return { currency: money.currency, net: old.fromCents(net), tax: old.fromCents(tax), gross: old.fromCents(net + tax) };
  },
  applyRate(cents: bigint, basisPoints: number): bigint {
    const product = cents * BigInt(basisPoints);
    const sign = product < 0n ? -1n : 1n;
    const abs = product * sign;
    return sign * ((abs + 5000n) / 10000n);
  },
  sum(currency: string, monies: readonly Money[]): Money {
    const total = (field: 'net' | 'tax' | 'gross') => old.fromCents(monies.reduce((s, m) => s + old.toCents(m[field]), 0n));
    return { currency, net: total('net'), tax: total('tax'), gross: total('gross') };
  },
  remainder(total: Money, parts: readonly Money[]): Money {
    const rest = (field: 'net' | 'tax' | 'gross') => old.fromCents(parts.reduce((acc, m) => acc - old.toCents(m[field]), old.toCents(total[field])));
    return { currency: total.currency, net: rest('net'), tax: rest('tax'), gross: rest('gross') };
  },
};

const cents = fc.bigInt({ min: -(10n ** 17n) + 1n, max: 10n ** 17n - 1n });
const smallCents = fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n });
const amount = cents.map(old.fromCents);
const money = fc
  .tuple(smallCents, smallCents)
  .map(([net, tax]): Money => ({ currency: 'CNY', net: old.fromCents(net), tax: old.fromCents(tax), gross: old.fromCents(net + tax) }));
const milli = fc.bigInt({ min: -(10n ** 13n) + 1n, max: 10n ** 13n - 1n });
const quantity = milli.map(old.fromMilli);
const decimalString = (digits: number) =>
  fc
    .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: digits }))
    .map(([negative, whole, fraction]) => `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`);

const runs = { numRuns: 500 };

describe('the decimal.js money module gives what the hand-written code gave', () => {
  it('reads and writes amounts (cents)', () => {
    fc.assert(
      fc.property(amount, (a) => centsOf(a) === old.toCents(a) && formatAmount(amountOf(a)) === a),
      runs,
    );
    fc.assert(
      fc.property(cents, (c) => amountOfCents(c) === old.fromCents(c)),
      runs,
    );
    fc.assert(
      fc.property(amount, (a) => negateAmount(a) === old.fromCents(-old.toCents(a))),
      runs,
    );
  });

  it('reads and writes hours in hundredths and quantities in thousandths', () => {
    fc.assert(
      fc.property(decimalString(2), (h) => formatDecimal(decimalOf(h, 2), 2) === old.unscaled(old.scaled(h, 2), 2)),
      runs,
    );
    fc.assert(
      fc.property(decimalString(3), (q) => decimalOf(q, 3).times(1000).toFixed(0) === (old.scaled(q, 3) === 0n ? '0' : old.scaled(q, 3).toString())),
      runs,
    );
    fc.assert(
      fc.property(
        quantity,
        (q) =>
          formatQuantity(quantityOf(q)) === q &&
          quantityOf(q)
            .times(1000)
            .eq(new Exact(old.scaled(q, 3).toString())),
      ),
      runs,
    );
    fc.assert(
      fc.property(milli, milli, (a, b) => formatQuantity(new Exact(old.fromMilli(a)).plus(old.fromMilli(b))) === old.fromMilli(a + b)),
      runs,
    );
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(10n ** 8n), max: 10n ** 8n }), { maxLength: 20 }), (hs) => {
        const total = hs.reduce((s, h) => s.plus(new Exact(old.unscaled(h, 2))), new Exact(0));
        return (
          formatDecimal(total, 2) ===
          old.unscaled(
            hs.reduce((s, h) => s + h, 0n),
            2,
          )
        );
      }),
      runs,
    );
  });

  it('refuses a decimal with too many fraction digits, as the old code did', () => {
    fc.assert(
      fc.property(decimalString(6), (v) => {
        const oldThrows = (() => {
          try {
            old.scaled(v, 2);
            return false;
          } catch {
            return true;
          }
        })();
        const newThrows = (() => {
          try {
            decimalOf(v, 2);
            return false;
          } catch {
            return true;
          }
        })();
        return oldThrows === newThrows;
      }),
      runs,
    );
  });

  it('sums money, checks net + tax = gross and takes the remainder', () => {
    fc.assert(
      fc.property(fc.array(money, { maxLength: 12 }), (ms) => JSON.stringify(sumMoney('CNY', ms)) === JSON.stringify(old.sum('CNY', ms))),
      runs,
    );
    fc.assert(
      fc.property(money, fc.array(money, { maxLength: 6 }), (t, ps) => JSON.stringify(remainder(t, ps)) === JSON.stringify(old.remainder(t, ps))),
      runs,
    );
    fc.assert(
      fc.property(
        amount,
        amount,
        amount,
        (net, tax, gross) => moneyAddsUp({ net, tax, gross }) === (old.toCents(net) + old.toCents(tax) === old.toCents(gross)),
      ),
      runs,
    );
  });

  it('splits money pro rata to the cent, half away from zero', () => {
    fc.assert(
      fc.property(money, fc.bigInt({ min: -(10n ** 10n), max: 10n ** 13n }), fc.bigInt({ min: 1n, max: 10n ** 13n }), (m, part, whole) => {
        const fresh = proRata(m, new Exact(old.fromMilli(part)), new Exact(old.fromMilli(whole)));
        return JSON.stringify(fresh) === JSON.stringify(old.proRata(m, part, whole));
      }),
      runs,
    );
    // Exactly half a cent, both signs.
    expect(proRata({ currency: 'CNY', net: '0.05', tax: '-0.05', gross: '0.00' }, new Exact(1), new Exact(2))).toEqual(
      old.proRata({ currency: 'CNY', net: '0.05', tax: '-0.05', gross: '0.00' }, 1000n, 2000n),
    );
  });

  it('applies a rate (VAT in basis points) to the cent, half away from zero', () => {
    fc.assert(
      fc.property(smallCents, fc.integer({ min: 0, max: 10_000 }), (c, bp) => {
        const tax = old.applyRate(c, bp);
        const expected = { currency: 'CNY', net: old.fromCents(c), tax: old.fromCents(tax), gross: old.fromCents(c + tax) };
        return JSON.stringify(withTax('CNY', new Exact(old.fromCents(c)), new Exact(bp).div(10_000))) === JSON.stringify(expected);
      }),
      runs,
    );
  });
});
