import { FieldError } from '@app/platform-kit';
import { BadRequestException, ConflictException, HttpStatus, NotFoundException, PreconditionFailedException } from '@nestjs/common';

/** 400 `VALIDATION_FAILED` with field errors, like the ValidationPipe's. */
export function validationFailed(errors: FieldError[]): BadRequestException {
  return new BadRequestException({
    statusCode: HttpStatus.BAD_REQUEST,
    code: 'VALIDATION_FAILED',
    message: errors.map((e) => e.messages.join('; ')).join('; '),
    errors,
  });
}

export function notFound(code: string, message: string): NotFoundException {
  return new NotFoundException({ statusCode: HttpStatus.NOT_FOUND, code, message });
}

export function conflict(code: string, message: string): ConflictException {
  return new ConflictException({ statusCode: HttpStatus.CONFLICT, code, message });
}

/** 409 `VERSION_CONFLICT`: `If-Match` named another version than the current one. */
export function versionConflict(current: number): ConflictException {
  return conflict('VERSION_CONFLICT', `the account was changed meanwhile (now version ${current}); reload and try again`);
}

export { PreconditionFailedException };
