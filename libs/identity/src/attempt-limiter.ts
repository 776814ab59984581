import { HttpException, HttpStatus } from '@nestjs/common';

/** 429 `TOO_MANY_ATTEMPTS`; the caller sets `Retry-After` on the response. */
export class TooManyAttemptsException extends HttpException {
  constructor(
    readonly retryAfterSeconds: number,
    message = 'too many failed attempts: wait before trying again',
  ) {
    super({ statusCode: HttpStatus.TOO_MANY_REQUESTS, code: 'TOO_MANY_ATTEMPTS', message }, HttpStatus.TOO_MANY_REQUESTS);
  }
}

interface Window {
  count: number;
  resetAt: number;
}

/**
 * Counts failures per key (a username, a client id, an address) in fixed windows: once a key has
 * `limit` failures in the current window, attempts under that key are refused until the window
 * ends. In memory, per process: several replicas each allow the limit (docs/security.md).
 */
export class AttemptLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly windowSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait when one of the keys reached its limit; `undefined` when an attempt may go ahead. */
  retryAfter(keys: readonly (readonly [key: string, limit: number])[]): number | undefined {
    const now = this.now();
    let wait: number | undefined;
    for (const [key, limit] of keys) {
      const window = this.windows.get(key);
      if (!window || window.resetAt <= now || window.count < limit) continue;
      const seconds = Math.max(1, Math.ceil((window.resetAt - now) / 1000));
      wait = Math.max(wait ?? 0, seconds);
    }
    return wait;
  }

  /** Throws {@link TooManyAttemptsException} when {@link retryAfter} says to wait. */
  assertMayTry(keys: readonly (readonly [key: string, limit: number])[], message?: string): void {
    const wait = this.retryAfter(keys);
    if (wait !== undefined) throw new TooManyAttemptsException(wait, message);
  }

  /** Records one failure under each key. */
  failed(keys: readonly string[]): void {
    const now = this.now();
    if (this.windows.size > 10_000) this.forgetExpired(now);
    for (const key of keys) {
      const window = this.windows.get(key);
      if (!window || window.resetAt <= now) this.windows.set(key, { count: 1, resetAt: now + this.windowSeconds * 1000 });
      else window.count += 1;
    }
  }

  /** Forgets a key's failures (a successful sign-in clears its username's count). */
  reset(key: string): void {
    this.windows.delete(key);
  }

  private forgetExpired(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
