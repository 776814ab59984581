import { fromCents, Money, toCents } from '@app/contracts';

/**
 * Exact arithmetic on the decimal strings events carry: hours in hundredths, quantities in
 * thousandths, money in cents (bigint). Never floats.
 */
function scaled(value: string, digits: number): bigint {
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? value.slice(1) : value).split('.');
  if (!/^\d+$/.test(whole) || !/^\d*$/.test(fraction) || fraction.length > digits) {
    throw new RangeError(`not a decimal with at most ${digits} fraction digits: ${JSON.stringify(value)}`);
  }
  const result = BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
  return negative ? -result : result;
}

function unscaled(value: bigint, digits: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const unit = 10n ** BigInt(digits);
  const fraction = (abs % unit).toString().padStart(digits, '0');
  return `${negative ? '-' : ''}${(abs / unit).toString()}.${fraction}`;
}

/** Hours ("7.5", "0.25") in hundredths of an hour. */
export const toHundredths = (hours: string): bigint => scaled(hours, 2);
/** Hundredths of an hour as a decimal string with two fraction digits ("7.50"). */
export const fromHundredths = (value: bigint): string => unscaled(value, 2);
/** Quantities ("2", "4.5", "-1") in thousandths. */
export const toThousandths = (quantity: string): bigint => scaled(quantity, 3);

export function zeroMoney(currency: string): Money {
  return { currency, net: '0.00', tax: '0.00', gross: '0.00' };
}

/** The sum of amounts in `currency`; a RangeError when one is in another currency. */
export function sumMoney(currency: string, monies: readonly Money[]): Money {
  let net = 0n;
  let tax = 0n;
  let gross = 0n;
  for (const money of monies) {
    if (money.currency !== currency) throw new RangeError(`cannot add ${money.currency} to ${currency}`);
    net += toCents(money.net);
    tax += toCents(money.tax);
    gross += toCents(money.gross);
  }
  return { currency, net: fromCents(net), tax: fromCents(tax), gross: fromCents(gross) };
}

export const isNegative = (money: Money): boolean => toCents(money.net) < 0n;
