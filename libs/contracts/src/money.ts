import Decimal from 'decimal.js';

/**
 * The one money and decimal module. Money, quantities, hours and rates travel as decimal strings,
 * never as floats; arithmetic on them is exact, on decimal.js (with room for every sum and
 * product of the amounts the events allow, so nothing rounds unless a function says it does).
 */
export interface Money {
  readonly currency: string;
  readonly net: string;
  readonly tax: string;
  readonly gross: string;
}

export const AMOUNT_PATTERN = /^-?(0|[1-9]\d{0,15})\.\d{2}$/;
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;
/** Quantities with up to three fraction digits (litres of oil, metres of hose). */
export const QUANTITY_PATTERN = /^-?(0|[1-9]\d{0,9})(\.\d{1,3})?$/;

export function isAmount(value: unknown): value is string {
  return typeof value === 'string' && AMOUNT_PATTERN.test(value);
}

export function isQuantity(value: unknown): value is string {
  return typeof value === 'string' && QUANTITY_PATTERN.test(value);
}

/** Exact decimals: 64 significant digits, half away from zero where a function rounds, never exponent notation. */
export const Exact = Decimal.clone({ precision: 64, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -64, toExpPos: 64 });
export type Exact = Decimal;

const SIGNED_DECIMAL = /^-?\d+(\.\d*)?$/;

/** A decimal string with at most `fractionDigits` fraction digits ("7.5", "-1", "0.125"); RangeError otherwise. */
export function decimalOf(value: string, fractionDigits: number): Decimal {
  const fraction = value.split('.')[1] ?? '';
  if (!SIGNED_DECIMAL.test(value) || fraction.length > fractionDigits) {
    throw new RangeError(`not a decimal with at most ${fractionDigits} fraction digits: ${JSON.stringify(value)}`);
  }
  return new Exact(value);
}

/** A two-decimal amount ("1000.00"); RangeError for anything else. */
export function amountOf(amount: string): Decimal {
  if (!isAmount(amount)) throw new RangeError(`not a two-decimal amount: ${JSON.stringify(amount)}`);
  return new Exact(amount);
}

/** A quantity ("2", "1.5", "-0.125"); RangeError for anything else. */
export function quantityOf(quantity: string): Decimal {
  if (!isQuantity(quantity)) throw new RangeError(`not a quantity: ${JSON.stringify(quantity)}`);
  return new Exact(quantity);
}

/** `value` with exactly `fractionDigits` fraction digits ("7.50"); RangeError when that would round it. */
export function formatDecimal(value: Decimal, fractionDigits: number): string {
  if (!value.isFinite() || !value.eq(value.toDecimalPlaces(fractionDigits))) {
    throw new RangeError(`${value.toString()} has more than ${fractionDigits} fraction digits`);
  }
  return value.isZero() ? new Exact(0).toFixed(fractionDigits) : value.toFixed(fractionDigits);
}

/** An amount with two fraction digits ("1000.00"); RangeError when it has more. */
export const formatAmount = (value: Decimal): string => formatDecimal(value, 2);

/** A quantity without trailing zeros ("2", "1.5"); RangeError when it has more than three fraction digits. */
export function formatQuantity(value: Decimal): string {
  formatDecimal(value, 3);
  return value.isZero() ? '0' : value.toFixed();
}

/** Whole cents of an amount ("12.34" → 1234n), for integer-cent generators. */
export const centsOf = (amount: string): bigint => BigInt(amountOf(amount).times(100).toFixed(0));

/** The amount of whole cents (1234n → "12.34"). */
export const amountOfCents = (cents: bigint): string => formatAmount(new Exact(cents.toString()).div(100));

const sum = (values: readonly Decimal[]): Decimal => values.reduce((total, value) => total.plus(value), new Exact(0));

/** The amount with the other sign ("12.50" → "-12.50"; "0.00" stays "0.00"). */
export const negateAmount = (amount: string): string => formatAmount(amountOf(amount).neg());

export function zeroMoney(currency: string): Money {
  return { currency, net: '0.00', tax: '0.00', gross: '0.00' };
}

/** Net + tax = gross, to the cent. */
export const moneyAddsUp = (money: Pick<Money, 'net' | 'tax' | 'gross'>): boolean => amountOf(money.net).plus(amountOf(money.tax)).eq(amountOf(money.gross));

/** The sum of amounts in `currency`, field by field; a RangeError when one is in another currency. */
export function sumMoney(currency: string, monies: readonly Money[]): Money {
  const other = monies.find((money) => money.currency !== currency);
  if (other) throw new RangeError(`cannot add ${other.currency} to ${currency}`);
  const total = (field: 'net' | 'tax' | 'gross') => formatAmount(sum(monies.map((money) => amountOf(money[field]))));
  return { currency, net: total('net'), tax: total('tax'), gross: total('gross') };
}

/** `total` minus `parts`, field by field: the remainder that makes the parts add up to the total exactly. */
export function remainder(total: Money, parts: readonly Money[]): Money {
  const rest = (field: 'net' | 'tax' | 'gross') => formatAmount(amountOf(total[field]).minus(sum(parts.map((money) => amountOf(money[field])))));
  return { currency: total.currency, net: rest('net'), tax: rest('tax'), gross: rest('gross') };
}

/** Net with its tax at `rate` (0.13 = 13 %, rounded to the cent half away from zero) and gross = net + tax. */
export function withTax(currency: string, net: Decimal, rate: Decimal.Value): Money {
  const tax = net.times(rate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  return { currency, net: formatAmount(net), tax: formatAmount(tax), gross: formatAmount(net.plus(tax)) };
}

/**
 * The part of `money` that `part` of `whole` units is worth: net and tax each rounded to the cent
 * (half away from zero), gross their sum (so net + tax = gross holds). The whole is worth exactly `money`.
 */
export function proRata(money: Money, part: Decimal, whole: Decimal): Money {
  if (!whole.isPositive() || whole.isZero()) throw new RangeError('whole must be positive');
  if (part.eq(whole)) return { ...money };
  const share = (amount: string) => amountOf(amount).times(part).div(whole).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const net = share(money.net);
  const tax = share(money.tax);
  return { currency: money.currency, net: formatAmount(net), tax: formatAmount(tax), gross: formatAmount(net.plus(tax)) };
}
