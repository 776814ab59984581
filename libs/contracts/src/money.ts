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

/** Validates a Money value: every field present, two decimals, net + tax = gross. */
export function moneyProblems(value: unknown, field: string): string[] {
  if (typeof value !== 'object' || value === null) {
    return [`${field} must be an object with currency, net, tax and gross`];
  }
  const money = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof money.currency !== 'string' || !CURRENCY_PATTERN.test(money.currency)) {
    problems.push(`${field}.currency must be an ISO 4217 code`);
  }
  for (const part of ['net', 'tax', 'gross'] as const) {
    if (!isAmount(money[part])) {
      problems.push(`${field}.${part} must be a decimal string with two fraction digits`);
    }
  }
  if (problems.length === 0) {
    const m = money as unknown as Money;
    if (toCents(m.net) + toCents(m.tax) !== toCents(m.gross)) {
      problems.push(`${field}: net + tax must equal gross`);
    }
  }
  return problems;
}
