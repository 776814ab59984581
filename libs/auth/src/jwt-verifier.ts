import { createRemoteJWKSet, errors, JWTPayload, jwtVerify, JWTVerifyGetKey, JWTVerifyOptions } from 'jose';
import { AuthenticationError, AuthUnavailableError } from './auth.errors';
import { AuthSettings, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, OIDC_ALGORITHMS } from './auth.settings';
import { Principal, principalFromClaims } from './principal';

/** Tokens longer than this are refused before any parsing. */
const MAX_TOKEN_LENGTH = 8192;
/** Clock skew accepted on `exp` and `nbf`, in seconds. */
const CLOCK_TOLERANCE_SECONDS = 30;
const BEARER = /^Bearer +([A-Za-z0-9\-_.~+/]+=*) *$/i;
/**
 * A verified token's principal is kept this long (never past the token's `exp`), so a client that
 * sends the same token with every request has its signature checked once a minute instead of with
 * every request (the HMAC or RSA verify was a tenth of a command's CPU time, docs/performance.md).
 */
const VERIFIED_TOKEN_TTL_MS = 60_000;
/** Verified tokens kept at most; the least recently verified is dropped first. */
const VERIFIED_TOKENS_MAX = 10_000;

export interface JwtVerifierOptions {
  /** Key-set fetch timeout in ms (OIDC mode); jose's default is 5 s. */
  readonly jwksTimeoutMs?: number;
}

/**
 * Verifies bearer tokens and turns their claims into a {@link Principal}. Shared-secret mode accepts
 * HS256 only; OIDC mode accepts RS256/ES256 only, with the keys of the provider's JWKS (fetched
 * on first use, cached, refetched when a token names an unknown `kid`). In both modes `exp`, `sub`,
 * the issuer and the audience are required and checked; an unsigned (`alg: none`) token is refused;
 * a token living longer than AUTH_MAX_TOKEN_LIFETIME (`exp − iat`, or `exp − now` without `iat`)
 * or issued in the future is refused.
 */
export class JwtVerifier {
  private readonly options: JWTVerifyOptions;
  private readonly verifyWith: (token: string) => Promise<JWTPayload>;
  /** Token → its principal, until when it may be reused (ms since the epoch); in verification order. */
  private readonly verified = new Map<string, { readonly principal: Principal; readonly until: number }>();

  constructor(
    readonly settings: AuthSettings,
    options: JwtVerifierOptions = {},
  ) {
    const common = {
      issuer: settings.issuer,
      audience: settings.audience,
      requiredClaims: ['exp', 'sub'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    };
    switch (settings.mode) {
      case 'shared-secret': {
        const key = new TextEncoder().encode(settings.secret);
        this.options = { ...common, algorithms: ['HS256'] };
        this.verifyWith = async (token) => (await jwtVerify(token, key, this.options)).payload;
        break;
      }
      case 'oidc': {
        const keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(settings.jwksUrl), {
          ...(options.jwksTimeoutMs !== undefined ? { timeoutDuration: options.jwksTimeoutMs } : {}),
        });
        this.options = { ...common, algorithms: [...OIDC_ALGORITHMS] };
        this.verifyWith = async (token) => (await jwtVerify(token, keys, this.options)).payload;
        break;
      }
    }
  }

  /** The principal of an `Authorization: Bearer <token>` header value. */
  async verifyAuthorization(header: string | undefined): Promise<Principal> {
    if (header === undefined || header.trim() === '') {
      throw new AuthenticationError('missing bearer token (Authorization: Bearer <token>)');
    }
    const match = BEARER.exec(header);
    if (!match?.[1]) throw new AuthenticationError('malformed Authorization header: expected "Bearer <token>"');
    return this.verifyToken(match[1]);
  }

  /** The principal of a compact JWS token. Throws {@link AuthenticationError} or {@link AuthUnavailableError}. */
  async verifyToken(token: string): Promise<Principal> {
    if (token.length > MAX_TOKEN_LENGTH) throw new AuthenticationError('token too long');
    const known = this.verified.get(token);
    if (known !== undefined && known.until > Date.now()) return known.principal;
    let payload: JWTPayload;
    try {
      payload = await this.verifyWith(token);
    } catch (error) {
      throw translate(error, this.settings.mode);
    }
    assertLifetime(payload, this.settings.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS);
    const principal = frozen(principalFromClaims(payload));
    this.remember(token, principal, (payload.exp ?? 0) * 1000);
    return principal;
  }

  /** Keeps a verified token's principal until `expiresAt` or the TTL, whichever comes first. */
  private remember(token: string, principal: Principal, expiresAt: number): void {
    this.verified.delete(token);
    if (this.verified.size >= VERIFIED_TOKENS_MAX) {
      const oldest = this.verified.keys().next();
      if (oldest.done !== true) this.verified.delete(oldest.value);
    }
    this.verified.set(token, { principal, until: Math.min(expiresAt, Date.now() + VERIFIED_TOKEN_TTL_MS) });
  }
}

/** A principal shared by the requests of one token: neither it nor its lists can be changed. */
function frozen(principal: Principal): Principal {
  for (const value of Object.values(principal)) if (Array.isArray(value)) Object.freeze(value);
  return Object.freeze(principal);
}

/** `3600` as `1h`, `90` as `90s`: for messages. */
function span(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/**
 * A token may live at most `maxSeconds`: `exp − iat` when it says when it was issued, and in any
 * case `exp − now` (so an `iat` in the future cannot stretch it); an `iat` in the future is refused.
 */
function assertLifetime(payload: JWTPayload, maxSeconds: number, now = Math.floor(Date.now() / 1000)): void {
  const exp = payload.exp;
  if (typeof exp !== 'number') throw new AuthenticationError('token has no expiry (exp)');
  const iat = payload.iat;
  if (typeof iat === 'number' && iat > now + CLOCK_TOLERANCE_SECONDS) throw new AuthenticationError('token issued in the future (iat)');
  const lifetime = typeof iat === 'number' ? exp - iat : exp - now;
  if (lifetime > maxSeconds || exp - now > maxSeconds + CLOCK_TOLERANCE_SECONDS) {
    throw new AuthenticationError(`token lifetime exceeds the maximum of ${span(maxSeconds)} (AUTH_MAX_TOKEN_LIFETIME)`);
  }
}

/** jose's errors as ours: what is wrong with the token → 401; a key set we cannot use → 503. */
function translate(error: unknown, mode: AuthSettings['mode']): unknown {
  if (error instanceof errors.JWTExpired) return new AuthenticationError('token expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new AuthenticationError(`token not accepted: ${error.message}`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return new AuthenticationError('token signature invalid');
  if (error instanceof errors.JOSEAlgNotAllowed) return new AuthenticationError('token algorithm not accepted');
  if (error instanceof errors.JWKSNoMatchingKey) return new AuthenticationError('token signed with an unknown key');
  if (error instanceof errors.JWKSMultipleMatchingKeys) {
    return new AuthenticationError('token does not say which key signed it (kid)');
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JOSENotSupported) {
    return new AuthenticationError(`malformed token: ${error.message}`);
  }
  if (error instanceof errors.JWKSTimeout) return new AuthUnavailableError('the identity provider key set timed out');
  if (error instanceof errors.JWKSInvalid || error instanceof errors.JWKInvalid) {
    return new AuthUnavailableError('the identity provider key set is not usable');
  }
  // Anything else while the key set is fetched (connection refused, HTTP 500, not JSON).
  if (mode === 'oidc') {
    const message = error instanceof Error ? error.message : String(error);
    return new AuthUnavailableError(`the identity provider key set could not be read: ${message}`);
  }
  return error;
}
