import { z } from 'zod';
import { AMOUNT_PATTERN, CURRENCY_PATTERN, isAmount, moneyAddsUp, QUANTITY_PATTERN } from './money';
import { VIN_PATTERN } from './validation';

/**
 * Building blocks of event payload schemas. One schema per published event version gives the
 * TypeScript type, the consumer-side validation (with field paths in the DLQ reason) and the
 * JSON Schema in docs/events.md.
 */
export const Id = z.string().min(1).max(64).describe('identifier');
export const Text = z.string().min(1).max(200);
export const LongText = z.string().min(1).max(2000);
export const Amount = z
  .string()
  .regex(AMOUNT_PATTERN, 'must be a decimal string with two fraction digits, such as "1000.00"')
  .describe('decimal string with two fraction digits');
export const NonNegativeAmount = Amount.refine((v) => !v.startsWith('-'), 'must not be negative');
export const Currency = z.string().regex(CURRENCY_PATTERN, 'must be an ISO 4217 code such as CNY').describe('ISO 4217 code');
export const Vin = z.string().regex(VIN_PATTERN, 'must be 17 characters: digits and capitals without I, O or Q').describe('17 characters, no I, O or Q');
export const Instant = z.iso.datetime({ offset: true }).describe('ISO-8601 instant');
export const LocalDate = z.iso.date().describe('YYYY-MM-DD');
export const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
  .describe('YYYY-MM');
/** Hours or quantities with up to three decimals, as a string (never a float). */
export const Quantity = z.string().regex(QUANTITY_PATTERN).describe('decimal string, up to three fraction digits');

/** Money: currency plus net, tax and gross, with net + tax = gross to the cent. */
export const MoneySchema = z
  .strictObject({ currency: Currency, net: Amount, tax: Amount, gross: Amount })
  // zod runs refinements even after a field failed its format: check the format again first.
  .refine((m) => !isAmount(m.net) || !isAmount(m.tax) || !isAmount(m.gross) || moneyAddsUp(m), {
    message: 'net + tax must equal gross',
    path: ['gross'],
  })
  .describe('money: currency, net, tax, gross (net of VAT is the revenue figure)');

/** Money whose net is not negative. */
export const NonNegativeMoney = MoneySchema.refine((m) => !m.net.startsWith('-'), {
  message: 'must not be negative',
  path: ['net'],
});

/** Problems of a failed parse, one per issue, as `path: message`. */
export function zodProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}
