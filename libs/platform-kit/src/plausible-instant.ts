import { isInstant } from '@app/contracts';
import { registerDecorator, ValidationOptions } from 'class-validator';

/** How far in the future a business event may claim to have happened (clock skew between systems). */
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;
const EARLIEST = Date.parse('2000-01-01T00:00:00Z');

/** An ISO-8601 instant with a zone, not implausibly far in the future nor before 2000. */
export function IsPlausibleInstant(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPlausibleInstant',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `${String(propertyName)} must be an ISO-8601 instant with a time zone, not before 2000 and at most 5 minutes in the future`,
        ...options,
      },
      validator: {
        validate(value: unknown): boolean {
          if (!isInstant(value)) return false;
          const at = Date.parse(value);
          return at >= EARLIEST && at <= Date.now() + MAX_FUTURE_SKEW_MS;
        },
      },
    });
}
