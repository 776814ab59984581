import { DomainError, DomainErrorKind } from '@app/contracts';
import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { Response } from 'express';

export interface FieldError {
  readonly field: string;
  readonly messages: string[];
}

/** The body of every error response. */
export interface ErrorBody {
  readonly statusCode: number;
  readonly code: string;
  readonly message: string;
  readonly errors?: FieldError[];
}

const STATUS_OF: Record<DomainErrorKind, number> = {
  conflict: HttpStatus.CONFLICT,
  invalid: HttpStatus.BAD_REQUEST,
  'not-found': HttpStatus.NOT_FOUND,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
};

/** class-validator's nested errors as one entry per field path (`invoice.net`). */
export function fieldErrorsOf(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...fieldErrorsOf(error.children ?? [], field)];
  });
}

/** The 400 body listing each field's problems. */
export function validationErrorBody(errors: ValidationError[]): ErrorBody {
  const fieldErrors = fieldErrorsOf(errors);
  return {
    statusCode: HttpStatus.BAD_REQUEST,
    code: 'VALIDATION_FAILED',
    message: fieldErrors.map((e) => e.messages.join('; ')).join('; '),
    errors: fieldErrors,
  };
}

/** Unknown fields are refused; every problem is reported, not just the first. */
export const VALIDATION_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: false } as const;

/** Validates and transforms every body and query; 400 lists each field's problems. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...VALIDATION_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => new BadRequestException(validationErrorBody(errors)),
  });
}

const CODE_OF_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'UNPROCESSABLE_ENTITY',
};

/** Maps domain errors to HTTP statuses and gives every error the same body shape with a stable code. */
@Catch()
export class ErrorBodyFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = errorBodyOf(exception);
    response.status(body.statusCode).json(body);
  }
}

const logger = new Logger('HttpErrors');

/** The status and body an exception answers with; unexpected errors are logged and answered as 500. */
export function errorBodyOf(exception: unknown): ErrorBody {
  if (exception instanceof DomainError) {
    return { statusCode: STATUS_OF[exception.kind], code: exception.code, message: exception.message };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const raw = exception.getResponse();
    const given = typeof raw === 'object' && raw !== null ? (raw as Partial<ErrorBody> & { message?: unknown }) : {};
    const message = Array.isArray(given.message)
      ? given.message.join('; ')
      : typeof given.message === 'string'
        ? given.message
        : exception.message;
    return {
      statusCode: status,
      code: typeof given.code === 'string' ? given.code : (CODE_OF_STATUS[status] ?? `HTTP_${status}`),
      message,
      ...(given.errors ? { errors: given.errors } : {}),
    };
  }
  const client = clientErrorOf(exception);
  if (client) return client;
  logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL_ERROR', message: 'internal error' };
}

/** Errors of the body parser (http-errors with `expose`): an oversize or unreadable body is the client's. */
function clientErrorOf(exception: unknown): ErrorBody | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { status, expose, message } = exception as { status?: unknown; expose?: unknown; message?: unknown };
  if (expose !== true || typeof status !== 'number' || status < 400 || status > 499) return undefined;
  return {
    statusCode: status,
    code: CODE_OF_STATUS[status] ?? `HTTP_${status}`,
    message: typeof message === 'string' ? message : 'bad request',
  };
}
