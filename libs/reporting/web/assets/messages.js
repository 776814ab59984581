// What the pages say about an answer: a failed request in the reader's language (error codes and
// HTTP statuses mapped to translated messages), and the as-of line of a report's figures.
import * as api from './api.js';
import { el } from './dom.js';
import { readerTimeZone } from './downloads.js';
import { formatInstant } from './format.js';
import { texts } from './i18n.js';

/** A failed request's message in the language of `t` (texts(locale)). */
export function errorText(t, error) {
  if (error instanceof api.ApiError) {
    switch (error.code) {
      case 'OUT_OF_SCOPE':
        return t.outOfScope;
      case 'ROLE_FORBIDDEN':
        return t.roleForbidden;
      case 'TOO_MANY_ATTEMPTS':
      case 'TOO_MANY_REQUESTS':
        return t.tooManyAttempts(error.retryAfter);
      case 'INVALID_CREDENTIALS':
        return t.invalidCredentials;
      default:
        break;
    }
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

/** The last event a report's figures include and the projector's lag, in `locale`. */
export function asOfLine(asOf, locale) {
  if (!asOf) return null;
  const t = texts(locale);
  const text =
    asOf.position === null
      ? t.asOfNone
      : [t.asOf(asOf.position, formatInstant(asOf.recordedAt, locale, readerTimeZone())), asOf.lag?.events ? t.asOfBehind(asOf.lag.events) : null]
          .filter(Boolean)
          .join(' · ');
  return el('p', { class: 'small muted', 'data-testid': 'as-of', 'data-position': asOf.position ?? '', text });
}
