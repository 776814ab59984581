import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches, ValidationOptions } from 'class-validator';

/** Ids of branches, regions and employees: 1 to 64 letters, digits, ".", "_" or "-". */
export const ORG_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
export const orgIdMessage = (field: string) => `${field} must be 1 to 64 letters, digits, ".", "_" or "-"`;

/** A real calendar date `YYYY-MM-DD` between 2000 and 2100 (2026-02-30 is refused). */
export function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    const message = `${String(propertyName)} must be a date such as 2026-01-15, between 2000 and 2100`;
    applyDecorators(
      IsISO8601({ strict: true, strictSeparator: true }, { message, ...options }),
      Matches(/^(20\d{2}|2100)-\d{2}-\d{2}$/, { message, ...options }),
    )(target, propertyName);
  };
}

/** The problem with an id in the path (a route's `checkParam`), if any: ids as the bodies take them. */
export function orgIdParamProblem(name: string, value: string): string | undefined {
  return ORG_ID_PATTERN.test(value) ? undefined : orgIdMessage(name);
}
