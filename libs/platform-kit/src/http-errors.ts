import { DomainError, DomainErrorKind } from '@app/contracts';
import {
  ArgumentMetadata,
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  PipeTransform,
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
  /** With PROJECTION_BEHIND: the position asked for and how far the read model has got. */
  readonly minPosition?: string;
  readonly asOf?: unknown;
}

/** Seconds a 503 asks the client to wait before it retries (`Retry-After`); 1 unless the exception says otherwise. */
function retryAfterOf(exception: unknown): string {
  if (!(exception instanceof HttpException)) return '1';
  const raw = exception.getResponse() as { retryAfterSeconds?: unknown } | string;
  const seconds = typeof raw === 'object' && raw !== null ? raw.retryAfterSeconds : undefined;
  return typeof seconds === 'number' && Number.isInteger(seconds) && seconds > 0 ? String(seconds) : '1';
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
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  503: 'SERVICE_UNAVAILABLE',
};

/** Deepest nesting of objects and arrays accepted in a JSON body (a batch item's money is at depth 5). */
export const MAX_JSON_DEPTH = 32;

/** A UTF-16 surrogate without its pair: in `u` mode a well-formed pair is one code point and does not match. */
const LONE_SURROGATE = /\p{Cs}/u;

/** What makes a string unstorable: Postgres refuses NUL in text and jsonb, and lone surrogates in jsonb. */
function textProblemOf(text: string): 'NUL' | 'surrogate' | undefined {
  if (text.includes('\u0000')) return 'NUL';
  if (LONE_SURROGATE.test(text)) return 'surrogate';
  return undefined;
}

const TEXT_MESSAGES = {
  NUL: 'must not contain the NUL character (U+0000)',
  surrogate: 'must not contain a lone UTF-16 surrogate (U+D800 to U+DFFF without its pair); send well-formed Unicode text',
} as const;

/** A field path fit for a message: NUL and lone surrogates shown escaped. */
function printable(path: string): string {
  const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  return path.replaceAll('\u0000', escape('\u0000')).replace(/\p{Cs}/gu, escape);
}

/**
 * Every string (value or key) holding a NUL character or a lone UTF-16 surrogate, by field path
 * (`items[3].body.technicianId`), with what is wrong. Walks at most {@link MAX_JSON_DEPTH} levels
 * plus a margin (the JSON body parser refuses anything deeper before this runs).
 */
export function unstorableTextErrors(value: unknown, path = '', depth = 0): FieldError[] {
  if (typeof value === 'string') {
    const problem = textProblemOf(value);
    const field = printable(path || 'value');
    return problem ? [{ field, messages: [`${field} ${TEXT_MESSAGES[problem]}`] }] : [];
  }
  if (depth > MAX_JSON_DEPTH + 8 || typeof value !== 'object' || value === null) return [];
  const isArray = Array.isArray(value);
  const entries: [string, unknown][] = isArray ? value.map((v, i) => [`[${i}]`, v]) : Object.entries(value);
  return entries.flatMap(([key, v]) => {
    const childPath = isArray ? `${path}${key}` : `${path}${path ? '.' : ''}${key}`;
    const keyProblem = isArray ? undefined : textProblemOf(key);
    const keyErrors = keyProblem ? [{ field: printable(childPath), messages: [`the field name ${printable(childPath)} ${TEXT_MESSAGES[keyProblem]}`] }] : [];
    return [...keyErrors, ...unstorableTextErrors(v, childPath, depth + 1)];
  });
}

/** The 400 for unstorable text, naming each field. */
export function unstorableTextException(errors: FieldError[]): BadRequestException {
  return new BadRequestException({
    statusCode: HttpStatus.BAD_REQUEST,
    code: 'VALIDATION_FAILED',
    message: errors.map((e) => e.messages.join('; ')).join('; '),
    errors,
  });
}

