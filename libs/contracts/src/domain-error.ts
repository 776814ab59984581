/**
 * Errors with stable codes. The domain says what kind of failure it is; the HTTP layer maps
 * the kind to a status (conflict → 409, invalid → 400, not-found → 404, unprocessable → 422).
 */
export type DomainErrorKind = 'conflict' | 'invalid' | 'not-found' | 'unprocessable';

export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
