/** Exact decimal arithmetic on strings for KPI ratios: never through a JS float. */

/** A decimal string as an integer scaled by 10^scale; more than `scale` fraction digits is an error. */
export function scaled(value: string, scale: number): bigint {
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? value.slice(1) : value).split('.');
  if (!/^\d+$/.test(whole) || !/^\d*$/.test(fraction) || fraction.length > scale) throw new RangeError(`not a decimal with at most ${scale} fraction digits: ${value}`);
  const result = BigInt(whole) * 10n ** BigInt(scale) + BigInt(fraction.padEnd(scale, '0') || '0');
  return negative ? -result : result;
}

/** `numerator / denominator` as a decimal string rounded half away from zero to `digits` places; null when denominator is 0. */
export function divide(numerator: bigint, denominator: bigint, digits: number): string | null {
  if (denominator === 0n) return null;
  const negative = numerator < 0n !== denominator < 0n && numerator !== 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const factor = 10n ** BigInt(digits);
  const q = (n * factor * 2n + d) / (d * 2n);
  const whole = (q / factor).toString();
  const text = digits === 0 ? whole : `${whole}.${(q % factor).toString().padStart(digits, '0')}`;
  return negative && q !== 0n ? `-${text}` : text;
}

/** A decimal string (up to `scale` places) divided by a count, half-up to `digits` places. */
export function decimalRatio(numerator: string, scale: number, denominator: bigint | number, digits: number): string | null {
  return divide(scaled(numerator, scale), BigInt(denominator) * 10n ** BigInt(scale), digits);
}

/** `part / whole × 100`, half-up to `digits` places; null when whole is 0. */
export function percent(part: bigint | number, whole: bigint | number, digits: number): string | null {
  return divide(BigInt(part) * 100n, BigInt(whole), digits);
}
