import { fromCents, Money, toCents } from '@app/contracts';

/**
 * Quantities travel as decimal strings with up to three fraction digits (litres of oil, metres
 * of hose). Arithmetic happens in integer thousandths (bigint), never in floats.
 */
export const QUANTITY_PATTERN = /^-?(0|[1-9]\d{0,9})(\.\d{1,3})?$/;

export function isQuantity(value: unknown): value is string {
  return typeof value === 'string' && QUANTITY_PATTERN.test(value);
}

/** "1.5" → 1500n thousandths. */
export function toMilli(quantity: string): bigint {
  if (!isQuantity(quantity)) throw new RangeError(`not a quantity: ${JSON.stringify(quantity)}`);
  const negative = quantity.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? quantity.slice(1) : quantity).split('.');
  const milli = BigInt(whole) * 1000n + BigInt(fraction.padEnd(3, '0'));
  return negative ? -milli : milli;
}

/** 1500n → "1.5"; 2000n → "2". */
export function fromMilli(milli: bigint): string {
  const negative = milli < 0n;
  const abs = negative ? -milli : milli;
  const fraction = (abs % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${(abs / 1000n).toString()}${fraction ? `.${fraction}` : ''}`;
}

/** `cents × numerator ÷ denominator`, rounded half away from zero. */
function share(cents: bigint, numerator: bigint, denominator: bigint): bigint {
  const product = cents * numerator;
  const negative = product < 0n;
  const rounded = ((negative ? -product : product) * 2n + denominator) / (2n * denominator);
  return negative ? -rounded : rounded;
}

/**
 * The part of `money` that `part` of `whole` units is worth: net and tax each rounded to the cent,
 * gross their sum (so net + tax = gross holds). The whole quantity is worth exactly `money`.
 */
export function proRata(money: Money, part: bigint, whole: bigint): Money {
  if (whole <= 0n) throw new RangeError('whole must be positive');
  if (part === whole) return { ...money };
  const net = share(toCents(money.net), part, whole);
  const tax = share(toCents(money.tax), part, whole);
  return { currency: money.currency, net: fromCents(net), tax: fromCents(tax), gross: fromCents(net + tax) };
}

/** Sum of amounts of one currency. */
export function sumMoney(currency: string, moneys: readonly Money[]): Money {
  const total = (field: 'net' | 'tax' | 'gross') => fromCents(moneys.reduce((sum, m) => sum + toCents(m[field]), 0n));
  return { currency, net: total('net'), tax: total('tax'), gross: total('gross') };
}
