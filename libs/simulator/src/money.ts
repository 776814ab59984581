/** Money as the commands take it: decimal strings with two places, gross = net + tax, exactly. */
export interface SimMoney {
  readonly currency: string;
  readonly net: string;
  readonly tax: string;
  readonly gross: string;
}

export function centsToString(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** Whole cents of a non-negative amount given as a number of currency units (rounded to the cent). */
export function toCents(units: number): bigint {
  return BigInt(Math.round(units * 100));
}

/** `cents × basisPoints / 10000`, half-up. */
export function applyRate(cents: bigint, basisPoints: number): bigint {
  const product = cents * BigInt(basisPoints);
  const sign = product < 0n ? -1n : 1n;
  const abs = product * sign;
  return sign * ((abs + 5000n) / 10000n);
}

/** Net with its VAT at `vatBasisPoints` (1300 = 13 %). */
export function withVat(currency: string, netCents: bigint, vatBasisPoints: number): SimMoney {
  const tax = applyRate(netCents, vatBasisPoints);
  return { currency, net: centsToString(netCents), tax: centsToString(tax), gross: centsToString(netCents + tax) };
}

export function zero(currency: string): SimMoney {
  return { currency, net: '0.00', tax: '0.00', gross: '0.00' };
}

/** Cents of a two-decimal amount string. */
export function parseCents(amount: string): bigint {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = '00'] = (negative ? amount.slice(1) : amount).split('.');
  const cents = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
  return negative ? -cents : cents;
}

/** `total` minus `parts`, field by field: the remainder that makes the parts add up to the total exactly. */
export function remainder(total: SimMoney, parts: readonly SimMoney[]): SimMoney {
  const rest = (field: 'net' | 'tax' | 'gross') => centsToString(parts.reduce((acc, m) => acc - parseCents(m[field]), parseCents(total[field])));
  return { currency: total.currency, net: rest('net'), tax: rest('tax'), gross: rest('gross') };
}
