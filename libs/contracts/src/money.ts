/**
 * Money travels as decimal strings with exactly two fraction digits, never as floats.
 * Arithmetic happens in integer cents (bigint), so sums are exact.
 */
export interface Money {
  readonly currency: string;
  readonly net: string;
  readonly tax: string;
  readonly gross: string;
}

export const AMOUNT_PATTERN = /^-?(0|[1-9]\d{0,15})\.\d{2}$/;
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

export function isAmount(value: unknown): value is string {
  return typeof value === 'string' && AMOUNT_PATTERN.test(value);
}

export function toCents(amount: string): bigint {
  if (!isAmount(amount)) {
    throw new RangeError(`not a two-decimal amount: ${JSON.stringify(amount)}`);
  }
  const negative = amount.startsWith('-');
  const [whole, fraction] = (negative ? amount.slice(1) : amount).split('.');
  if (whole === undefined || fraction === undefined) {
    throw new RangeError(`not a two-decimal amount: ${JSON.stringify(amount)}`);
  }
  const cents = BigInt(whole) * 100n + BigInt(fraction);
  return negative ? -cents : cents;
}

export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = abs / 100n;
  const fraction = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole.toString()}.${fraction}`;
}
