import { isQuantity } from '@app/contracts';
import { registerDecorator, ValidationOptions } from 'class-validator';

export type QuantitySign = 'positive' | 'non-zero' | 'non-negative';

const SIGN_RULE: Record<QuantitySign, { test: (q: string) => boolean; words: string }> = {
  positive: { test: (q) => !q.startsWith('-') && /[1-9]/.test(q), words: 'greater than zero' },
  'non-zero': { test: (q) => /[1-9]/.test(q), words: 'not zero' },
  'non-negative': { test: (q) => !q.startsWith('-'), words: 'zero or more' },
};

/** A quantity as a decimal string with up to three fraction digits (numbers are refused). */
export function IsQuantity(sign: QuantitySign, options?: ValidationOptions): PropertyDecorator {
  const rule = SIGN_RULE[sign];
  return (target, propertyName) =>
    registerDecorator({
      name: 'isQuantity',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `${String(propertyName)} must be a decimal string ${rule.words}, with up to three fraction digits, e.g. "2" or "1.5" (numbers are refused)`,
        ...options,
      },
      validator: {
        validate: (value: unknown) => isQuantity(value) && rule.test(value),
      },
    });
}

/** Every money field of a request, for the branch-currency check. */
export function currenciesOf(...moneys: readonly { currency: string }[]): string[] {
  return [...new Set(moneys.map((m) => m.currency))];
}
