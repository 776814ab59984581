// What the pages say about an answer: a failed request in the reader's language (error codes and
// HTTP statuses mapped to translated messages), and the as-of line of a report's figures.
import * as api from './api.js';
import { el } from './dom.js';
import { readerTimeZone } from './downloads.js';
import { formatInstant } from './format.js';
import { texts } from './i18n.js';

/** @typedef {import('./i18n.js').Texts} Texts */

/**
 * Codes that share a message of the dictionary (the others have their own: `errors`).
 * @type {Readonly<Record<string, 'outOfScope' | 'roleForbidden' | 'forbidden' | 'tooManyAttempts' | 'invalidCredentials' | 'sessionEnded' | 'notFound' | 'conflict' | 'invalidRequest' | 'unavailable' | 'failed'>>}
 */
const CODE_KEYS = {
  OUT_OF_SCOPE: 'outOfScope',
  ROLE_FORBIDDEN: 'roleForbidden',
  FORBIDDEN: 'forbidden',
  TOO_MANY_ATTEMPTS: 'tooManyAttempts',
  TOO_MANY_REQUESTS: 'tooManyAttempts',
  INVALID_CREDENTIALS: 'invalidCredentials',
  SESSION_ENDED: 'sessionEnded',
  UNAUTHENTICATED: 'sessionEnded',
  UNAUTHORIZED: 'sessionEnded',
  NOT_FOUND: 'notFound',
  CONFLICT: 'conflict',
  BAD_REQUEST: 'invalidRequest',
  VALIDATION_FAILED: 'invalidRequest',
  UNPROCESSABLE_ENTITY: 'invalidRequest',
  SERVICE_UNAVAILABLE: 'unavailable',
  STORE_UNAVAILABLE: 'unavailable',
  AUTH_UNAVAILABLE: 'unavailable',
  NOT_READY: 'unavailable',
  INTERNAL_ERROR: 'failed',
};

/**
 * An API error code's message in the language of `t` (texts(locale)), or null for a code the page does not know.
 * @param {Texts} t
 * @param {string | null | undefined} code
 * @param {number | null} [retryAfter]
 * @returns {string | null}
 */
export function codeText(t, code, retryAfter = null) {
  if (!code) return null;
  if (isErrorCode(t, code)) return t.errors[code];
  if (!Object.hasOwn(CODE_KEYS, code)) return null;
  const shared = t[CODE_KEYS[code]];
  return typeof shared === 'function' ? shared(retryAfter) : shared;
}

/**
 * @param {Texts} t
 * @param {string} code
 * @returns {code is keyof Texts['errors']}
 */
const isErrorCode = (t, code) => Object.hasOwn(t.errors, code);

/**
 * A failed request's message in the language of `t` (texts(locale)): by its code, else by its status.
 * @param {Texts} t
 * @param {unknown} error
 * @returns {string}
 */
export function errorText(t, error) {
  if (error instanceof api.ApiError) {
    const byCode = codeText(t, error.code, error.retryAfter);
    if (byCode) return byCode;
    if (error.status === 401) return t.sessionEnded;
    if (error.status === 403) return t.forbidden;
    if (error.status === 404) return t.notFound;
    if (error.status === 409) return t.conflict;
    if (error.status === 429) return t.tooManyAttempts(error.retryAfter);
    if (error.status === 400 || error.status === 413 || error.status === 415 || error.status === 422) return t.invalidRequest;
    if (error.status === 502 || error.status === 503 || error.status === 504) return t.unavailable;
    return t.failed;
  }
  if (error instanceof TypeError) return t.networkError;
  return t.failed;
}

/**
 * The last event a report's figures include and the projector's lag, in `locale`.
 * @param {import('../types/api').AsOfMark | undefined} asOf
 * @param {import('./format.js').Locale} locale
 */
export function asOfLine(asOf, locale) {
  if (!asOf) return null;
  const t = texts(locale);
  // The position and its instant are null together (nothing projected yet).
  const text =
    asOf.position === null || asOf.recordedAt === null
      ? t.asOfNone
      : [t.asOf(asOf.position, formatInstant(asOf.recordedAt, locale, readerTimeZone())), asOf.lag?.events ? t.asOfBehind(asOf.lag.events) : null]
          .filter(Boolean)
          .join(' · ');
  return el('p', { class: 'small muted', 'data-testid': 'as-of', 'data-position': asOf.position ?? '', text });
}
