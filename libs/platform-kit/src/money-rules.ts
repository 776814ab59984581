/** Sign rules for MoneyDto fields, shared by every context (MoneyDto itself accepts a leading "-"). */
import { amountOf, isAmount } from '@app/contracts';
import { registerDecorator, ValidationOptions } from 'class-validator';

interface MoneyLike {
  readonly net?: unknown;
  readonly tax?: unknown;
  readonly gross?: unknown;
}

/** The amounts of a money field, when all three are well-formed (MoneyDto reports the others). */
function amountsOf(value: unknown): [string, string, string] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { net, tax, gross } = value as MoneyLike;
  return isAmount(net) && isAmount(tax) && isAmount(gross) ? [net, tax, gross] : undefined;
}

function moneyRule(name: string, message: string, holds: (amounts: [string, string, string]) => boolean, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} ${message}`, ...options },
      validator: {
        validate(value: unknown): boolean {
          const amounts = amountsOf(value);
          return amounts === undefined || holds(amounts);
        },
      },
    });
}

/** Net, tax and gross all zero or more (MoneyDto itself accepts a leading "-"). */
export function IsNonNegativeMoney(options?: ValidationOptions): PropertyDecorator {
  return moneyRule('isNonNegativeMoney', 'must not be negative: net, tax and gross must be 0.00 or more', (a) => a.every((x) => !x.startsWith('-')), options);
}

/** Money that changed hands: no negative part and a gross above zero. */
export function IsPositiveMoney(options?: ValidationOptions): PropertyDecorator {
  return moneyRule(
    'isPositiveMoney',
    'must be more than zero: net, tax and gross must not be negative and gross must be above 0.00',
    (a) => a.every((x) => !x.startsWith('-')) && amountOf(a[2]).gt(0),
    options,
  );
}
