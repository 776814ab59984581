/** Small, dependency-free checks shared by the event definitions. Each returns problems, never throws. */
export type Problems = string[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
/** 17 characters, digits and capitals except I, O and Q (ISO 3779). */
export const VIN_PATTERN = /^[A-HJ-NPR-Z0-9]{17}$/;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

export function requireString(obj: Record<string, unknown>, field: string, problems: Problems, maxLength = 200): void {
  const v = obj[field];
  if (typeof v !== 'string' || v.length === 0 || v.length > maxLength) {
    problems.push(`${field} must be a non-empty string of at most ${maxLength} characters`);
  }
}

export function requireNullableString(obj: Record<string, unknown>, field: string, problems: Problems): void {
  const v = obj[field];
  if (v !== null && (typeof v !== 'string' || v.length === 0)) {
    problems.push(`${field} must be a non-empty string or null`);
  }
}

export function requireOneOf<T extends string>(
  obj: Record<string, unknown>,
  field: string,
  allowed: readonly T[],
  problems: Problems,
): void {
  const v = obj[field];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    problems.push(`${field} must be one of ${allowed.join(', ')}`);
  }
}
