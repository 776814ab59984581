import { FieldError } from '@app/platform-kit';
import { BadRequestException, ConflictException, HttpStatus, NotFoundException, UnprocessableEntityException } from '@nestjs/common';

/** 400 `VALIDATION_FAILED` with field errors, like the ValidationPipe's. */
export function validationFailed(errors: FieldError[]): BadRequestException {
  return new BadRequestException({
    statusCode: HttpStatus.BAD_REQUEST,
    code: 'VALIDATION_FAILED',
    message: errors.map((e) => e.messages.join('; ')).join('; '),
    errors,
  });
}

/** 400 `UNKNOWN_BRANCH`, as the command side answers an unknown branch. */
export function unknownBranch(branchId: string): BadRequestException {
  return new BadRequestException({
    statusCode: HttpStatus.BAD_REQUEST,
    code: 'UNKNOWN_BRANCH',
    message: `branch ${branchId} is not known`,
    errors: [{ field: 'branchId', messages: [`branch ${branchId} is not known`] }],
  });
}

/** 422: the request refers to something that cannot take it (the recipient, or the branch for this recipient). */
export function unprocessable(code: string, field: string, message: string): UnprocessableEntityException {
  return new UnprocessableEntityException({ statusCode: HttpStatus.UNPROCESSABLE_ENTITY, code, message, errors: [{ field, messages: [message] }] });
}

export function subscriptionNotFound(id: string): NotFoundException {
  return new NotFoundException({ statusCode: HttpStatus.NOT_FOUND, code: 'SUBSCRIPTION_NOT_FOUND', message: `no pack subscription ${id}` });
}

/** 409 `VERSION_CONFLICT`: `If-Match` named another version than the current one. */
export function versionConflict(current: number): ConflictException {
  return new ConflictException({
    statusCode: HttpStatus.CONFLICT,
    code: 'VERSION_CONFLICT',
    message: `the subscription was changed meanwhile (now version ${current}); reload and try again`,
  });
}

/** `"3"`, `W/"3"` or `3` → 3; undefined when absent; 400 when unreadable. */
export function expectedVersion(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '' || ifMatch.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch);
  if (!match) throw validationFailed([{ field: 'If-Match', messages: ['If-Match must be the version of the subscription, e.g. "3"'] }]);
  return Number(match[1]);
}

/** 400 `UNKNOWN_REGION` for a region nobody defined. */
export function unknownRegion(regionId: string): BadRequestException {
  return new BadRequestException({
    statusCode: HttpStatus.BAD_REQUEST,
    code: 'UNKNOWN_REGION',
    message: `region ${regionId} is not known`,
    errors: [{ field: 'regionId', messages: [`region ${regionId} is not known`] }],
  });
}

/** 409 `DUPLICATE_SUBSCRIPTION`: the recipient already gets this pack on this schedule at this address. */
export function duplicateSubscription(existingId: string): ConflictException {
  return new ConflictException({
    statusCode: HttpStatus.CONFLICT,
    code: 'DUPLICATE_SUBSCRIPTION',
    message: `subscription ${existingId} already mails this pack on this schedule to this recipient and address`,
  });
}
