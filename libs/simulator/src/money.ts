import { amountOf, amountOfCents, Exact, Money, withTax } from '@app/contracts';

/**
 * The generators' money: whole cents (bigint) for the figures they invent, turned into the
 * decimal strings the commands take by the one money module of @app/contracts.
 */

/** Whole cents of a non-negative amount given as a number of currency units (rounded to the cent). */
export function toCents(units: number): bigint {
  return BigInt(Math.round(units * 100));
}

/** Net with its VAT at `vatBasisPoints` (1300 = 13 %, rounded to the cent half away from zero) and gross = net + tax. */
export function withVat(currency: string, netCents: bigint, vatBasisPoints: number): Money {
  return withTax(currency, amountOf(amountOfCents(netCents)), new Exact(vatBasisPoints).div(10_000));
}
