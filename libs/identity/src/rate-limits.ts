import { BadTokenLimit } from '@app/auth';
import { Inject, Injectable } from '@nestjs/common';
import { AttemptLimiter } from './attempt-limiter';
import { IDENTITY_SETTINGS } from './identity.tokens';
import { IdentitySettings } from './identity.settings';

/**
 * Failed sign-ins and client-credential attempts: per username (or client id) and per address.
 * Over either limit, attempts are refused with 429 before the password is even checked.
 */
@Injectable()
export class SignInAttempts {
  private readonly limiter: AttemptLimiter;

  constructor(@Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings) {
    this.limiter = new AttemptLimiter(settings.attemptWindowSeconds);
  }

  private keys(kind: 'user' | 'client', id: string, address: string): [string, number][] {
    return [
      [`${kind}:${id.toLowerCase()}`, this.settings.failedAttemptsPerAccount],
      [`ip:${address}`, this.settings.failedAttemptsPerAddress],
    ];
  }

  /** Seconds to wait before this attempt may be made, or `undefined`. */
  retryAfter(kind: 'user' | 'client', id: string, address: string): number | undefined {
    return this.limiter.retryAfter(this.keys(kind, id, address));
  }

  failed(kind: 'user' | 'client', id: string, address: string): void {
    this.limiter.failed(this.keys(kind, id, address).map(([key]) => key));
  }

  succeeded(kind: 'user' | 'client', id: string): void {
    this.limiter.reset(`${kind}:${id.toLowerCase()}`);
  }
}

/** Requests whose bearer token the gate refuses, per address (JwtAuthGuard's BAD_TOKEN_LIMIT). */
@Injectable()
export class BadTokenAttempts implements BadTokenLimit {
  private readonly limiter: AttemptLimiter;

  constructor(@Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings) {
    this.limiter = new AttemptLimiter(settings.attemptWindowSeconds);
  }

  retryAfter(address: string): number | undefined {
    return this.limiter.retryAfter([[`ip:${address}`, this.settings.badTokensPerAddress]]);
  }

  failed(address: string): void {
    this.limiter.failed([`ip:${address}`]);
  }
}
