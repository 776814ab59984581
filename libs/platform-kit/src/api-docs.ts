import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { ErrorBody, FieldError } from './http-errors';

/** One field's problems in a 400 `VALIDATION_FAILED`. */
export class FieldErrorDto implements FieldError {
  @ApiProperty({ example: 'invoice.net', description: 'Path of the field in the request (`items[3].body.branchId` in a batch)' })
  field!: string;

  @ApiProperty({ type: [String], example: ['invoice.net must be a decimal string with at most 2 decimals'] })
  messages!: string[];
}

/** The body of every error answer of the platform (see http-errors.ts). */
export class ErrorBodyDto implements ErrorBody {
  @ApiProperty({ example: 400, description: 'The HTTP status, repeated' })
  statusCode!: number;

  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable code to act on, e.g. VALIDATION_FAILED, UNAUTHENTICATED, OUT_OF_SCOPE, RO_ALREADY_CLOSED' })
  code!: string;

  @ApiProperty({ example: 'branchId must be 1 to 64 letters, digits, ".", "_" or "-"', description: 'For people; may change' })
  message!: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'With VALIDATION_FAILED: every field and its problems' })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({ example: '1042', description: 'With PROJECTION_BEHIND: the position the read asked for' })
  minPosition?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "With PROJECTION_BEHIND: the read model's current as-of mark (readModel, position, recordedAt, lag, storeHead)",
  })
  asOf?: object;
}

/** Error causes by HTTP status, e.g. `{ 404: 'No such KPI (UNKNOWN_KPI)' }`. */
export type ErrorCauses = Readonly<Partial<Record<number, string>>>;

/** Error answers, each with the {@link ErrorBodyDto} schema. On a class they apply to every route. */
export function ApiErrorResponses(causes: ErrorCauses): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(causes)
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([status, description]) => ApiResponse({ status: Number(status), description, type: ErrorBodyDto })),
  );
}

/** The refusals of the authentication gate that any route behind it may answer. */
export const GATE_REFUSALS = {
  401: 'No bearer token, or one that is invalid, expired or for another audience (UNAUTHENTICATED); WWW-Authenticate says why',
  429: 'Too many failed authentications from this client; retry after the time Retry-After gives',
  503: 'Tokens cannot be checked now: the identity provider key set is unavailable (AUTH_UNAVAILABLE); retry later',
} as const satisfies ErrorCauses;

/**
 * Joins the causes of one status into one sentence: `causes('The RO is closed', undefined,
 * 'The stream changed')` → `The RO is closed; the stream changed` (an acronym keeps its case).
 */
export function causes(...parts: readonly (string | undefined)[]): string {
  return parts
    .filter((p): p is string => p !== undefined && p.length > 0)
    .map((p, i) => (i === 0 ? p.charAt(0).toUpperCase() : /^[A-Z][a-z]/.test(p) ? p.charAt(0).toLowerCase() : p.charAt(0)) + p.slice(1))
    .join('; ');
}
