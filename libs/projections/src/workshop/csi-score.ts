import { CsiAnswerV1 } from '@app/contracts';

/** A decimal string with up to three fraction digits, in thousandths. */
function thousandths(value: string): bigint {
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? value.slice(1) : value).split('.');
  if (!/^\d+$/.test(whole) || !/^\d{0,3}$/.test(fraction)) throw new RangeError(`not a decimal with up to 3 fraction digits: ${value}`);
  const scaled = BigInt(whole) * 1000n + BigInt(fraction.padEnd(3, '0'));
  return negative ? -scaled : scaled;
}

const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
};

/** `numerator / denominator` (both ≥ 0, denominator > 0) as a decimal string, half-up, `digits` places. */
export function roundHalfUp(numerator: bigint, denominator: bigint, digits: number): string {
  if (denominator <= 0n || numerator < 0n) throw new RangeError('roundHalfUp expects numerator >= 0 and denominator > 0');
  const scale = 10n ** BigInt(digits);
  const scaled = (numerator * scale * 2n + denominator) / (denominator * 2n);
  const whole = scaled / scale;
  if (digits === 0) return whole.toString();
  return `${whole.toString()}.${(scaled % scale).toString().padStart(digits, '0')}`;
}

/**
 * A response's score: the weighted mean of its answers, each normalised to 0–100 on its own scale,
 * `Σ weight × (answer − min) / (max − min) × 100 ÷ Σ weight`, computed exactly and rounded half-up
 * to 6 decimals.
 */
export function csiResponseScore(answers: readonly Pick<CsiAnswerV1, 'answer' | 'min' | 'max' | 'weight'>[]): string {
  if (answers.length === 0) throw new RangeError('a response has at least one answer');
  // Σ weight × (answer − min) × 100 / (max − min) as one exact fraction num/den.
  let num = 0n;
  let den = 1n;
  let weights = 0n;
  for (const a of answers) {
    const span = thousandths(a.max) - thousandths(a.min);
    const weight = thousandths(a.weight);
    const position = thousandths(a.answer) - thousandths(a.min);
    if (span <= 0n || weight <= 0n || position < 0n || position > span) throw new RangeError('answer outside its scale, or weight not positive');
    // weight × position × 100 / span (weights in thousandths: divided out below with Σ weights).
    num = num * span + weight * position * 100n * den;
    den = den * span;
    const g = gcd(num, den);
    if (g > 1n) {
      num /= g;
      den /= g;
    }
    weights += weight;
  }
  return roundHalfUp(num, den * weights, 6);
}

/** The overall answer is in the top box of its scale: it is the scale's highest point. */
export function isTopBox(answer: Pick<CsiAnswerV1, 'answer' | 'max'>): boolean {
  return thousandths(answer.answer) === thousandths(answer.max);
}
