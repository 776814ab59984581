import { AMOUNT_PATTERN, decimalOf, isInstant, QUANTITY_PATTERN } from '@app/contracts';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/** Hours: up to two fraction digits; negative only on a labour correction line. */
export const HOURS_PATTERN = /^-?(0|[1-9]\d{0,5})(\.\d{1,2})?$/;
/** Quantities: up to three fraction digits; negative returns parts to stores. */
export { QUANTITY_PATTERN };
/** Survey scale points and weights. */
export const SCALE_PATTERN = /^-?(0|[1-9]\d{0,5})(\.\d{1,3})?$/;

type Check = (value: unknown, object: Record<string, unknown>) => boolean;

/** A property decorator from a predicate over the value and the whole request. */
function rule(name: string, check: Check, message: string | ((args: ValidationArguments) => string), options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message, ...options },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => check(value, args.object as Record<string, unknown>),
      },
    });
}

const isNegativeString = (value: unknown) => typeof value === 'string' && value.trim().startsWith('-');

const moneyIsNegative = (value: unknown) => {
  if (typeof value !== 'object' || value === null) return false;
  const money = value as Record<string, unknown>;
  return ['net', 'tax', 'gross'].some((field) => isNegativeString(money[field]));
};

export { IsNonNegativeMoney } from '@app/platform-kit';

/** Not negative unless the request corrects an earlier line (`correctsLineId`). */
export function NotNegativeUnlessCorrection(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'notNegativeUnlessCorrection',
    (value, object) => typeof object.correctsLineId === 'string' || !(isNegativeString(value) || moneyIsNegative(value)),
    (args) => `${args.property} must not be negative unless the line corrects another one (correctsLineId)`,
    options,
  );
}

/** Money whose net has the sign of `quantityField` (a return to stores carries negative amounts). */
export function HasSignOf(quantityField: string, options?: ValidationOptions): PropertyDecorator {
  return rule(
    'hasSignOf',
    (value, object) => {
      const quantity = object[quantityField];
      if (typeof quantity !== 'string' || !QUANTITY_PATTERN.test(quantity)) return true;
      const money = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
      const negative = quantity.startsWith('-');
      return ['net', 'tax', 'gross'].every((field) => {
        const amount = money[field];
        if (typeof amount !== 'string' || !AMOUNT_PATTERN.test(amount) || /^-?0\.00$/.test(amount)) return true;
        return amount.startsWith('-') === negative;
      });
    },
    (args) => `${args.property} must be negative for a return (negative ${quantityField}) and not negative otherwise`,
    options,
  );
}

/** A decimal string that is not zero. */
export function IsNonZeroDecimal(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'isNonZeroDecimal',
    (value) => typeof value !== 'string' || !QUANTITY_PATTERN.test(value) || !decimalOf(value, 3).isZero(),
    (args) => `${args.property} must not be zero`,
    options,
  );
}

/** An ISO-8601 instant with a zone, from 2000 on; unlike occurredAt it may lie in the future. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'isInstant',
    (value) => isInstant(value) && Date.parse(value) >= Date.parse('2000-01-01T00:00:00Z'),
    (args) => `${args.property} must be an ISO-8601 instant with a time zone, not before 2000`,
    options,
  );
}

/** Compares this scale value with another field of the same object (both decimal strings). */
export function ComparesTo(other: string, relation: '<' | '<=' | '>=' | '>', message: string, options?: ValidationOptions): PropertyDecorator {
  return rule(
    `comparesTo_${relation}_${other}`,
    (value, object) => {
      const that = object[other];
      if (typeof value !== 'string' || typeof that !== 'string' || !SCALE_PATTERN.test(value) || !SCALE_PATTERN.test(that)) return true;
      const a = decimalOf(value, 3);
      const b = decimalOf(that, 3);
      return relation === '<' ? a.lt(b) : relation === '<=' ? a.lte(b) : relation === '>=' ? a.gte(b) : a.gt(b);
    },
    message,
    options,
  );
}

/** A scale value greater than zero. */
export function IsPositiveDecimal(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'isPositiveDecimal',
    (value) => typeof value !== 'string' || !SCALE_PATTERN.test(value) || decimalOf(value, 3).gt(0),
    (args) => `${args.property} must be greater than zero`,
    options,
  );
}

/** A cross-field rule on the whole request, reported on the decorated property. */
export function Satisfies(name: string, check: (object: Record<string, unknown>) => boolean, message: string, options?: ValidationOptions): PropertyDecorator {
  return rule(name, (_value, object) => check(object), message, options);
}

/** A two-decimal amount that is not negative (rates and unit prices). */
export const NON_NEGATIVE_AMOUNT_PATTERN = /^(0|[1-9]\d{0,15})\.\d{2}$/;
export const nonNegativeAmountMessage = (field: string): string =>
  `${field} must be a decimal string with exactly two fraction digits and no sign, e.g. "300.00" (numbers are refused)`;