/**
 * Text with a NUL character (U+0000) or a lone UTF-16 surrogate (`"\ud800"` in JSON) is a 400
 * naming each field: Postgres cannot store either in jsonb (nor NUL in text), so it would
 * otherwise fail at the append as a 500. Runs before validation on bodies, query strings and
 * path parameters (the body is checked once more by the body middleware of configureHttpApp,
 * for handlers that read the request itself).
 */
export class RejectUnstorableTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const errors = unstorableTextErrors(value, metadata.data ?? '');
    if (errors.length === 0) return value;
    throw unstorableTextException(errors);
  }
}

/** Postgres (or the connection to it) is down or restarting: the client should retry, not give up. */
export function isStoreUnavailable(exception: unknown): boolean {
  if (typeof exception !== 'object' || exception === null) return false;
  const e = exception as { code?: unknown; message?: unknown; driverError?: unknown; name?: unknown };
  // TypeORM's answer when the connection of a transaction died under it (Postgres restarted mid
  // command): the transaction did not commit, so a retry with the same key is the right answer.
  if (e.name === 'QueryRunnerProviderAlreadyReleasedError' || e.name === 'QueryRunnerAlreadyReleasedError') return true;
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code && (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '53300'].includes(code) || code.startsWith('08'))) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  if (
    /Connection terminated|connect ECONNREFUSED|the database system is (starting up|shutting down)|terminating connection due to administrator command/.test(
      message,
    )
  )
    return true;
  return e.driverError !== undefined && e.driverError !== exception && isStoreUnavailable(e.driverError);
}

/** Maps domain errors to HTTP statuses and gives every error the same body shape with a stable code. */
@Catch()
export class ErrorBodyFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = errorBodyOf(exception);
    if (body.statusCode === 503) response.setHeader('Retry-After', retryAfterOf(exception));
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
    const message = Array.isArray(given.message) ? given.message.join('; ') : typeof given.message === 'string' ? given.message : exception.message;
    return {
      statusCode: status,
      code: typeof given.code === 'string' ? given.code : (CODE_OF_STATUS[status] ?? `HTTP_${status}`),
      message,
      ...(given.errors ? { errors: given.errors } : {}),
      ...(typeof given.minPosition === 'string' ? { minPosition: given.minPosition } : {}),
      ...(given.asOf !== undefined ? { asOf: given.asOf } : {}),
    };
  }
  const client = clientErrorOf(exception);
  if (client) return client;
  if (isStoreUnavailable(exception)) {
    logger.warn(`event store unavailable, answered 503: ${exception instanceof Error ? exception.message : String(exception)}`);
    return {
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      code: 'STORE_UNAVAILABLE',
      message: 'the event store is unavailable; retry with the same Idempotency-Key',
    };
  }
  logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL_ERROR', message: 'internal error' };
}

/**
 * A JSON body nested deeper than {@link MAX_JSON_DEPTH}: found while the body is read, before it is
 * parsed (the body parser answers it as it answers its own errors).
 */
export class BodyTooDeepError extends Error {
  readonly status = HttpStatus.BAD_REQUEST;
  readonly expose = true;
  readonly type = 'entity.too.deep';
  constructor(readonly maxDepth: number) {
    super(`the JSON body is nested deeper than ${maxDepth} levels of objects and arrays`);
    this.name = 'BodyTooDeepError';
  }
}

/** Errors of the body parser (http-errors with `expose`): an oversize or unreadable body is the client's. */
function clientErrorOf(exception: unknown): ErrorBody | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { status, expose, message, type } = exception as { status?: unknown; expose?: unknown; message?: unknown; type?: unknown };
  if (expose !== true || typeof status !== 'number' || status < 400 || status > 499) return undefined;
  return {
    statusCode: status,
    code: type === 'entity.too.deep' ? 'BODY_TOO_DEEP' : (CODE_OF_STATUS[status] ?? `HTTP_${status}`),
    message: typeof message === 'string' ? message : 'bad request',
  };
}
